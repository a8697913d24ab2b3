/** A note's table of contents. */
import type { RenderContext, TocEntry } from '../../../src/site/render/context.js';
import { html, raw, type TrustedHtml } from '../../../src/site/render/html.js';

function entries(list: TocEntry[]): TrustedHtml {
  return html`<ol>
${list.map((e) => html`<li><a href="#${e.id}">${e.text}</a>${e.children.length > 0 && entries(e.children)}</li>\n`)}</ol>`;
}

/**
 * Closes the TOC on phone-width screens, where an open one pushes the note a screen down. Inline, right after
 * the element, so it runs while the page is parsed: the TOC is never painted open and then collapsed (no layout
 * shift). Without JavaScript the TOC simply stays open.
 */
const FOLD_ON_PHONES = `matchMedia('(max-width:39.99rem)').matches&&(document.currentScript.previousElementSibling.open=false)`;

/**
 * Renders the TOC as a `nav` holding a nested list of links to the heading anchors. It sits in a `<details>` so
 * it can be folded; open on wide screens, folded on phones (see {@link FOLD_ON_PHONES}).
 */
export function toc(ctx: RenderContext, list: TocEntry[]): TrustedHtml {
  if (list.length === 0) return html``;
  return html`<nav class="toc" aria-label="${ctx.t.toc}">
<details open>
<summary class="toc-title">${ctx.t.toc}</summary>
${entries(list)}
</details><script>${raw(FOLD_ON_PHONES)}</script>
</nav>`;
}
