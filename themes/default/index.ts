/**
 * danlu's default theme: one layout per page kind, sharing partials, with light/dark styles and a tiny client
 * script for the theme toggle, which loads the search client (assets/search.js) only when a search box is used.
 * Math and diagrams arrive typeset in the HTML and need no script.
 */
import { fileURLToPath } from 'node:url';
import type { RenderContext, Theme } from '../../src/site/render/context.js';
import type { TrustedHtml } from '../../src/site/render/html.js';
import { strings } from './i18n.js';
import { archiveLayout } from './layouts/archive.js';
import { categoriesLayout } from './layouts/categories.js';
import { categoryLayout } from './layouts/category.js';
import { indexLayout } from './layouts/index.js';
import { notFoundLayout } from './layouts/not-found.js';
import { pageLayout } from './layouts/page.js';
import { postLayout } from './layouts/post.js';
import { searchLayout } from './layouts/search.js';
import { tagLayout } from './layouts/tag.js';
import { tagsLayout } from './layouts/tags.js';

export { KATEX_STYLESHEET, THEME_STORAGE_KEY } from './partials/base.js';

/** Renders any page by dispatching on its layout; the switch is exhaustive, so a new page kind fails to compile. */
export function renderPageHtml(ctx: RenderContext): TrustedHtml {
  const page = ctx.page;
  switch (page.layout) {
    case 'post': return postLayout(ctx, page);
    case 'page': return pageLayout(ctx, page);
    case 'index': return indexLayout(ctx, page);
    case 'tag': return tagLayout(ctx, page);
    case 'category': return categoryLayout(ctx, page);
    case 'tags': return tagsLayout(ctx, page);
    case 'categories': return categoriesLayout(ctx, page);
    case 'archive': return archiveLayout(ctx, page);
    case 'search': return searchLayout(ctx, page);
    case 'not-found': return notFoundLayout(ctx, page);
    default: {
      const unknown: never = page;
      throw new Error(`default theme: no layout for ${JSON.stringify((unknown as { layout?: unknown }).layout)}`);
    }
  }
}

/** Renders any page as one string (for tests and tools; the build writes {@link renderPageHtml}'s pieces). */
export function renderPage(ctx: RenderContext): string {
  return renderPageHtml(ctx).value;
}

/** The default theme. */
export const defaultTheme: Theme = {
  name: 'default',
  assetsDir: fileURLToPath(new URL('./assets', import.meta.url)),
  styles: ['assets/style.css', 'assets/search.css'],
  scripts: ['assets/theme.js'],
  strings,
  render: renderPageHtml,
};
