/** Layout of the home page: the site's name and a paginated list of excerpts. */
import { html } from '../../../src/site/render/html.js';
import { baseLayout, excerptsHaveMath } from '../partials/base.js';
import { pagination } from '../partials/pagination.js';
import { postList } from '../partials/post-card.js';
import type { Layout } from '../types.js';

/** Renders a page of the home list. */
export const indexLayout: Layout<'index'> = (ctx, page) => {
  const { site, t } = ctx;
  const p = page.pagination;
  const main = html`<header class="page-header home-header">
<h1 class="page-title">${site.title}${p.current > 1 && html` <span class="page-title-sub">${t.page(p.current, p.total)}</span>`}</h1>
${p.current === 1 && site.subtitle && html`<p class="page-lead">${site.subtitle}</p>`}
</header>
${postList(ctx, page.posts)}
${pagination(ctx, p)}`;
  return baseLayout(ctx, { main, math: excerptsHaveMath(page.posts), bodyClass: 'layout-index' });
};
