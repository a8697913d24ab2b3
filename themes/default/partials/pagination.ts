/** Pagination of list pages (home, tag, category, archive). */
import type { Pagination, RenderContext } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';
import { themeStrings } from '../i18n.js';

/** Renders a `nav` with newer/older links and "page N of M"; nothing when everything fits on one page. */
export function pagination(ctx: RenderContext, p: Pagination): TrustedHtml {
  if (p.total <= 1) return html``;
  const { t } = ctx;
  return html`<nav class="pagination" aria-label="${themeStrings[ctx.site.language].pagination}">
${p.prevUrl ? html`<a class="page-prev" href="${p.prevUrl}" rel="prev"><span aria-hidden="true">← </span>${t.newer}</a>` : html`<span class="page-prev" aria-hidden="true"></span>`}
<span class="page-status">${t.page(p.current, p.total)}</span>
${p.nextUrl ? html`<a class="page-next" href="${p.nextUrl}" rel="next">${t.older}<span aria-hidden="true"> →</span></a>` : html`<span class="page-next" aria-hidden="true"></span>`}
</nav>`;
}
