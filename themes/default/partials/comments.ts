/**
 * The comment box at the end of a note, from the site's `comments` setting. Nothing is rendered (and nothing
 * third-party is fetched) unless the config names a provider; every provider loads only as the reader nears the
 * end of the note: giscus with its own `data-loading="lazy"`, Waline and Twikoo from a small loader that waits for
 * the box to come within a screen of view.
 */
import type { CommentsSettings, RenderContext } from '../../../src/site/render/context.js';
import { html, raw, type TrustedHtml } from '../../../src/site/render/html.js';

/**
 * giscus follows the reader's light/dark choice: the theme script sets `data-theme` on `<html>` (absent: the
 * system's), so the first load reads it and a later toggle is passed to the iframe as giscus's documented
 * `setConfig` message.
 */
const GISCUS_THEME_SCRIPT =
  `(function(){var s=document.currentScript.previousElementSibling,r=document.documentElement;` +
  `function th(){var t=r.getAttribute('data-theme');return t==='dark'||t==='light'?t:'preferred_color_scheme'}` +
  `s.setAttribute('data-theme',th());var o=new URL(s.src).origin;` +
  `new MutationObserver(function(){var f=document.querySelector('iframe.giscus-frame');` +
  `if(f&&f.contentWindow)f.contentWindow.postMessage({giscus:{setConfig:{theme:th()}}},o)})` +
  `.observe(r,{attributes:true,attributeFilter:['data-theme']})})();`;

/** Calls `go` once the box is within 600 px of the viewport (at once where IntersectionObserver is missing). */
const WHEN_NEAR =
  `function near(el,go){if(!('IntersectionObserver'in window))return go();var o=new IntersectionObserver(function(es){` +
  `if(es.some(function(e){return e.isIntersecting})){o.disconnect();go()}},{rootMargin:'600px'});o.observe(el)}`;

/** Waline's documented ES module and stylesheet, from the configured folder; dark mode as the site shows it. */
const WALINE_LOADER =
  `(function(){var el=document.currentScript.previousElementSibling;${WHEN_NEAR}near(el,function(){` +
  `var d=el.dataset,l=document.createElement('link');l.rel='stylesheet';l.href=d.cdn+'waline.css';document.head.appendChild(l);` +
  `import(d.cdn+'waline.js').then(function(w){var t=document.documentElement.getAttribute('data-theme');` +
  `w.init({el:el,serverURL:d.server,lang:d.lang,path:location.pathname,dark:t?'html[data-theme="dark"]':'auto'})})})})();`;

/** Twikoo's documented script and `twikoo.init`. */
const TWIKOO_LOADER =
  `(function(){var el=document.currentScript.previousElementSibling;${WHEN_NEAR}near(el,function(){` +
  `var d=el.dataset,s=document.createElement('script');s.src=d.src;s.onload=function(){var o={envId:d.env,el:'#'+el.id,path:location.pathname,lang:d.lang};` +
  `if(d.region)o.region=d.region;window.twikoo.init(o)};document.head.appendChild(s)})})();`;

/** The comments section of a note page; empty when the site has none or the note says `comments: false`. */
export function comments(ctx: RenderContext, enabled: boolean): TrustedHtml {
  const settings = ctx.site.comments;
  if (!settings || !enabled) return html``;
  const label = ctx.site.language === 'zh-CN' ? '评论' : 'Comments';
  return html`<section class="comments" aria-label="${label}">
${box(settings)}
</section>`;
}

function box(c: CommentsSettings): TrustedHtml {
  if (c.provider === 'giscus') {
    return html`<script src="${c.src}" data-repo="${c.repo}" data-repo-id="${c.repoId}" data-category="${c.category}" data-category-id="${c.categoryId}" data-mapping="${c.mapping}"${c.term ? html` data-term="${c.term}"` : ''} data-strict="${c.strict ? '1' : '0'}" data-reactions-enabled="${c.reactions ? '1' : '0'}" data-emit-metadata="0" data-input-position="${c.inputPosition}" data-theme="preferred_color_scheme" data-lang="${c.lang}" data-loading="lazy" crossorigin="anonymous" async></script>
<script>${raw(GISCUS_THEME_SCRIPT)}</script>`;
  }
  if (c.provider === 'waline') {
    return html`<div id="waline" class="comments-box" data-server="${c.serverURL}" data-cdn="${c.cdn}" data-lang="${c.lang}"></div>
<script>${raw(WALINE_LOADER)}</script>`;
  }
  return html`<div id="tcomment" class="comments-box" data-env="${c.envId}" data-region="${c.region}" data-src="${c.src}" data-lang="${c.lang}"></div>
<script>${raw(TWIKOO_LOADER)}</script>`;
}
