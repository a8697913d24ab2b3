/** Layout of the category index: the category tree, nested as Hexo's nested categories are. */
import type { CategoryNode, RenderContext } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';
import { baseLayout } from '../partials/base.js';
import type { Layout } from '../types.js';

/** Renders a category tree as nested lists with counts. */
export function categoryTree(ctx: RenderContext, nodes: CategoryNode[]): TrustedHtml {
  return html`<ul class="category-tree">
${nodes.map((n) => html`<li><a href="${n.url}">${n.name}</a> <span class="count"><span aria-hidden="true">${n.count}</span><span class="sr-only">${ctx.t.postsCount(n.count)}</span></span>${n.children.length > 0 && categoryTree(ctx, n.children)}</li>\n`)}</ul>`;
}

/** Renders the category index. */
export const categoriesLayout: Layout<'categories'> = (ctx, page) => {
  const main = html`<header class="page-header">
<h1 class="page-title">${ctx.t.categories}</h1>
</header>
${categoryTree(ctx, page.tree)}`;
  return baseLayout(ctx, { main, bodyClass: 'layout-categories' });
};
