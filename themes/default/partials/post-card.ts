/** A note as it appears in list pages: title, facts, excerpt, tags and a "read more" link. */
import type { PostSummary, RenderContext } from '../../../src/site/render/context.js';
import { html, isEmptyHtml, raw, type TrustedHtml } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { postMeta, tagList } from './post-meta.js';

/**
 * Renders one card. `level` is the heading level of the note's title, so the card fits the page's outline
 * (h2 under the page's h1).
 */
export function postCard(ctx: RenderContext, post: PostSummary, level: 2 | 3 = 2): TrustedHtml {
  const h = raw(`h${level}`);
  return html`<article class="post-card">
<header>
<${h} class="post-card-title"><a href="${post.url}">${post.title}</a></${h}>
${postMeta(ctx, post, false)}
</header>
${!isEmptyHtml(post.excerptHtml) && html`<div class="post-card-excerpt prose">
${post.excerptHtml}
</div>`}
<footer class="post-card-footer">
${tagList(ctx, post.tags)}
${post.hasMore && html`<a class="read-more" href="${post.url}" aria-label="${themeStrings[ctx.site.language].readMoreAbout(post.title)}">${ctx.t.readMore}<span aria-hidden="true"> →</span></a>`}
</footer>
</article>`;
}

/** Renders a list of cards. */
export function postList(ctx: RenderContext, posts: PostSummary[]): TrustedHtml {
  return html`<div class="post-list">
${posts.map((p) => html`${postCard(ctx, p)}\n`)}</div>`;
}
