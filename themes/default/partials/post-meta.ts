/** A note's facts line (dates, category chain, reading time) and its tag list. */
import type { DateInfo, PostSummary, RenderContext, TermLink } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';

/** `<time>` carrying the RFC 3339 instant and showing the day the note says, in the site's zone. */
export function timeTag(date: DateInfo): TrustedHtml {
  return html`<time datetime="${date.iso}">${date.day}</time>`;
}

/** The category chain, outermost first, as links separated by a chevron. */
export function categoryChain(categories: TermLink[]): TrustedHtml {
  return html`${categories.map((c, i) => html`${i > 0 && html`<span class="sep" aria-hidden="true">›</span>`}<a href="${c.url}">${c.name}</a>`)}`;
}

/** Renders the facts line; `full` adds the update date and reading time (note pages). */
export function postMeta(ctx: RenderContext, post: PostSummary, full: boolean): TrustedHtml {
  const { t } = ctx;
  // An update on the same day as publication is noise; show it only when the day differs.
  const updated = full && post.updated && post.updated.day !== post.date.day ? post.updated : undefined;
  return html`<div class="post-meta">
<span class="meta-item"><span class="meta-label">${t.posted}</span> ${timeTag(post.date)}</span>
${updated && html`<span class="meta-item"><span class="meta-label">${t.updated}</span> ${timeTag(updated)}</span>`}
${post.categories.length > 0 && html`<span class="meta-item meta-categories"><span class="meta-label">${t.categories}</span> ${categoryChain(post.categories)}</span>`}
${full && html`<span class="meta-item meta-reading">${t.readingTime(post.readingMinutes, post.wordCount)}</span>`}
</div>`;
}

/** The note's tags as a list of `rel="tag"` links; nothing when the note has none. */
export function tagList(ctx: RenderContext, tags: TermLink[]): TrustedHtml {
  if (tags.length === 0) return html``;
  return html`<ul class="tag-list" aria-label="${ctx.t.tags}">
${tags.map((tag) => html`<li><a href="${tag.url}" rel="tag">${tag.name}</a></li>\n`)}</ul>`;
}
