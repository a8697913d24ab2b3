/** Layout of the tag index: every tag with its count, sized by use. */
import { html } from '../../../src/site/render/html.js';
import { baseLayout } from '../partials/base.js';
import type { Layout } from '../types.js';

/**
 * Weight 1–5 of a tag in the cloud, on a log scale so one very common tag does not flatten all the others.
 */
export function tagWeight(count: number, max: number): number {
  if (max <= 1) return 1;
  return 1 + Math.round((4 * Math.log(Math.max(count, 1))) / Math.log(max));
}

/** Renders the tag index. */
export const tagsLayout: Layout<'tags'> = (ctx, page) => {
  const { t } = ctx;
  const max = page.tags.reduce((m, tag) => Math.max(m, tag.count), 0);
  const main = html`<header class="page-header">
<h1 class="page-title">${t.tags}</h1>
</header>
<ul class="tag-cloud">
${page.tags.map((tag) => html`<li class="w${tagWeight(tag.count, max)}"><a href="${tag.url}" rel="tag">${tag.name} <span class="count"><span aria-hidden="true">${tag.count}</span><span class="sr-only">${t.postsCount(tag.count)}</span></span></a></li>\n`)}</ul>`;
  return baseLayout(ctx, { main, bodyClass: 'layout-tags' });
};
