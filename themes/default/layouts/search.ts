/**
 * Layout of the search page. The form works as a plain GET form (`?q=`); theme.js loads `assets/search.js` here
 * at once, which reads the query, runs it through the Pagefind index and fills the result list, announcing the
 * count in a live region. The header's own box is left out on this page: this box is the one to use.
 */
import { html } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { baseLayout } from '../partials/base.js';
import { searchData } from '../partials/search-box.js';
import type { Layout } from '../types.js';

/** Renders the search page. */
export const searchLayout: Layout<'search'> = (ctx) => {
  const { site, t } = ctx;
  const ts = themeStrings[site.language];
  const main = html`<header class="page-header">
<h1 class="page-title">${t.search}</h1>
</header>
<form class="search-form" role="search" action="${ctx.url}" method="get" data-search-page ${searchData(ctx)}>
<label class="sr-only" for="search-input">${t.search}</label>
<input id="search-input" class="search-input" type="search" name="q" placeholder="${t.searchPlaceholder}" autocomplete="off" spellcheck="false" enterkeyhint="search" aria-keyshortcuts="/ Control+K Meta+K">
<button type="submit" class="search-submit">${t.search}</button>
</form>
<noscript><p class="search-noscript">${ts.searchNeedsJs}</p></noscript>
<p class="search-status" role="status" aria-live="polite" aria-atomic="true"></p>
<ol class="search-results"></ol>
<button type="button" class="search-more" hidden>${ts.searchMore}</button>`;
  return baseLayout(ctx, { main, noindex: true, bodyClass: 'layout-search' });
};
