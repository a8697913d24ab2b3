/** Layout of a note page: header with title and facts, TOC, body, tags and previous/next links. */
import { html } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';
import { baseLayout } from '../partials/base.js';
import { postMeta, tagList } from '../partials/post-meta.js';
import { toc } from '../partials/toc.js';
import type { Layout } from '../types.js';

/** Renders a note. */
export const postLayout: Layout<'post'> = (ctx, { post }) => {
  const { t } = ctx;
  const ts = themeStrings[ctx.site.language];
  const hasNav = post.prev !== undefined || post.next !== undefined;
  const main = html`<article class="post${post.toc.length > 0 ? ' has-toc' : ''}">
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
${hasNav && html`<nav class="post-nav" aria-label="${ts.postNav}">
${post.prev && html`<a class="post-nav-prev" href="${post.prev.url}" rel="prev"><span class="post-nav-label">${t.prev}</span><span class="post-nav-title">${post.prev.title}</span></a>`}
${post.next && html`<a class="post-nav-next" href="${post.next.url}" rel="next"><span class="post-nav-label">${t.next}</span><span class="post-nav-title">${post.next.title}</span></a>`}
</nav>`}
</footer>
</article>`;
  return baseLayout(ctx, {
    main,
    description: post.description,
    ogType: 'article',
    article: { published: post.date.iso, modified: post.updated?.iso, tags: post.tags.map((tag) => tag.name) },
    math: post.hasMath,
    bodyClass: post.toc.length > 0 ? 'layout-post with-toc' : 'layout-post',
  });
};
