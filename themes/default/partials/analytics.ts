/**
 * Analytics snippets for `<head>`, from the site's `analytics` setting: each service's documented snippet with
 * its script `async` or `defer`, so none holds up the first paint. Nothing at all without the setting.
 */
import type { AnalyticsSettings, RenderContext } from '../../../src/site/render/context.js';
import { html, raw, type TrustedHtml } from '../../../src/site/render/html.js';

/** Every configured service's snippet, in the order the config lists them. */
export function analytics(ctx: RenderContext): TrustedHtml {
  return html`${(ctx.site.analytics ?? []).map((a) => html`${snippet(a)}\n`)}`;
}

function snippet(a: AnalyticsSettings): TrustedHtml {
  switch (a.provider) {
    case 'umami':
      return html`<script defer src="${a.src}" data-website-id="${a.websiteId}"${a.domains ? html` data-domains="${a.domains}"` : ''}></script>`;
    case 'plausible':
      return html`<script defer data-domain="${a.domain}" src="${a.src}"></script>`;
    case 'baidu':
      // Baidu Tongji's snippet as its console gives it; the id was checked to be 32 hex digits, safe in the string.
      return html`<script>${raw(`var _hmt=_hmt||[];(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?${a.id}";hm.async=true;var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s)})();`)}</script>`;
    case 'google':
      // gtag.js as Google documents it; the id was checked against G-/UA-/… letters and digits.
      return html`<script async src="https://www.googletagmanager.com/gtag/js?id=${a.id}"></script>
<script>${raw(`window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','${a.id}');`)}</script>`;
  }
}
