/**
 * The site model as plain data: every page is a route `{ path, url, title, page }` (Hexo's generators), so tests
 * can assert the site's shape without rendering, and the theme gets typed data only.
 */
import { dayInZone, toIsoInZone, wallTime } from '../content/dates.js';
import { perPage, type SiteConfig } from '../config.js';
import type { NoteHtml } from '../markdown/processor.js';
import type {
  ArchiveGroup,
  CategoryNode,
  DateInfo,
  PageData,
  Pagination,
  Post,
  PostSummary,
  TermLink,
  UiStrings,
} from '../render/context.js';
import { escapeHtml, raw } from '../render/html.js';
import { noteFragments } from '../build/note-codec.js';
import { excerptOf, linkGraph, type LinkTarget } from './backlinks.js';
import type { PlannedPost } from './posts.js';
import { categorySlug, encodePath, tagSlug } from './slug.js';
import { countedLink } from './term-counts.js';

/** One page of the site. */
export interface Route {
  /** Output file path under `dist/`, e.g. `tags/cnn/index.html`. */
  file: string;
  /** Href of the page. */
  url: string;
  /** `<title>` text without the site name. */
  title: string;
  page: PageData;
}

/** A published note with its rendering, as the model consumes it. */
export interface RenderedPost extends PlannedPost {
  html: NoteHtml;
}

/** The whole site: routes plus what feed, sitemap and search need. */
export interface SiteModel {
  routes: Route[];
  /** Newest first, with full content. */
  posts: Post[];
  /** Newest date on the site (feed `updated`, footer year). */
  latest: Date | undefined;
  /** The note count of each tag and category, by the URL of its page (term-counts.ts; for page digests). */
  termCounts: ReadonlyMap<string, number>;
}

/** Date infos by zone and instant: a dev server's every rebuild asks again for every note's dates. */
const dateInfos = new Map<string, Map<number, DateInfo>>();

function dateInfo(d: Date, tz: string): DateInfo {
  let zone = dateInfos.get(tz);
  if (!zone) dateInfos.set(tz, (zone = new Map()));
  const t = d.getTime();
  let info = zone.get(t);
  if (!info) {
    const w = wallTime(d, tz);
    // Frozen: one object serves every build of this process.
    info = Object.freeze({ iso: toIsoInZone(d, tz), day: dayInZone(d, tz), year: w.year, month: w.month });
    if (zone.size >= 100_000) zone.clear(); // bounded, for a long-running dev server
    zone.set(t, info);
  }
  return info;
}

function paginate<T>(items: T[], perPage: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}

/** Directory path of page n of a list whose first page is at `base` (`''` for the home page). */
function pagePath(base: string, n: number): string {
  return n === 1 ? base : `${base}page/${n}/`;
}

/**
 * Builds every route of the site. `pages` are notes that are not posts (a Hexo blog's `source/about/index.md`):
 * each gets its own page, and none is listed, tagged or counted.
 */
export function buildSiteModel(rendered: RenderedPost[], config: SiteConfig, root: string, t: UiStrings, pages: RenderedPost[] = []): SiteModel {
  const tz = config.timezone;
  const href = (p: string): string => root + encodePath(p);
  // Tags and categories are identified by their URL, as in Hexo: names whose slugs are equal (`C++` and `C`)
  // share one page, named by the first name in sorted order. A category's slug includes its parents', so
  // 模型/CNN and 笔记/CNN are different pages.
  // Memoised: list pages ask for the same few names thousands of times, and slugize is not free.
  const tagKeys = new Map<string, string>();
  const catKeys = new Map<string, string>();
  const tagKey = (name: string): string => {
    let k = tagKeys.get(name);
    if (k === undefined) tagKeys.set(name, (k = tagSlug(name, config)));
    return k;
  };
  const catKey = (chain: string[]): string => {
    const id = chain.join('\u0000');
    let k = catKeys.get(id);
    if (k === undefined) catKeys.set(id, (k = categorySlug(chain, config)));
    return k;
  };
  const tagNameOf = new Map<string, string>();
  for (const name of [...new Set(rendered.flatMap((p) => p.note.meta.tags))].sort()) if (!tagNameOf.has(tagKey(name))) tagNameOf.set(tagKey(name), name);
  const catPath = (chain: string[]): string => `categories/${catKey(chain)}/`;
  const tagPath = (name: string): string => `tags/${tagKey(name)}/`;

  const tagCount = new Map<string, number>();
  const catCount = new Map<string, number>();
  for (const p of rendered) {
    for (const k of new Set(p.note.meta.tags.map(tagKey))) tagCount.set(k, (tagCount.get(k) ?? 0) + 1);
    const counted = new Set<string>();
    for (const chain of p.note.meta.categories) chain.forEach((_, i) => counted.add(catKey(chain.slice(0, i + 1))));
    for (const k of counted) catCount.set(k, (catCount.get(k) ?? 0) + 1);
  }
  // Counts tracked while a page renders (build/count-reads.ts): a page that shows none is not rendered again
  // when only a count changed.
  const termCounts = new Map<string, number>();
  // One link object per term and name, shared by every note and page that shows it (a build made ~5 per note).
  const termLinks = new Map<string, TermLink>();
  const counted = (link: { name: string; url: string }, count: number): TermLink => {
    const key = `${link.url}\0${link.name}`;
    let made = termLinks.get(key);
    if (!made) {
      termCounts.set(link.url, count);
      termLinks.set(key, (made = countedLink(link, count)));
    }
    return made;
  };
  const tagLink = (name: string): TermLink => counted({ name: tagNameOf.get(tagKey(name)) ?? name, url: href(tagPath(name)) }, tagCount.get(tagKey(name)) ?? 0);
  const catLink = (chain: string[]): TermLink => counted({ name: chain[chain.length - 1] ?? '', url: href(catPath(chain)) }, catCount.get(catKey(chain)) ?? 0);

  const toPost = (p: RenderedPost): Post => {
    const m = p.note.meta;
    const { body, bodyEmpty, more, first } = noteFragments(p.html);
    const excerpt = more ?? (m.description ? raw(`<p>${escapeHtml(m.description)}</p>`) : (first ?? raw('')));
    return {
      title: m.title,
      url: p.url,
      date: dateInfo(m.date, tz),
      updated: m.updated ? dateInfo(m.updated, tz) : undefined,
      tags: m.tags.map(tagLink),
      categories: (m.categories[0] ?? []).map((_, i, chain) => catLink(chain.slice(0, i + 1))),
      excerptHtml: excerpt,
      excerptHasMath: (more !== undefined || !m.description) && p.html.excerptHasMath,
      // A description stands in for the body, so any body is more; otherwise the excerpt is the first paragraph.
      hasMore: more !== undefined || (m.description ? !bodyEmpty : p.html.moreThanFirstParagraph),
      readingMinutes: p.html.readingMinutes,
      wordCount: p.html.wordCount,
      description: m.description ?? p.html.text.slice(0, 160),
      html: body,
      toc: p.html.toc,
      prev: undefined,
      next: undefined,
      hasMath: p.html.math.inline + p.html.math.display > 0,
    };
  };
  const posts: Post[] = rendered.map(toPost);
  // prev = older, next = newer (posts are newest first).
  posts.forEach((p, i) => {
    const older = posts[i + 1];
    const newer = posts[i - 1];
    p.prev = older ? { title: older.title, url: older.url } : undefined;
    p.next = newer ? { title: newer.title, url: newer.url } : undefined;
  });
  const pagePosts = pages.map(toPost);
  // Backlinks and previews: posts are the link targets (the link table lists only them); pages may link too.
  const targets = new Map<string, LinkTarget>();
  rendered.forEach((r, i) => {
    const p = posts[i] as Post;
    targets.set(r.note.rel, { title: p.title, url: p.url, excerpt: excerptOf(r.html.lead ?? r.note.meta.description ?? r.html.text, 240) });
  });
  const linking = [...rendered, ...pages];
  const linkingPosts = [...posts, ...pagePosts];
  const graph = linkGraph(
    linking.map((r, i) => ({ rel: r.note.rel, title: (linkingPosts[i] as Post).title, url: r.url, links: r.html.links ?? [] })),
    targets,
  );
  linking.forEach((r, i) => {
    const p = linkingPosts[i] as Post;
    const back = graph.backlinks.get(r.note.rel);
    const out = graph.outlinks.get(r.note.rel);
    if (back) p.backlinks = back;
    if (out) p.outlinks = out;
    if (r.html.footnotes) p.footnotes = r.html.footnotes;
    if (r.html.image !== undefined) p.image = r.html.image;
    if (r.note.meta.comments === false) p.comments = false;
  });
  const summary = (p: Post): PostSummary => {
    const { html: _h, toc: _t, prev: _p, next: _n, description: _d, hasMath: _m, backlinks: _b, outlinks: _o, footnotes: _f, image: _i, comments: _c, ...s } = p;
    return s;
  };
  const summaries = posts.map(summary);

  const routes: Route[] = [];
  const listRoutes = (
    base: string,
    items: PostSummary[],
    title: (n: number, total: number) => string,
    make: (pageItems: PostSummary[], pagination: Pagination) => PageData,
    size: number,
  ): void => {
    const listPages = paginate(items, size);
    listPages.forEach((pageItems, i) => {
      const n = i + 1;
      const pagination: Pagination = {
        current: n,
        total: listPages.length,
        prevUrl: n > 1 ? href(pagePath(base, n - 1)) : undefined,
        nextUrl: n < listPages.length ? href(pagePath(base, n + 1)) : undefined,
      };
      const path = pagePath(base, n);
      routes.push({ file: `${path}index.html`, url: href(path), title: title(n, listPages.length), page: make(pageItems, pagination) });
    });
  };
  const pageSuffix = (n: number, total: number): string => (n > 1 ? ` · ${t.page(n, total)}` : '');

  // The home page puts pinned notes first (`sticky`, `top`), highest pin first; the sort is stable, so newest first
  // among equals, as hexo-generator-index sorts.
  const pinned = summaries.map((s, i) => ({ s, pin: rendered[i]?.note.meta.pin ?? 0 })).sort((a, b) => b.pin - a.pin).map((x) => x.s);
  listRoutes('', pinned, (n, total) => (n > 1 ? t.page(n, total) : ''), (items, pagination) => ({ layout: 'index', posts: items, pagination }), perPage(config, 'index'));

  posts.forEach((post, i) => {
    const planned = rendered[i];
    if (!planned) return;
    const file = planned.path.endsWith('/') ? `${planned.path}index.html` : planned.path;
    routes.push({ file, url: post.url, title: post.title, page: { layout: 'post', post } });
  });

  const tagNames = [...tagNameOf.values()].sort();
  routes.push({ file: 'tags/index.html', url: href('tags/'), title: t.tags, page: { layout: 'tags', tags: tagNames.map(tagLink) } });
  // Each term's notes, newest first, in one pass over the notes (not one pass per term).
  const byTerm = (keysOf: (p: RenderedPost) => Iterable<string>): Map<string, PostSummary[]> => {
    const out = new Map<string, PostSummary[]>();
    rendered.forEach((p, i) => {
      for (const k of new Set(keysOf(p))) {
        const list = out.get(k);
        if (list) list.push(summaries[i] as PostSummary);
        else out.set(k, [summaries[i] as PostSummary]);
      }
    });
    return out;
  };
  const taggedWith = byTerm((p) => p.note.meta.tags.map(tagKey));
  for (const name of tagNames) {
    const items = taggedWith.get(tagKey(name)) ?? [];
    listRoutes(tagPath(name), items, (n, total) => t.tagged(name) + pageSuffix(n, total), (pageItems, pagination) => ({
      layout: 'tag',
      term: tagLink(name),
      posts: pageItems,
      pagination,
    }), perPage(config, 'tag'));
  }

  // Category tree: every prefix of every chain is a node.
  const chains = new Map<string, string[]>();
  for (const p of rendered) for (const chain of p.note.meta.categories) chain.forEach((_, i) => {
    const k = catKey(chain.slice(0, i + 1));
    const known = chains.get(k);
    if (!known || chain.slice(0, i + 1).join('\u0000') < known.join('\u0000')) chains.set(k, chain.slice(0, i + 1));
  });
  const sortedChains = [...chains.values()].sort((a, b) => (catKey(a) < catKey(b) ? -1 : 1));
  // A category's children, in the sorted order, found once: the tree page and every category page share them.
  const childChains = new Map<string, string[][]>();
  for (const c of sortedChains) {
    const parent = c.length > 1 ? catKey(c.slice(0, -1)) : '';
    const list = childChains.get(parent);
    if (list) list.push(c);
    else childChains.set(parent, [c]);
  }
  const subtrees = new Map<string, CategoryNode[]>();
  const childrenOf = (chain: string[]): CategoryNode[] => {
    const key = chain.length ? catKey(chain) : '';
    let nodes = subtrees.get(key);
    if (!nodes) subtrees.set(key, (nodes = (childChains.get(key) ?? []).map((c) => ({ ...catLink(c), children: childrenOf(c) }))));
    return nodes;
  };
  const tree = childrenOf([]);
  routes.push({ file: 'categories/index.html', url: href('categories/'), title: t.categories, page: { layout: 'categories', tree } });
  // A note is in each category of its chains and in every parent of those.
  const inCategory = byTerm((p) => p.note.meta.categories.flatMap((c) => c.map((_, i) => catKey(c.slice(0, i + 1)))));
  for (const chain of sortedChains) {
    const key = catKey(chain);
    const items = inCategory.get(key) ?? [];
    const trail = chain.map((_, i) => catLink(chain.slice(0, i + 1)));
    listRoutes(catPath(chain), items, (n, total) => t.inCategory(chain.join(' / ')) + pageSuffix(n, total), (pageItems, pagination) => ({
      layout: 'category',
      term: catLink(chain),
      trail,
      children: childrenOf(chain),
      posts: pageItems,
      pagination,
    }), perPage(config, 'category'));
  }

  // Archives: all notes, then each year and each month, grouped by month. Counts are over the whole site, so a
  // year split across two list pages shows the same count on both.
  const yearCounts = new Map<number, number>();
  const monthCounts = new Map<string, number>();
  for (const s of summaries) {
    yearCounts.set(s.date.year, (yearCounts.get(s.date.year) ?? 0) + 1);
    monthCounts.set(`${s.date.year}-${s.date.month}`, (monthCounts.get(`${s.date.year}-${s.date.month}`) ?? 0) + 1);
  }
  const group = (items: PostSummary[], byYearOnly: boolean): ArchiveGroup[] => {
    const groups: ArchiveGroup[] = [];
    for (const s of items) {
      const month = byYearOnly ? undefined : s.date.month;
      const last = groups[groups.length - 1];
      if (last && last.year === s.date.year && last.month === month) last.posts.push(s);
      else {
        groups.push({
          year: s.date.year,
          month,
          url: href(month ? `archives/${s.date.year}/${String(month).padStart(2, '0')}/` : `archives/${s.date.year}/`),
          posts: [s],
          count: month === undefined ? (yearCounts.get(s.date.year) ?? 0) : (monthCounts.get(`${s.date.year}-${month}`) ?? 0),
          yearCount: yearCounts.get(s.date.year) ?? 0,
        });
      }
    }
    return groups;
  };
  const archive = (base: string, title: string, items: PostSummary[]): void =>
    listRoutes(base, items, (n, total) => title + pageSuffix(n, total), (pageItems, pagination) => ({
      layout: 'archive',
      title,
      groups: group(pageItems, false),
      pagination,
    }), perPage(config, 'archive'));
  archive('archives/', t.archives, summaries);
  const years = [...new Set(summaries.map((s) => s.date.year))];
  for (const year of years) {
    const inYear = summaries.filter((s) => s.date.year === year);
    archive(`archives/${year}/`, `${t.archives} · ${year}`, inYear);
    for (const month of [...new Set(inYear.map((s) => s.date.month))]) {
      archive(`archives/${year}/${String(month).padStart(2, '0')}/`, `${t.archives} · ${t.yearMonth(year, month)}`, inYear.filter((s) => s.date.month === month));
    }
  }

  routes.push({ file: 'search/index.html', url: href('search/'), title: t.search, page: { layout: 'search' } });
  routes.push({ file: '404.html', url: href('404.html'), title: t.notFoundTitle, page: { layout: 'not-found' } });

  // Pages written by hand. A `404.md` replaces the generated 404 page; NexT's `source/tags/index.md` (`type: tags`)
  // and `categories/index.md` only ask for the list danlu generates anyway.
  pages.forEach((p, i) => {
    const file = p.path.endsWith('/') ? `${p.path}index.html` : p.path;
    const at = routes.findIndex((r) => r.file === file);
    if (at >= 0 && file !== '404.html') return;
    const route: Route = { file, url: p.url, title: p.note.meta.title, page: { layout: 'page', post: pagePosts[i] as Post } };
    if (at >= 0) routes[at] = route;
    else routes.push(route);
  });

  const latest = rendered.reduce<Date | undefined>((acc, p) => {
    const d = p.note.meta.updated && p.note.meta.updated > p.note.meta.date ? p.note.meta.updated : p.note.meta.date;
    return !acc || d > acc ? d : acc;
  }, undefined);
  return { routes, posts, latest, termCounts };
}
