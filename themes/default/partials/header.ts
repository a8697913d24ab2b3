/** Site header: the site's name, the main navigation, the search box and the light/dark toggle. */
import type { NoteLink, RenderContext } from '../../../src/site/render/context.js';
import { html, raw, type TrustedHtml } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { searchBox } from './search-box.js';

// Both icons are always in the button; CSS shows the one for the mode the click switches to.
const MOON = raw(
  '<svg class="icon icon-moon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M20.3 14.6A8.5 8.5 0 0 1 9.4 3.7a8.5 8.5 0 1 0 10.9 10.9Z"/></svg>',
);
const SUN = raw(
  '<svg class="icon icon-sun" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<circle cx="12" cy="12" r="4.5" fill="currentColor"/><g stroke="currentColor" stroke-width="2" stroke-linecap="round">' +
    '<path d="M12 1.5v2.5M12 20v2.5M1.5 12H4M20 12h2.5M4.6 4.6l1.8 1.8M17.6 17.6l1.8 1.8M4.6 19.4l1.8-1.8M17.6 6.4l1.8-1.8"/></g></svg>',
);

/**
 * How a nav link relates to the current page: `page` when it is the page itself, `section` when the page lives
 * under it (a year archive under the archives), so the link can be marked for both screen readers and sight.
 */
export function navState(link: NoteLink, currentUrl: string, root: string): 'page' | 'section' | undefined {
  if (link.url === currentUrl) return 'page';
  if (link.url !== root && currentUrl.startsWith(link.url)) return 'section';
  return undefined;
}

/** Renders the `<header>` landmark. */
export function siteHeader(ctx: RenderContext): TrustedHtml {
  const { site } = ctx;
  const ts = themeStrings[site.language];
  return html`<header class="site-header">
<div class="header-inner">
<a class="site-title" href="${site.root}"${ctx.url === site.root && raw(' aria-current="page"')}>${site.title}</a>
<nav class="site-nav" aria-label="${ts.mainNav}">
<ul>
${ctx.nav.map((link) => {
    const state = navState(link, ctx.url, site.root);
    return html`<li><a href="${link.url}"${state === 'page' && raw(' aria-current="page"')}${state === 'section' && raw(' class="active"')}>${link.title}</a></li>\n`;
  })}</ul>
</nav>
${ctx.page.layout !== 'search' && searchBox(ctx)}
<button type="button" class="theme-toggle" aria-pressed="false" aria-label="${ctx.t.toggleTheme}" title="${ctx.t.toggleTheme}" hidden>${MOON}${SUN}</button>
</div>
</header>`;
}
