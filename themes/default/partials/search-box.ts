/**
 * The header's search box. Without JavaScript it is a plain GET form to the search page (`?q=`); with it,
 * theme.js loads `assets/search.js` the first time the box is focused (or `/`, Ctrl-K, ⌘K is pressed), which turns
 * it into a combobox whose listbox shows results as you type. A page whose box is never used loads no index.
 */
import type { RenderContext } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { assetUrl } from '../urls.js';

/** Where search.js is served from, relative to the site root (copied with the theme's assets). */
export const SEARCH_SCRIPT = 'assets/search.js';
/** Where the build writes Pagefind's bundle (src/site/search/pagefind-index.ts SEARCH_DIR). */
export const SEARCH_BUNDLE = 'pagefind/';

/** The data attributes search.js reads: where the bundle is and the words it shows. */
export function searchData(ctx: RenderContext): TrustedHtml {
  const { site, t } = ctx;
  const ts = themeStrings[site.language];
  return html`data-search-bundle="${assetUrl(site.root, SEARCH_BUNDLE)}" data-search-script="${assetUrl(site.root, SEARCH_SCRIPT)}" data-count-one="${ts.searchCountOne}" data-count-many="${ts.searchCountMany}" data-no-results="${t.searchNoResults}" data-loading="${ts.searchLoading}" data-failed="${ts.searchFailed}"`;
}

/** Renders the box: a labelled combobox input, a hint for the `/` shortcut, a live count and the listbox. */
export function searchBox(ctx: RenderContext): TrustedHtml {
  const { site, t } = ctx;
  return html`<form class="site-search" role="search" action="${site.root}search/" method="get" ${searchData(ctx)}>
<label class="sr-only" for="site-search-input">${t.search}</label>
<input id="site-search-input" class="site-search-input" type="search" name="q" placeholder="${t.search}" autocomplete="off" spellcheck="false" enterkeyhint="search" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-list" aria-keyshortcuts="/ Control+K Meta+K">
<kbd class="site-search-key" aria-hidden="true">/</kbd>
<p class="sr-only" role="status" aria-live="polite" aria-atomic="true"></p>
<ul id="site-search-list" class="site-search-list" role="listbox" aria-label="${t.search}" hidden></ul>
</form>`;
}
