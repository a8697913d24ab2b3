/** Layout of the category index: the category tree, nested as Hexo's nested categories are. */
import { html } from '../../../src/site/render/html.js';
import { baseLayout } from '../partials/base.js';
import { categoryTree } from '../partials/category-tree.js';
import type { Layout } from '../types.js';

/** Renders the category index. */
export const categoriesLayout: Layout<'categories'> = (ctx, page) => {
  const main = html`<header class="page-header">
<h1 class="page-title">${ctx.t.categories}</h1>
</header>
${categoryTree(ctx, page.tree)}`;
  return baseLayout(ctx, { main, bodyClass: 'layout-categories' });
};
