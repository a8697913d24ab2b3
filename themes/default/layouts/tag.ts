/** Layout of one tag's page: the notes carrying the tag. */
import { html } from '../../../src/site/render/html.js';
import { baseLayout, excerptsHaveMath } from '../partials/base.js';
import { pagination } from '../partials/pagination.js';
import { postList } from '../partials/post-card.js';
import type { Layout } from '../types.js';

/** Renders a page of a tag's notes. */
export const tagLayout: Layout<'tag'> = (ctx, page) => {
  const { t } = ctx;
  const main = html`<header class="page-header">
<h1 class="page-title">${t.tagged(page.term.name)}</h1>
<p class="page-lead">${t.postsCount(page.term.count)}${page.pagination.total > 1 && html` · ${t.page(page.pagination.current, page.pagination.total)}`}</p>
</header>
${postList(ctx, page.posts)}
${pagination(ctx, page.pagination)}`;
  return baseLayout(ctx, { main, math: excerptsHaveMath(page.posts), bodyClass: 'layout-tag' });
};
