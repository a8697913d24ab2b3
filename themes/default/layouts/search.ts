/**
 * Layout of the search page. The form works as a plain GET form (`?q=`); `assets/theme.js` reads the query,
 * fetches `search.json` and fills the result list, announcing the count in a live region.
 */
import { html } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { baseLayout } from '../partials/base.js';
import type { Layout } from '../types.js';

/** Renders the search page. */
export const searchLayout: Layout<'search'> = (ctx) => {
  const { site, t } = ctx;
  const ts = themeStrings[site.language];
  const main = html`<header class="page-header">
<h1 class="page-title">${t.search}</h1>
</header>
<form class="search-form" role="search" action="${ctx.url}" method="get"
 data-index="${site.root}search.json"
 data-count-one="${ts.searchCountOne}" data-count-many="${ts.searchCountMany}"
 data-no-results="${t.searchNoResults}" data-loading="${ts.searchLoading}" data-failed="${ts.searchFailed}">
<label class="sr-only" for="search-input">${t.search}</label>
<input id="search-input" class="search-input" type="search" name="q" placeholder="${t.searchPlaceholder}" autocomplete="off" spellcheck="false" enterkeyhint="search">
<button type="submit" class="search-submit">${t.search}</button>
</form>
<noscript><p class="search-noscript">${ts.searchNeedsJs}</p></noscript>
<p class="search-status" role="status" aria-live="polite" aria-atomic="true"></p>
<ol class="search-results"></ol>`;
  return baseLayout(ctx, { main, noindex: true, bodyClass: 'layout-search' });
};
