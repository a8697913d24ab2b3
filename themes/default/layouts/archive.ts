/** Layout of the archives: notes grouped by year, then by month. */
import type { ArchiveGroup, RenderContext } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';
import { baseLayout } from '../partials/base.js';
import { pagination } from '../partials/pagination.js';
import { timeTag } from '../partials/post-meta.js';
import type { Layout } from '../types.js';

/** Consecutive groups of one year, so each year gets one heading however many months it has. */
interface YearBlock {
  year: number;
  groups: ArchiveGroup[];
}

function byYear(groups: ArchiveGroup[]): YearBlock[] {
  const blocks: YearBlock[] = [];
  for (const g of groups) {
    const last = blocks[blocks.length - 1];
    if (last && last.year === g.year) last.groups.push(g);
    else blocks.push({ year: g.year, groups: [g] });
  }
  return blocks;
}

/** A heading's text as a link to its archive page, unless that page is the one being rendered. */
function linked(text: string, url: string, current: string): TrustedHtml {
  return url && url !== current ? html`<a href="${url}">${text}</a>` : html`${text}`;
}

function postItems(group: ArchiveGroup): TrustedHtml {
  return html`<ul class="archive-list">
${group.posts.map((p) => html`<li>${timeTag(p.date)} <a href="${p.url}">${p.title}</a></li>\n`)}</ul>`;
}

function yearBlock(ctx: RenderContext, block: YearBlock): TrustedHtml {
  const yearGroup = block.groups.find((g) => g.month === undefined);
  // The year's count is over the whole site: a year split across two list pages shows the same number on both.
  const count = block.groups[0]?.yearCount ?? 0;
  return html`<section class="archive-year" aria-labelledby="archive-${block.year}">
<h2 id="archive-${block.year}" class="archive-year-title">${yearGroup ? linked(String(block.year), yearGroup.url, ctx.url) : String(block.year)} <span class="count">${ctx.t.postsCount(count)}</span></h2>
${block.groups.map((g) =>
    g.month === undefined
      ? postItems(g)
      : html`<h3 class="archive-month-title">${linked(ctx.t.yearMonth(g.year, g.month), g.url, ctx.url)}</h3>
${postItems(g)}
`,
  )}
</section>`;
}

/** Renders a page of the archives. */
export const archiveLayout: Layout<'archive'> = (ctx, page) => {
  const main = html`<header class="page-header">
<h1 class="page-title">${page.title}</h1>
</header>
${byYear(page.groups).map((block) => html`${yearBlock(ctx, block)}\n`)}
${pagination(ctx, page.pagination)}`;
  return baseLayout(ctx, { main, bodyClass: 'layout-archive' });
};
