/** Layout of a note page: header with title and facts, TOC, body, tags and previous/next links. */
import { html, raw } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { baseLayout } from '../partials/base.js';
import { comments } from '../partials/comments.js';
import { postMeta, tagList } from '../partials/post-meta.js';
import { toc } from '../partials/toc.js';
import type { Layout } from '../types.js';
import { assetUrl } from '../urls.js';

/** Renders a note. */
export const postLayout: Layout<'post'> = (ctx, { post }) => {
  const { t } = ctx;
  const ts = themeStrings[ctx.site.language];
  const hasNav = post.prev !== undefined || post.next !== undefined;
  const backlinks = post.backlinks ?? [];
  const outlinks = post.outlinks ?? [];
  // The preview script is fetched only by a page with something to preview: links to other notes, or footnotes.
  const previews = outlinks.length > 0 || (post.footnotes ?? 0) > 0;
  const previewData = previews
    ? html`<script type="application/json" id="link-previews">${raw(previewJson(outlinks))}</script>
<script src="${assetUrl(ctx.site.root, PREVIEW_SCRIPT)}" defer></script>`
    : html``;
  // The theme script's labels for what it adds to the note (copy buttons, the full-size diagram view).
  const main = html`<article class="post${post.toc.length > 0 ? ' has-toc' : ''}" data-copy="${ts.copyCode}" data-copied="${ts.copied}" data-copy-failed="${ts.copyFailed}" data-enlarge="${ts.enlargeDiagram}" data-close="${ts.close}">
<header class="post-header">
<h1 class="post-title">${post.title}</h1>
${postMeta(ctx, post, true)}
</header>
${toc(ctx, post.toc)}
<div class="post-body prose">
${post.html}
</div>
<footer class="post-footer">
${tagList(ctx, post.tags)}
${backlinks.length > 0 && html`<section class="backlinks" aria-labelledby="backlinks-title">
<h2 id="backlinks-title" class="backlinks-title">${ts.backlinks}</h2>
<ul>
${backlinks.map((b) => html`<li><a href="${b.url}">${b.title}</a></li>
`)}</ul>
</section>`}
${hasNav && html`<nav class="post-nav" aria-label="${ts.postNav}">
${post.prev && html`<a class="post-nav-prev" href="${post.prev.url}" rel="prev"><span class="post-nav-label">${t.prev}</span><span class="post-nav-title">${post.prev.title}</span></a>`}
${post.next && html`<a class="post-nav-next" href="${post.next.url}" rel="next"><span class="post-nav-label">${t.next}</span><span class="post-nav-title">${post.next.title}</span></a>`}
</nav>`}
</footer>
${comments(ctx, post.comments !== false)}
</article>
${previewData}`;
  return baseLayout(ctx, {
    main,
    description: post.description,
    ogType: 'article',
    article: { published: post.date.iso, modified: post.updated?.iso, tags: post.tags.map((tag) => tag.name) },
    math: post.hasMath,
    bodyClass: post.toc.length > 0 ? 'layout-post with-toc' : 'layout-post',
    image: post.image,
  });
};

/** Where the theme's link-preview script is published, under the site root. */
export const PREVIEW_SCRIPT = 'assets/preview.js';

/**
 * The previews of this page's links as JSON keyed by the target's path: only the notes this page links to, so
 * the page carries a few hundred bytes per target instead of a site-wide file. `<` is escaped so no text can
 * close the script element.
 */
function previewJson(outlinks: ReadonlyArray<{ url: string; title: string; excerpt: string }>): string {
  const data: Record<string, { title: string; excerpt: string }> = {};
  for (const o of outlinks) data[o.url] = { title: o.title, excerpt: o.excerpt };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
