/**
 * The typed render context: everything a theme layout may see. Layouts receive plain data only — no site
 * internals, no file system — so a theme can be swapped or tested by handing it a context literal.
 */

import type { Html, TrustedHtml } from './html.js';

/** Interface language of the generated site. */
export type Language = 'zh-CN' | 'en';

/** Site-wide facts from the config. */
export interface SiteInfo {
  title: string;
  subtitle: string;
  description: string;
  author: string;
  /** Absolute origin + base path, no trailing slash, e.g. `https://example.org/notes`. */
  url: string;
  /** Base path the site is served under, always starting and ending with `/` (`/` or `/notes/`). */
  root: string;
  language: Language;
  /** IANA zone in which dates without a zone are read and all dates are shown. */
  timezone: string;
  /** The comment system under each note (absent: none, and no page loads anything for it). */
  comments?: CommentsSettings;
  /** Analytics whose snippets every page's head carries (absent or empty: none). */
  analytics?: AnalyticsSettings[];
}

/**
 * A comment system, from the config's `comments` (NexT's `giscus:`, `waline:`, `twikoo:` sections, one of them).
 * Every field is already checked and filled in; URLs are absolute.
 */
export type CommentsSettings =
  | {
      provider: 'giscus';
      /** `owner/name` of the GitHub repository whose Discussions hold the comments. */
      repo: string;
      repoId: string;
      category: string;
      categoryId: string;
      /** How a page finds its discussion: `pathname`, `url`, `title`, `og:title`, `specific`, `number`. */
      mapping: string;
      /** The discussion term or number when `mapping` is `specific` or `number`. */
      term: string;
      strict: boolean;
      reactions: boolean;
      inputPosition: 'top' | 'bottom';
      /** Interface language (giscus's codes); the site's language by default. */
      lang: string;
      /** giscus's client script (`https://giscus.app/client.js`, or a self-hosted instance's). */
      src: string;
    }
  | {
      provider: 'waline';
      /** The Waline server that stores the comments. */
      serverURL: string;
      /** Folder of Waline's client (`waline.js`, `waline.css`): its documented CDN by default. */
      cdn: string;
      lang: string;
    }
  | {
      provider: 'twikoo';
      /** A self-hosted Twikoo server's URL, or a Tencent CloudBase environment id. */
      envId: string;
      /** CloudBase region (only for an environment id), `''` none. */
      region: string;
      /** Twikoo's client script: its documented CDN by default. */
      src: string;
      lang: string;
    };

/** One analytics service, from the config's `analytics` (NexT's `umami:`, `plausible:`, `baidu_analytics:`, `google_analytics:`). */
export type AnalyticsSettings =
  | { provider: 'umami'; src: string; websiteId: string; domains: string }
  | { provider: 'plausible'; src: string; domain: string }
  | { provider: 'baidu'; id: string }
  | { provider: 'google'; id: string };

/** A date as the theme shows it: already converted to the site's timezone. */
export interface DateInfo {
  /** RFC 3339 with offset, for `<time datetime>` and feeds. */
  iso: string;
  /** `YYYY-MM-DD` in the site's timezone: the day the note says. */
  day: string;
  year: number;
  month: number;
}

/** A link to a tag or category page. */
export interface TermLink {
  name: string;
  url: string;
  /** Number of published notes carrying it (on index pages). */
  count: number;
}

/** A link to a note. */
export interface NoteLink {
  title: string;
  url: string;
}

/** One heading in a note's table of contents. */
export interface TocEntry {
  depth: number;
  text: string;
  id: string;
  children: TocEntry[];
}

/** What a list page shows of a note. */
export interface PostSummary extends NoteLink {
  date: DateInfo;
  updated: DateInfo | undefined;
  tags: TermLink[];
  /** The category chain, outermost first (Hexo's nested categories). Empty when uncategorised. */
  categories: TermLink[];
  /**
   * Excerpt HTML: up to `<!-- more -->`, else the description, else the first paragraph. Trusted HTML whose pieces
   * may be UTF-8 bytes, like `Post.html`: interpolate it (`${post.excerptHtml}`), or read `.value` for a string.
   */
  excerptHtml: TrustedHtml;
  /** Whether the excerpt holds KaTeX output (a page showing it needs KaTeX's stylesheet). */
  excerptHasMath: boolean;
  /** Whether the excerpt is shorter than the note (show a "read more" link). */
  hasMore: boolean;
  /** Reading time in minutes, counting CJK characters and Latin words separately. */
  readingMinutes: number;
  /** Characters of CJK text plus Latin words: the count readers of mixed text expect. */
  wordCount: number;
}

/** A full note page. */
export interface Post extends PostSummary {
  description: string;
  /**
   * The note's HTML, ready to interpolate in a layout. Its pieces may be UTF-8 bytes (a body rendered on a worker
   * or read from the cache is never decoded just to be written); `.value` gives it as one string.
   */
  html: TrustedHtml;
  toc: TocEntry[];
  prev: NoteLink | undefined;
  next: NoteLink | undefined;
  /** Whether the page has typeset math (the KaTeX stylesheet is linked only then). */
  hasMath: boolean;
  /** Notes and pages that link to this one, newest note first (absent or empty: none). */
  backlinks?: NoteLink[];
  /** The notes this one links to, with the opening of each, for link previews (absent or empty: none). */
  outlinks?: Array<NoteLink & { excerpt: string }>;
  /** Footnote references in the body (footnotes preview like links). */
  footnotes?: number;
  /** Href of the note's first image, for its social card (absent: none). */
  image?: string;
  /** `false` when the note's front matter says `comments: false` (Hexo's key): no comment box under it. */
  comments?: false;
}

/** Pagination of a list page. */
export interface Pagination {
  current: number;
  total: number;
  prevUrl: string | undefined;
  nextUrl: string | undefined;
}

/** A node of the category tree. */
export interface CategoryNode extends TermLink {
  children: CategoryNode[];
}

/** A group of notes in the archive. */
export interface ArchiveGroup {
  year: number;
  /** 1–12, or undefined for a whole-year group. */
  month: number | undefined;
  url: string;
  posts: PostSummary[];
  /** Notes in this group's whole month (or year, for a whole-year group) on the site, not only on this page. */
  count: number;
  /** Notes in this group's year on the site. */
  yearCount: number;
}

/** Per-page data, discriminated by layout. */
export type PageData =
  | { layout: 'post'; post: Post }
  /** A page written by hand outside the notes (`about/index.md`, `404.md`): a body with a title, no dates or tags. */
  | { layout: 'page'; post: Post }
  | { layout: 'index'; posts: PostSummary[]; pagination: Pagination }
  | { layout: 'tag'; term: TermLink; posts: PostSummary[]; pagination: Pagination }
  | { layout: 'category'; term: TermLink; trail: TermLink[]; children: CategoryNode[]; posts: PostSummary[]; pagination: Pagination }
  | { layout: 'tags'; tags: TermLink[] }
  | { layout: 'categories'; tree: CategoryNode[] }
  | { layout: 'archive'; title: string; groups: ArchiveGroup[]; pagination: Pagination }
  | { layout: 'search' }
  | { layout: 'not-found' };

/** Name of a layout. */
export type LayoutName = PageData['layout'];

/** Everything a layout receives. */
export interface RenderContext {
  site: SiteInfo;
  page: PageData;
  /** Site-relative URL of this page (starts with the root), for canonical links and nav state. */
  url: string;
  /** Page `<title>` text without the site name; the layout appends the site title. */
  title: string;
  /** Interface strings in the site's language. */
  t: UiStrings;
  /**
   * Stylesheets and scripts the page needs, as site-relative URLs. `scripts` are classic scripts every page loads
   * (the theme's); `modules` are ES modules only this page needs, loaded with `<script type="module">` (the live
   * demos' loader, on a page with a ```` ```demo ````); absent or empty on every other page.
   */
  assets: { styles: string[]; scripts: string[]; modules?: string[] };
  /** Main navigation. */
  nav: NoteLink[];
  /** Year of the build, for the footer (passed in so builds stay reproducible). */
  buildYear: number;
  /** Link to the feed. */
  feedUrl: string;
}

/** Interface strings a theme shows; each theme language provides all of them. */
export interface UiStrings {
  home: string;
  archives: string;
  tags: string;
  categories: string;
  search: string;
  searchPlaceholder: string;
  searchNoResults: string;
  tagged: (name: string) => string;
  inCategory: (name: string) => string;
  posted: string;
  updated: string;
  readingTime: (minutes: number, words: number) => string;
  readMore: string;
  toc: string;
  prev: string;
  next: string;
  newer: string;
  older: string;
  page: (n: number, total: number) => string;
  notFoundTitle: string;
  notFoundBody: string;
  skipToContent: string;
  toggleTheme: string;
  feed: string;
  poweredBy: string;
  postsCount: (n: number) => string;
  yearMonth: (year: number, month: number) => string;
}

/** A theme: one layout function per page kind, its interface strings and its static asset folder. */
export interface Theme {
  name: string;
  /** Absolute path of the folder whose files are copied to `dist/` as they are (css, fonts, client scripts). */
  assetsDir: string;
  /** Site-relative paths (under the root) of the stylesheet(s) and script(s) every page links. */
  styles: string[];
  scripts: string[];
  strings: Record<Language, UiStrings>;
  /**
   * The whole page. Return the `html` template's result (the build writes it piece by piece, never flattening a
   * page into one large string) or, for a simple theme, a string.
   */
  render(ctx: RenderContext): Html | string;
}
