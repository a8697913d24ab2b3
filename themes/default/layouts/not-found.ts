/** Layout of the 404 page. Every link is root-relative, so it works at whatever path the server shows it. */
import { html } from '../../../src/site/render/html.js';
import { baseLayout } from '../partials/base.js';
import type { Layout } from '../types.js';

/** Renders the 404 page. */
export const notFoundLayout: Layout<'not-found'> = (ctx) => {
  const { site, t } = ctx;
  // The search page, if the site's navigation has one (the nav is built from the same strings).
  const searchLink = ctx.nav.find((l) => l.title === t.search);
  const main = html`<div class="not-found">
<p class="not-found-code" aria-hidden="true">404</p>
<h1 class="page-title">${t.notFoundTitle}</h1>
<p>${t.notFoundBody}</p>
<p class="not-found-links"><a href="${site.root}">${t.home}</a>${searchLink && html` · <a href="${searchLink.url}">${t.search}</a>`}</p>
</div>`;
  return baseLayout(ctx, { main, noindex: true, bodyClass: 'layout-not-found' });
};
