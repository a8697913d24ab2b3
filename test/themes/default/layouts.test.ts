/**
 * The default theme's layouts, rendered from context literals in both languages and checked the way a reader
 * (or a screen reader) would: titles, landmarks, headings, links, escaping, pagination, TOC and math CSS.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from 'hast';
import type { Language, RenderContext } from '../../../src/site/render/context.js';
import { toBytes } from '../../../src/site/build/output.js';
import { htmlPieces, raw } from '../../../src/site/render/html.js';
import { defaultTheme } from '../../../themes/default/index.js';
import { attr, byClass, byTag, findAll, hasClass, parse, text } from './dom.js';
import { context, everyLayout, post, summary } from './fixtures.js';

const LANGUAGES: Language[] = ['zh-CN', 'en'];

function render(ctx: RenderContext) {
  const html = String(defaultTheme.render(ctx));
  return { html, tree: parse(html) };
}

function headingLevels(tree: ReturnType<typeof parse>): number[] {
  return findAll(tree, (el) => /^h[1-6]$/.test(el.tagName)).map(({ el }) => Number(el.tagName[1]));
}

function links(tree: ReturnType<typeof parse> | Element): Element[] {
  return byTag(tree, 'a');
}

function hrefs(tree: ReturnType<typeof parse> | Element): string[] {
  return links(tree).map((a) => attr(a, 'href') ?? '');
}

for (const language of LANGUAGES) {
  const t = defaultTheme.strings[language];

  describe(`default theme, every layout (${language})`, () => {
    for (const ctx of everyLayout(language)) {
      it(`${ctx.page.layout}: document shell, landmarks and one h1`, () => {
        const { html, tree } = render(ctx);
        assert.match(html, /^<!doctype html>/);
        const [htmlEl] = byTag(tree, 'html');
        assert.equal(attr(htmlEl!, 'lang'), language);

        const title = text(byTag(tree, 'title')[0]!);
        assert.ok(title.endsWith(ctx.site.title), `title "${title}" names the site`);
        if (ctx.title) assert.ok(title.startsWith(ctx.title), `title "${title}" starts with the page title`);

        // Landmarks: one banner, one main#main, one contentinfo, named navs.
        const top = (tag: string) =>
          findAll(tree, (el, anc) => el.tagName === tag && !anc.some((a) => ['article', 'main', 'section', 'aside', 'nav'].includes(a.tagName)));
        assert.equal(top('header').length, 1, 'one site header');
        assert.equal(top('footer').length, 1, 'one site footer');
        const mains = byTag(tree, 'main');
        assert.equal(mains.length, 1);
        assert.equal(attr(mains[0]!, 'id'), 'main');
        for (const nav of byTag(tree, 'nav')) assert.ok(attr(nav, 'aria-label'), 'every nav is named');
        assert.ok(byTag(tree, 'nav').some((n) => hasClass(n, 'site-nav')));

        // Skip link is the first link and targets main.
        const first = links(tree)[0]!;
        assert.equal(attr(first, 'href'), '#main');
        assert.equal(text(first), t.skipToContent);

        // Headings: exactly one h1, inside main, and no level skipped going down.
        const h1s = byTag(tree, 'h1');
        assert.equal(h1s.length, 1, 'one h1');
        assert.ok(findAll(mains[0]!, (el) => el.tagName === 'h1').length === 1, 'the h1 is in main');
        const levels = headingLevels(tree);
        assert.equal(levels[0], 1, 'the first heading is the h1');
        for (let i = 1; i < levels.length; i++) {
          assert.ok(levels[i]! <= levels[i - 1]! + 1, `heading h${levels[i]} after h${levels[i - 1]} skips a level`);
        }

        // Head: canonical is absolute, feed linked, theme assets resolved under the root.
        const linkEls = byTag(tree, 'link');
        const canonical = linkEls.find((l) => attr(l, 'rel') === 'canonical');
        assert.equal(attr(canonical!, 'href'), `https://example.org${ctx.url}`);
        const feed = linkEls.find((l) => attr(l, 'type') === 'application/atom+xml');
        assert.equal(attr(feed!, 'href'), '/notes/atom.xml');
        assert.ok(linkEls.some((l) => attr(l, 'rel') === 'stylesheet' && attr(l, 'href') === '/notes/assets/style.css'));
        const script = byTag(tree, 'script').find((s) => attr(s, 'src') === '/notes/assets/theme.js');
        assert.ok(script && attr(script, 'defer') !== undefined, 'theme.js is deferred');
        const og = (p: string) => findAll(tree, (el) => el.tagName === 'meta' && attr(el, 'property') === p)[0]?.el;
        assert.equal(attr(og('og:url')!, 'content'), `https://example.org${ctx.url}`);

        // The toggle is a real button with a name and a pressed state, hidden until the script can drive it.
        const toggle = byClass(tree, 'theme-toggle')[0]!;
        assert.equal(toggle.tagName, 'button');
        assert.equal(attr(toggle, 'type'), 'button');
        assert.equal(attr(toggle, 'aria-pressed'), 'false');
        assert.equal(attr(toggle, 'aria-label'), t.toggleTheme);

        // Times are machine-readable.
        for (const time of byTag(tree, 'time')) assert.match(attr(time, 'datetime') ?? '', /^\d{4}-\d\d-\d\dT/);

        // Footer shows the build year and feed.
        const footer = top('footer')[0]!.el;
        assert.match(text(footer), /2026/);
        assert.ok(hrefs(footer).includes('/notes/atom.xml'));
      });
    }

    it('post: title, facts, tags, categories, TOC, body and previous/next', () => {
      const p = post(language);
      const { html, tree } = render(context(language, { layout: 'post', post: p }));
      assert.equal(text(byTag(tree, 'h1')[0]!), p.title);
      assert.ok(html.includes(t.readingTime(4, 1234)));
      if (language === 'zh-CN') assert.ok(html.includes('阅读时间约 4 分钟 · 1234 字'));
      // Dates: published and (different day) updated, as <time datetime>.
      const times = byTag(tree, 'time').map((el) => [attr(el, 'datetime'), text(el)]);
      assert.deepEqual(times, [['2023-07-02T18:53:58+08:00', '2023-07-02'], ['2024-01-12T19:50:22+08:00', '2024-01-12']]);

      const all = hrefs(tree);
      for (const tag of p.tags) assert.ok(all.includes(tag.url), `links tag ${tag.name}`);
      for (const c of p.categories) assert.ok(all.includes(c.url), `links category ${c.name}`);
      const rels = links(tree).filter((a) => attr(a, 'rel') === 'tag').map((a) => text(a));
      assert.deepEqual(rels, p.tags.map((tag) => tag.name));

      const prev = links(tree).find((a) => attr(a, 'rel') === 'prev')!;
      const next = links(tree).find((a) => attr(a, 'rel') === 'next')!;
      assert.equal(attr(prev, 'href'), p.prev!.url);
      assert.equal(attr(next, 'href'), p.next!.url);
      assert.ok(text(prev).includes(t.prev) && text(prev).includes(p.prev!.title));
      assert.ok(text(next).includes(t.next) && text(next).includes(p.next!.title));

      const toc = byTag(tree, 'nav').find((n) => hasClass(n, 'toc'))!;
      assert.equal(attr(toc, 'aria-label'), t.toc);
      assert.deepEqual(hrefs(toc), ['#cnn', '#resnet']);
      // Nested: ResNet's list sits inside CNN's item.
      const cnnItem = findAll(toc, (el) => el.tagName === 'li')[0]!.el;
      assert.ok(findAll(cnnItem, (el) => el.tagName === 'a' && attr(el, 'href') === '#resnet').length === 1);

      // The body is inserted as trusted HTML, byte for byte (blank lines inside <pre> included).
      assert.ok(html.includes(p.html.value));
      const og = findAll(tree, (el) => el.tagName === 'meta' && attr(el, 'property') === 'og:type')[0]!.el;
      assert.equal(attr(og, 'content'), 'article');
      assert.ok(findAll(tree, (el) => el.tagName === 'meta' && attr(el, 'property') === 'article:published_time').length === 1);
    });

    it('post: no update date when updated the same day, no TOC or post nav when there is nothing to show', () => {
      const p = post(language, { toc: [], prev: undefined, next: undefined, updated: summary(language, 1).date });
      const { tree } = render(context(language, { layout: 'post', post: p }));
      assert.equal(byTag(tree, 'time').length, 1);
      assert.equal(byClass(tree, 'toc').length, 0);
      assert.equal(byClass(tree, 'post-nav').length, 0);
      assert.ok(!hasClass(byTag(tree, 'body')[0]!, 'with-toc'));
    });

    it('post: user text is escaped, a <script> title stays text', () => {
      const evil = '<script>alert("x")</script> & <b>bold</b>';
      const p = post(language, {
        title: evil,
        description: '"quoted" <desc>',
        tags: [{ name: '<img src=x onerror=alert(1)>', url: '/notes/tags/x/', count: 1 }],
        prev: { title: '</a><script>1</script>', url: '/notes/p/' },
      });
      const ctx = context(language, { layout: 'post', post: p });
      ctx.site.title = 'A & B "site"';
      const { html, tree } = render(ctx);
      assert.ok(!html.includes('<script>alert'), 'no live script from the title');
      assert.ok(!html.includes('<img src=x'), 'no live img from a tag');
      assert.ok(!html.includes('</a><script>1'), 'no markup from a neighbour title');
      assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
      assert.equal(text(byTag(tree, 'h1')[0]!), evil);
      assert.equal(text(byTag(tree, 'title')[0]!), `${evil} | A & B "site"`);
      const desc = findAll(tree, (el) => el.tagName === 'meta' && attr(el, 'name') === 'description')[0]!.el;
      assert.equal(attr(desc, 'content'), '"quoted" <desc>');
      // Only the theme's own scripts exist.
      const scripts = byTag(tree, 'script');
      assert.deepEqual(
        scripts.map((s) => attr(s, 'src') ?? (text(s).includes('danlu-theme') ? 'pre-paint' : text(s).slice(0, 24))),
        ['pre-paint', '/notes/assets/theme.js', "matchMedia('(max-width:3"],
        'pre-paint snippet, theme.js, and the TOC folding line',
      );
    });

    it('post: KaTeX stylesheet is linked only when the note has math', () => {
      const katexLinks = (hasMath: boolean) =>
        byTag(render(context(language, { layout: 'post', post: post(language, { hasMath }) })).tree, 'link')
          .filter((l) => /katex/.test(attr(l, 'href') ?? ''))
          .map((l) => attr(l, 'href'));
      assert.deepEqual(katexLinks(true), ['/notes/katex/katex.min.css']);
      assert.deepEqual(katexLinks(false), []);
      // A build that already lists KaTeX's CSS for the page does not get it twice.
      const ctx = context(language, { layout: 'post', post: post(language, { hasMath: true }) });
      ctx.assets = { styles: ['katex/katex.min.css', ...ctx.assets.styles], scripts: ctx.assets.scripts };
      const twice = byTag(render(ctx).tree, 'link').filter((l) => /katex/.test(attr(l, 'href') ?? ''));
      assert.equal(twice.length, 1);
    });

    it('index: cards link to notes, pagination links newer and older pages', () => {
      const posts = [summary(language, 1), summary(language, 2)];
      const pagination = { current: 2, total: 3, prevUrl: '/notes/', nextUrl: '/notes/page/3/' };
      const { tree } = render(context(language, { layout: 'index', posts, pagination }));
      const cardTitles = byClass(tree, 'post-card-title');
      assert.deepEqual(cardTitles.map((h) => h.tagName), ['h2', 'h2']);
      assert.deepEqual(cardTitles.map((h) => hrefs(h)[0]), posts.map((p) => p.url));
      const readMore = byClass(tree, 'read-more')[0]!;
      assert.ok((attr(readMore, 'aria-label') ?? '').includes(posts[0]!.title), 'read-more names its note');

      const nav = byClass(tree, 'pagination')[0]!;
      assert.equal(nav.tagName, 'nav');
      assert.ok(attr(nav, 'aria-label'));
      const prev = findAll(nav, (el) => el.tagName === 'a' && attr(el, 'rel') === 'prev')[0]!.el;
      const next = findAll(nav, (el) => el.tagName === 'a' && attr(el, 'rel') === 'next')[0]!.el;
      assert.equal(attr(prev, 'href'), '/notes/');
      assert.equal(attr(next, 'href'), '/notes/page/3/');
      assert.ok(text(nav).includes(t.page(2, 3)));
      if (language === 'zh-CN') assert.ok(text(nav).includes('第 2 页 / 共 3 页'));
      // Page 2's h1 says which page it is.
      assert.ok(text(byTag(tree, 'h1')[0]!).includes(t.page(2, 3)));
    });

    it('index: first and only page has no pagination and no page number; KaTeX CSS follows excerpts', () => {
      const single = { current: 1, total: 1, prevUrl: undefined, nextUrl: undefined };
      const plain = render(context(language, { layout: 'index', posts: [summary(language, 1)], pagination: single }));
      assert.equal(byClass(plain.tree, 'pagination').length, 0);
      assert.equal(text(byTag(plain.tree, 'h1')[0]!), context(language, { layout: 'search' }).site.title);
      assert.ok(!/katex/.test(plain.html.split('</head>')[0]!));
      // Home link is marked as the current page in the nav.
      const home = byClass(plain.tree, 'site-nav').flatMap((n) => findAll(n, (el) => el.tagName === 'a').map((f) => f.el))[0]!;
      assert.equal(attr(home, 'aria-current'), 'page');

      const withMath = summary(language, 2);
      withMath.excerptHtml = raw('<p>公式 <span class="math math-inline"><span class="katex"><span class="katex-mathml">x</span></span></span></p>');
      withMath.excerptHasMath = true;
      const mathy = render(context(language, { layout: 'index', posts: [withMath], pagination: single }));
      assert.match(mathy.html.split('</head>')[0]!, /katex\/katex\.min\.css/);
    });

    it('tag and category pages: heading, count, breadcrumb and subcategory tree', () => {
      const [, , tagCtx, catCtx] = everyLayout(language);
      const tag = render(tagCtx!).tree;
      assert.equal(text(byTag(tag, 'h1')[0]!), t.tagged('DeepLearning'));
      assert.ok(text(byClass(tag, 'page-lead')[0]!).includes(t.postsCount(3)));

      const cat = render(catCtx!).tree;
      const name = language === 'zh-CN' ? '基础' : 'Basics';
      assert.equal(text(byTag(cat, 'h1')[0]!), t.inCategory(name));
      const crumbs = byClass(cat, 'breadcrumb')[0]!;
      assert.equal(crumbs.tagName, 'nav');
      assert.deepEqual(hrefs(crumbs), ['/notes/categories/learn/', '/notes/categories/learn/basics/']);
      const current = findAll(crumbs, (el) => attr(el, 'aria-current') === 'page');
      assert.equal(current.length, 1);
      assert.ok(hrefs(byClass(cat, 'subcategories')[0]!).includes('/notes/categories/learn/basics/cnn/'));
    });

    it('tags index lists every tag with its count; categories index nests the tree', () => {
      const [, , , , tagsCtx, catsCtx] = everyLayout(language);
      const tags = render(tagsCtx!).tree;
      const cloud = byClass(tags, 'tag-cloud')[0]!;
      assert.deepEqual(hrefs(cloud), ['/notes/tags/deeplearning/', language === 'zh-CN' ? '/notes/tags/%E5%8D%B7%E7%A7%AF/' : '/notes/tags/cnn/']);
      assert.ok(text(cloud).includes(t.postsCount(3)), 'counts are spoken in words');

      const cats = render(catsCtx!).tree;
      const outer = byClass(cats, 'category-tree')[0]!;
      const nested = findAll(outer, (el) => el.tagName === 'ul' && hasClass(el, 'category-tree'));
      assert.equal(nested.length, 1, 'child category in a nested list');
      assert.ok(nested[0]!.ancestors.some((a) => a.tagName === 'li'), 'nested list sits in its parent item');
      assert.ok(hrefs(nested[0]!.el).includes('/notes/categories/learn/basics/'));
    });

    it('archive: one heading per year, one per month, notes with dates', () => {
      const archiveCtx = everyLayout(language)[6]!;
      const { tree } = render(archiveCtx);
      assert.deepEqual(byTag(tree, 'h2').map((h) => text(h).split(' ')[0]), ['2023', '2022']);
      assert.deepEqual(
        byTag(tree, 'h3').map((h) => text(h)),
        [t.yearMonth(2023, 8), t.yearMonth(2023, 7), t.yearMonth(2022, 12)],
      );
      if (language === 'zh-CN') assert.equal(t.yearMonth(2023, 7), '2023 年 7 月');
      else assert.equal(t.yearMonth(2023, 7), 'July 2023');
      assert.ok(hrefs(tree).includes('/notes/archives/2023/07/'));
      assert.equal(byClass(tree, 'archive-list').flatMap((l) => byTag(l, 'li')).length, 4);
      // The archives nav link is the current page.
      const nav = byClass(tree, 'site-nav')[0]!;
      const current = findAll(nav, (el) => attr(el, 'aria-current') === 'page').map((f) => attr(f.el, 'href'));
      assert.deepEqual(current, ['/notes/archives/']);
    });

    it('search: labelled search box, index bundle under the root, live status region', () => {
      const { tree } = render(context(language, { layout: 'search' }, t.search));
      const form = byTag(tree, 'form')[0]!;
      assert.equal(attr(form, 'role'), 'search');
      assert.equal(attr(form, 'data-search-bundle'), '/notes/pagefind/');
      assert.equal(attr(form, 'data-search-script'), '/notes/assets/search.js');
      const input = byTag(form, 'input')[0]!;
      const label = byTag(form, 'label')[0]!;
      assert.equal(attr(label, 'for'), attr(input, 'id'));
      assert.equal(attr(input, 'type'), 'search');
      assert.equal(attr(input, 'name'), 'q');
      const status = byClass(tree, 'search-status')[0]!;
      assert.equal(attr(status, 'aria-live'), 'polite');
      assert.ok(byTag(tree, 'noscript').length === 1, 'says what to do without JavaScript');
      assert.ok(attr(form, 'data-no-results') === t.searchNoResults);
    });

    it('404: not indexed, says so, links home', () => {
      const { tree } = render(context(language, { layout: 'not-found' }, t.notFoundTitle));
      assert.equal(text(byTag(tree, 'h1')[0]!), t.notFoundTitle);
      const robots = findAll(tree, (el) => el.tagName === 'meta' && attr(el, 'name') === 'robots')[0]!.el;
      assert.equal(attr(robots, 'content'), 'noindex');
      assert.ok(hrefs(byTag(tree, 'main')[0]!).includes('/notes/'));
      assert.ok(hrefs(byTag(tree, 'main')[0]!).includes('/notes/search/'), 'offers the search page');
    });
  });
}

describe('default theme: a note body as UTF-8 bytes', () => {
  it('is written byte for byte, without being decoded into the page', () => {
    const body = '<p>卷积层的输出尺寸 <span class="katex">N</span> — “引号” &amp; 符号</p>\n';
    const asText = context('zh-CN', { layout: 'post', post: post('zh-CN', { html: raw(body) }) });
    const asBytes = context('zh-CN', { layout: 'post', post: post('zh-CN', { html: raw([Buffer.from(body)]) }) });
    const parts = htmlPieces(defaultTheme.render(asBytes));
    assert.ok(parts.some((p) => p instanceof Uint8Array), 'the body stays a byte piece');
    assert.deepEqual(toBytes(parts), toBytes(htmlPieces(defaultTheme.render(asText))));
    assert.equal(String(defaultTheme.render(asBytes)), String(defaultTheme.render(asText)));
  });
});

describe('default theme strings', () => {
  it('reads naturally in Chinese', () => {
    const zh = defaultTheme.strings['zh-CN'];
    assert.equal(zh.home, '首页');
    assert.equal(zh.archives, '归档');
    assert.equal(zh.readingTime(3, 850), '阅读时间约 3 分钟 · 850 字');
    assert.equal(zh.page(1, 4), '第 1 页 / 共 4 页');
    assert.equal(zh.yearMonth(2023, 12), '2023 年 12 月');
    assert.equal(zh.prev, '上一篇');
    assert.equal(zh.next, '下一篇');
  });

  it('pluralises in English', () => {
    const en = defaultTheme.strings.en;
    assert.equal(en.postsCount(1), '1 note');
    assert.equal(en.postsCount(1200), '1,200 notes');
    assert.equal(en.readingTime(5, 1200), '5 min read · 1,200 words');
    assert.equal(en.yearMonth(2023, 1), 'January 2023');
  });

  it('theme declares its assets relative to the root, in an existing folder', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    assert.deepEqual(defaultTheme.styles, ['assets/style.css', 'assets/search.css']);
    assert.ok(existsSync(join(defaultTheme.assetsDir, 'search.css')));
    assert.ok(existsSync(join(defaultTheme.assetsDir, 'search.js')));
    assert.deepEqual(defaultTheme.scripts, ['assets/theme.js']);
    assert.ok(existsSync(join(defaultTheme.assetsDir, 'style.css')));
    assert.ok(existsSync(join(defaultTheme.assetsDir, 'theme.js')));
  });
});
