/**
 * Context literals for the default theme's tests: a small site in Chinese and in English, a note with math,
 * code, a callout, a table and a diagram, and one context per layout.
 */
import type {
  Language, PageData, Post, PostSummary, RenderContext, SiteInfo,
} from '../../../src/site/render/context.js';
import { raw } from '../../../src/site/render/html.js';
import { defaultTheme } from '../../../themes/default/index.js';

/** Site facts for each language; the site is served under `/notes/` to catch root handling. */
export function siteInfo(language: Language): SiteInfo {
  return {
    title: language === 'zh-CN' ? '炼丹笔记' : 'Alchemy Notes',
    subtitle: language === 'zh-CN' ? '深度学习入门随手记' : 'Deep learning, written down',
    description: language === 'zh-CN' ? '深度学习学习笔记' : 'Notes on deep learning',
    author: '青云',
    url: 'https://example.org/notes',
    root: '/notes/',
    language,
    timezone: 'Asia/Shanghai',
  };
}

const date = { iso: '2023-07-02T18:53:58+08:00', day: '2023-07-02', year: 2023, month: 7 };
const updated = { iso: '2024-01-12T19:50:22+08:00', day: '2024-01-12', year: 2024, month: 1 };

/** Rendered note body as the pipeline emits it (trusted HTML). */
export const BODY_HTML = [
  '<p>学习顺序 MLP → RNN → Transformer，<mark>先打基础</mark>。</p>',
  '<h2 id="cnn"><a class="heading-anchor" href="#cnn">CNN</a></h2>',
  '<p>输出大小 <span class="math math-inline"><span class="katex">N</span></span>：</p>',
  '<div class="math math-display"><span class="katex-display"><span class="katex">N=(W-F+2P)/S+1</span></span></div>',
  '<div class="callout callout-warning"><div class="callout-title">注意</div><div class="callout-content"><p>loss 变成 NaN。</p></div></div>',
  '<details class="callout callout-info"><summary class="callout-title">折叠</summary><p>内容</p></details>',
  '<pre class="shiki css-variables" style="background-color:var(--shiki-background);color:var(--shiki-foreground)" tabindex="0"><code><span class="line"><span style="color:var(--shiki-token-keyword)">import</span><span style="color:var(--shiki-foreground)"> torch</span></span>\n\n<span class="line"><span style="color:var(--shiki-token-comment)"># blank line above must survive</span></span></code></pre>',
  '<h3 id="resnet"><a class="heading-anchor" href="#resnet">ResNet</a></h3>',
  '<table><thead><tr><th>DL</th><th>修仙</th></tr></thead><tbody><tr><td>框架</td><td>丹炉</td></tr></tbody></table>',
  '<figure class="diagram"><svg viewBox="0 0 100 40" width="300" role="img" aria-label="MLP"><rect x="1" y="1" width="98" height="38" fill="var(--diagram-bg)" stroke="var(--diagram-fg)"/><circle cx="50" cy="20" r="10" fill="var(--diagram-accent)"/></svg><figcaption>MLP</figcaption></figure>',
  '<p>见 <span class="wikilink-unresolved">不存在的笔记</span>。</p>',
].join('\n');

/** A note summary; `title` may carry markup to check escaping. */
export function summary(language: Language, n: number, title?: string): PostSummary {
  const zh = language === 'zh-CN';
  return {
    title: title ?? (zh ? `深度学习基础 ${n}` : `Deep learning basics ${n}`),
    url: `/notes/2023/07/02/post-${n}/`,
    date,
    updated,
    tags: [
      { name: 'DeepLearning', url: '/notes/tags/deeplearning/', count: 3 },
      { name: zh ? '卷积' : 'CNN', url: `/notes/tags/${zh ? '%E5%8D%B7%E7%A7%AF' : 'cnn'}/`, count: 1 },
    ],
    categories: [
      { name: 'Learn', url: '/notes/categories/learn/', count: 3 },
      { name: zh ? '基础' : 'Basics', url: '/notes/categories/learn/basics/', count: 2 },
    ],
    excerptHtml: raw(zh ? '<p>学习深度学习过程中的一些基础知识</p>' : '<p>Some basics met while learning deep learning.</p>'),
    excerptHasMath: false,
    hasMore: true,
    readingMinutes: 4,
    wordCount: 1234,
  };
}

/** A full note. */
export function post(language: Language, overrides: Partial<Post> = {}): Post {
  return {
    ...summary(language, 1),
    description: language === 'zh-CN' ? '学习深度学习过程中的一些基础知识' : 'Basics of deep learning',
    html: raw(BODY_HTML),
    toc: [
      { depth: 2, text: 'CNN', id: 'cnn', children: [{ depth: 3, text: 'ResNet', id: 'resnet', children: [] }] },
    ],
    prev: { title: language === 'zh-CN' ? '更早的笔记' : 'An older note', url: '/notes/2023/06/01/older/' },
    next: { title: language === 'zh-CN' ? '更新的笔记' : 'A newer note', url: '/notes/2023/08/01/newer/' },
    hasMath: true,
    ...overrides,
  };
}

/** Page URL and `<title>` text per layout. */
function pageUrl(page: PageData): string {
  switch (page.layout) {
    case 'post': return page.post.url;
    case 'page': return page.post.url;
    case 'index': return page.pagination.current === 1 ? '/notes/' : `/notes/page/${page.pagination.current}/`;
    case 'tag': return page.term.url;
    case 'category': return page.term.url;
    case 'tags': return '/notes/tags/';
    case 'categories': return '/notes/categories/';
    case 'archive': return '/notes/archives/';
    case 'search': return '/notes/search/';
    case 'not-found': return '/notes/404.html';
  }
}

/** A full render context for `page` in `language`, as the build would hand it to the theme. */
export function context(language: Language, page: PageData, title = ''): RenderContext {
  const t = defaultTheme.strings[language];
  return {
    site: siteInfo(language),
    page,
    url: pageUrl(page),
    title: title || (page.layout === 'post' ? page.post.title : ''),
    t,
    assets: { styles: defaultTheme.styles, scripts: defaultTheme.scripts },
    nav: [
      { title: t.home, url: '/notes/' },
      { title: t.archives, url: '/notes/archives/' },
      { title: t.tags, url: '/notes/tags/' },
      { title: t.categories, url: '/notes/categories/' },
      { title: t.search, url: '/notes/search/' },
    ],
    buildYear: 2026,
    feedUrl: '/notes/atom.xml',
  };
}

/** One page of every layout, for tests that check what all pages share. */
export function everyLayout(language: Language): RenderContext[] {
  const zh = language === 'zh-CN';
  const posts = [summary(language, 1), summary(language, 2)];
  const pagination = { current: 2, total: 3, prevUrl: '/notes/', nextUrl: '/notes/page/3/' };
  const single = { current: 1, total: 1, prevUrl: undefined, nextUrl: undefined };
  const learn = { name: 'Learn', url: '/notes/categories/learn/', count: 3 };
  return [
    context(language, { layout: 'post', post: post(language) }),
    context(language, { layout: 'index', posts, pagination }),
    context(language, { layout: 'tag', term: { name: 'DeepLearning', url: '/notes/tags/deeplearning/', count: 3 }, posts, pagination: single }, 'DeepLearning'),
    context(language, {
      layout: 'category', term: { name: zh ? '基础' : 'Basics', url: '/notes/categories/learn/basics/', count: 2 },
      trail: [learn], children: [{ name: 'CNN', url: '/notes/categories/learn/basics/cnn/', count: 1, children: [] }],
      posts, pagination: single,
    }, zh ? '基础' : 'Basics'),
    context(language, { layout: 'tags', tags: posts[0]!.tags }, zh ? '标签' : 'Tags'),
    context(language, {
      layout: 'categories',
      tree: [{ ...learn, children: [{ name: zh ? '基础' : 'Basics', url: '/notes/categories/learn/basics/', count: 2, children: [] }] }],
    }, zh ? '分类' : 'Categories'),
    context(language, {
      layout: 'archive', title: zh ? '归档' : 'Archives', pagination: single,
      groups: [
        { year: 2023, month: 8, url: '/notes/archives/2023/08/', posts: [summary(language, 3)], count: 1, yearCount: 3 },
        { year: 2023, month: 7, url: '/notes/archives/2023/07/', posts, count: 2, yearCount: 3 },
        { year: 2022, month: 12, url: '/notes/archives/2022/12/', posts: [summary(language, 4)], count: 1, yearCount: 1 },
      ],
    }, zh ? '归档' : 'Archives'),
    context(language, { layout: 'search' }, zh ? '搜索' : 'Search'),
    context(language, { layout: 'not-found' }, zh ? '页面不存在' : 'Page not found'),
    context(language, { layout: 'page', post: post(language, { url: '/notes/about/', tags: [], categories: [] }) }),
  ];
}
