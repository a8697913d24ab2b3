/** A note's table of contents. */
import type { RenderContext, TocEntry } from '../../../src/site/render/context.js';
import { html, type TrustedHtml } from '../../../src/site/render/html.js';

function entries(list: TocEntry[]): TrustedHtml {
  return html`<ol>
${list.map((e) => html`<li><a href="#${e.id}">${e.text}</a>${e.children.length > 0 && entries(e.children)}</li>\n`)}</ol>`;
}

/**
 * Renders the TOC as a `nav` holding a nested list of links to the heading anchors. It sits in a `<details>` so
 * readers on a phone can fold it away; it starts open because most notes are read on wide screens.
 */
export function toc(ctx: RenderContext, list: TocEntry[]): TrustedHtml {
  if (list.length === 0) return html``;
  return html`<nav class="toc" aria-label="${ctx.t.toc}">
<details open>
<summary class="toc-title">${ctx.t.toc}</summary>
${entries(list)}
</details>
</nav>`;
}
