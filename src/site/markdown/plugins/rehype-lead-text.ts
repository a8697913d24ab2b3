/**
 * The note's first paragraph as plain text (`file.data.lead`), for the previews other notes show of it. Inline
 * math is written as its TeX (read from KaTeX's `<annotation>`), so a preview reads "损失 L = \sum_i …" instead of
 * losing the formula, as the search text does. Only a paragraph at the top level counts: one in a callout, a
 * list or a footnote is not the note's opening.
 */
import type { ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { hasClass } from './rehype-scroll-wrappers.js';

declare module 'vfile' {
  interface DataMap {
    /** Plain text of the first top-level paragraph with text, math as TeX, whitespace folded (absent: no paragraph). */
    lead: string;
  }
}

/** Longest lead kept: previews show less; the rest would only fill the cache. */
const MAX_LEAD = 600;

/** The plugin; see the file comment. */
export function rehypeLeadText() {
  return (tree: Root, file: VFile): void => {
    // A paragraph holding only an image has no text to preview: the next one is the opening.
    for (const c of tree.children) {
      if (c.type !== 'element' || c.tagName !== 'p') continue;
      const text = textOf(c).replace(/\s+/g, ' ').trim();
      if (!text) continue;
      file.data.lead = text.length > MAX_LEAD ? text.slice(0, MAX_LEAD) : text;
      return;
    }
  };
}

function textOf(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if ((node as { type: string }).type === 'raw') return rawText((node as unknown as { value: string }).value);
  if (node.type !== 'element') return '';
  if (hasClass(node, 'katex-mathml')) return '';
  return node.children.map(textOf).join('');
}

/** Text of finished HTML: a KaTeX formula as its TeX, any other markup dropped. */
function rawText(html: string): string {
  const tex = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/.exec(html)?.[1];
  if (tex !== undefined) return decodeEntities(tex);
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

function decodeEntities(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[(name ?? '').toLowerCase() as 'amp'] ?? '';
  });
}
