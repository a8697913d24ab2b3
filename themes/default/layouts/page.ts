/** Layout of a page written by hand (`about/index.md`, `404.md`): its title, table of contents and body only. */
import { html } from '../../../src/site/render/html.js';
import { baseLayout } from '../partials/base.js';
import { toc } from '../partials/toc.js';
import type { Layout } from '../types.js';

/** Renders a page. A hand-written 404 page stays out of search engines like the generated one. */
export const pageLayout: Layout<'page'> = (ctx, { post }) => {
  const main = html`<article class="post${post.toc.length > 0 ? ' has-toc' : ''}">
<header class="post-header">
<h1 class="post-title">${post.title}</h1>
</header>
${toc(ctx, post.toc)}
<div class="post-body prose">
${post.html}
</div>
</article>`;
  return baseLayout(ctx, {
    main,
    description: post.description,
    math: post.hasMath,
    noindex: ctx.url.endsWith('/404.html'),
    bodyClass: post.toc.length > 0 ? 'layout-page with-toc' : 'layout-page',
  });
};
