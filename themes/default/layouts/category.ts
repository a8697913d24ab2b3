/** Layout of one category's page: its place in the tree, its subcategories and its notes. */
import { html } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { baseLayout, excerptsHaveMath } from '../partials/base.js';
import { categoryTree } from '../partials/category-tree.js';
import { pagination } from '../partials/pagination.js';
import { postList } from '../partials/post-card.js';
import type { Layout } from '../types.js';

/** Renders a page of a category's notes. */
export const categoryLayout: Layout<'category'> = (ctx, page) => {
  const { t } = ctx;
  const ts = themeStrings[ctx.site.language];
  // The trail is the chain of categories down to this one; tolerate a trail that stops at the parent.
  const trail = page.trail.length > 0 && page.trail[page.trail.length - 1]?.url === page.term.url
    ? page.trail.slice(0, -1)
    : page.trail;
  const main = html`<header class="page-header">
${trail.length > 0 && html`<nav class="breadcrumb" aria-label="${ts.breadcrumb}">
<ol>
${trail.map((c) => html`<li><a href="${c.url}">${c.name}</a></li>\n`)}<li><a href="${page.term.url}" aria-current="page">${page.term.name}</a></li>
</ol>
</nav>`}
<h1 class="page-title">${t.inCategory(page.term.name)}</h1>
<p class="page-lead">${t.postsCount(page.term.count)}${page.pagination.total > 1 && html` · ${t.page(page.pagination.current, page.pagination.total)}`}</p>
</header>
${page.children.length > 0 && html`<section class="subcategories" aria-labelledby="subcategories-title">
<h2 id="subcategories-title" class="section-title">${ts.subcategories}</h2>
${categoryTree(ctx, page.children)}
</section>`}
${postList(ctx, page.posts)}
${pagination(ctx, page.pagination)}`;
  return baseLayout(ctx, { main, math: excerptsHaveMath(page.posts), bodyClass: 'layout-category' });
};
