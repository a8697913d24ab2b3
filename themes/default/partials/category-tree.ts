/** The category tree as nested lists, shared by the category index and a category's subcategories. */
import type { CategoryNode, RenderContext } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';

/** Renders nodes as nested `ul.category-tree` with counts (spoken as "N notes", shown as a bare number). */
export function categoryTree(ctx: RenderContext, nodes: CategoryNode[]): TrustedHtml {
  return html`<ul class="category-tree">
${nodes.map((n) => html`<li><a href="${n.url}">${n.name}</a> <span class="count"><span aria-hidden="true">${n.count}</span><span class="sr-only">${ctx.t.postsCount(n.count)}</span></span>${n.children.length > 0 && categoryTree(ctx, n.children)}</li>\n`)}</ul>`;
}
