/** Site footer: copyright line, feed link and credit. */
import type { RenderContext } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';

/** Renders the `<footer>` landmark. */
export function siteFooter(ctx: RenderContext): TrustedHtml {
  const { site } = ctx;
  return html`<footer class="site-footer">
<div class="footer-inner">
<p>© ${ctx.buildYear} ${site.author || site.title}</p>
<p><a href="${ctx.feedUrl}" type="application/atom+xml">${ctx.t.feed}</a> · ${ctx.t.poweredBy}</p>
</div>
</footer>`;
}
