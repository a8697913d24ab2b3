/**
 * The document shell every page shares: `<head>` (title, description, canonical, OpenGraph, feed, styles, the
 * pre-paint theme snippet), skip link, header, `<main id="main">` and footer.
 */
import type { RenderContext } from '../../../src/site/render/context.js';
import { html, raw, type TrustedHtml } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { absoluteUrl, assetUrl } from '../urls.js';
import { analytics } from './analytics.js';
import { siteFooter } from './footer.js';
import { siteHeader } from './header.js';

/**
 * Where the build copies KaTeX's stylesheet (and, beside it, its `fonts/`), relative to the site root. Linked only
 * on pages that contain typeset math, so pages without math load no font CSS.
 */
export const KATEX_STYLESHEET = 'katex/katex.min.css';

/** localStorage key of the reader's light/dark choice; `assets/theme.js` uses the same key. */
export const THEME_STORAGE_KEY = 'danlu-theme';

/**
 * Runs in `<head>` before the stylesheet applies, so a reader who chose dark never sees a light flash. Kept
 * inline (a few hundred bytes) because an external script would be fetched after first paint.
 */
const PRE_PAINT_SCRIPT =
  `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');` +
  `if(t==='dark'||t==='light')document.documentElement.setAttribute('data-theme',t)}catch(e){}})();`;

/** What a layout hands the shell besides the context. */
export interface ShellOptions {
  /** The content of `<main>`. */
  main: TrustedHtml;
  /** Meta description; defaults to the site description. */
  description?: string | undefined;
  /** OpenGraph type: `article` for notes. */
  ogType?: 'website' | 'article';
  /** Article facts for OpenGraph (notes only). */
  article?: { published: string; modified: string | undefined; tags: string[] };
  /** Link KaTeX's stylesheet (the page contains typeset math). */
  math?: boolean;
  /** Keep the page out of search engines (404, search). */
  noindex?: boolean;
  /** Extra class on `<body>`, naming the layout for page-specific styles. */
  bodyClass: string;
  /** Href of the page's social-card image (a note's first image); made absolute for `og:image`. */
  image?: string | undefined;
}

/** Renders a complete HTML document. */
export function baseLayout(ctx: RenderContext, options: ShellOptions): TrustedHtml {
  const { site } = ctx;
  const fullTitle = ctx.title && ctx.title !== site.title ? `${ctx.title} | ${site.title}` : site.title;
  const description = options.description || site.description;
  const canonical = absoluteUrl(site, ctx.url);
  const styles = ctx.assets.styles.map((s) => assetUrl(site.root, s));
  const katexHref = assetUrl(site.root, KATEX_STYLESHEET);
  // The build may already list KaTeX's stylesheet for this page; never link it twice.
  if (options.math && !styles.some((s) => /katex/i.test(s))) styles.unshift(katexHref);
  const scripts = ctx.assets.scripts.map((s) => assetUrl(site.root, s));
  // Module scripts are deferred by nature: the note is readable before its demos' loader runs.
  const modules = (ctx.assets.modules ?? []).map((s) => assetUrl(site.root, s));
  const ts = themeStrings[site.language];

  const head = html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${description && html`<meta name="description" content="${description}">`}
${site.author && html`<meta name="author" content="${site.author}">`}
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#fbfaf8" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#16181d" media="(prefers-color-scheme: dark)">
${options.noindex && html`<meta name="robots" content="noindex">`}
<link rel="canonical" href="${canonical}">
<link rel="alternate" type="application/atom+xml" title="${site.title}" href="${ctx.feedUrl}">
<meta property="og:type" content="${options.ogType ?? 'website'}">
<meta property="og:title" content="${ctx.title || site.title}">
<meta property="og:site_name" content="${site.title}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${ts.ogLocale}">
${description && html`<meta property="og:description" content="${description}">`}
${options.image && html`<meta property="og:image" content="${absoluteUrl(site, options.image)}">`}
<meta name="twitter:card" content="${options.image ? 'summary_large_image' : 'summary'}">
${options.article && html`<meta property="article:published_time" content="${options.article.published}">
${options.article.modified && html`<meta property="article:modified_time" content="${options.article.modified}">`}
${options.article.tags.map((tag) => html`<meta property="article:tag" content="${tag}">\n`)}`}
<script>${raw(PRE_PAINT_SCRIPT)}</script>
${styles.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}${scripts.map((src) => html`<script src="${src}" defer></script>\n`)}${modules.map((src) => html`<script type="module" src="${src}"></script>\n`)}${analytics(ctx)}`;
  // Collapse the blank lines left by conditionals that rendered nothing. Only the head: the note body in <main>
  // may hold <pre> blocks whose blank lines matter.
  const tidyHead = head.value.replace(/\n{2,}/g, '\n');

  return html`<!doctype html>
<html lang="${site.language}">
<head>
${raw(tidyHead)}</head>
<body class="${options.bodyClass}">
<a class="skip-link" href="#main">${ctx.t.skipToContent}</a>
${siteHeader(ctx)}
<main id="main" class="site-main" tabindex="-1">
${options.main}
</main>
${siteFooter(ctx)}
</body>
</html>
`;
}

/**
 * Whether any excerpt on a list page carries KaTeX output. List pages have no `hasMath` flag in the context, and
 * KaTeX's HTML without its stylesheet shows every formula twice, so each excerpt's own flag is checked.
 */
export function excerptsHaveMath(posts: readonly { excerptHasMath: boolean }[]): boolean {
  return posts.some((p) => p.excerptHasMath);
}
