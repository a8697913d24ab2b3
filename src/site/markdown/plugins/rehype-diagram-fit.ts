/**
 * Diagrams stay readable on a phone: an SVG scaled down to a 358 px column drew its 11 px labels at 5–6 px. Each
 * diagram's drawing goes into a scroll box (`div.diagram-scroll`, a labelled focusable region) with
 * `--diagram-min-width` set to the width at which its smallest text is {@link MIN_TEXT_PX} px; the theme's CSS
 * keeps the SVG at least that wide, so a narrow screen scrolls the figure instead of shrinking its text, while a
 * wide screen still scales a large diagram to the column. The theme script adds the full-size view on click.
 *
 * The sizes are read from the SVG's text: the root's `width`/`viewBox` and every `font-size` (attribute or CSS,
 * in px or unitless user units). A diagram whose text sizes cannot be read gets the box without a minimum.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from '../walk.js';
import { hasClass } from './rehype-scroll-wrappers.js';

/** The smallest text size a phone reader should get, in CSS px. */
export const MIN_TEXT_PX = 11;

const LABEL = { zh: '图', en: 'Diagram' } as const;

/** The plugin: `language` picks the box's fallback label (the figure's caption is used when there is one). */
export function rehypeDiagramFit(options: { language: 'zh' | 'en' }) {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'figure' || !hasClass(node, 'diagram') || hasClass(node, 'diagram-error')) return;
      const drawing = node.children.filter((c) => !(c.type === 'element' && c.tagName === 'figcaption'));
      const caption = node.children.filter((c) => c.type === 'element' && c.tagName === 'figcaption');
      // The drawing arrives as raw HTML or, once raw HTML was parsed, as elements: read both as markup.
      const svg = toHtml({ type: 'root', children: drawing }, { allowDangerousHtml: true });
      if (!svg.includes('<svg')) return 'skip';
      const minWidth = readableWidth(svg);
      const box: Element = {
        type: 'element',
        tagName: 'div',
        properties: {
          className: ['diagram-scroll'],
          role: 'region',
          tabIndex: 0,
          ariaLabel: captionText(caption) || LABEL[options.language],
          ...(minWidth ? { style: `--diagram-min-width:${minWidth}px` } : {}),
        },
        children: drawing,
      };
      node.children = [box, ...caption];
      return 'skip';
    });
  };
}

/**
 * Width in px at which the smallest text of `svg` is {@link MIN_TEXT_PX} px, or undefined when its sizes cannot
 * be read.
 */
export function readableWidth(svg: string): number | undefined {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!open) return undefined;
  const viewBox = /\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)/.exec(open)?.[1];
  const width = /\bwidth="([\d.]+)(?:px)?"/.exec(open)?.[1];
  const userWidth = Number(viewBox ?? width);
  if (!(userWidth > 0)) return undefined;
  const sizes: number[] = [];
  for (const m of svg.matchAll(/font-size(?:="|:\s*)([\d.]+)(px|em|rem|pt|%)?/g)) {
    const n = Number(m[1]);
    const unit = m[2] ?? 'px';
    if (!(n > 0)) continue;
    if (unit === 'px') sizes.push(n);
    else if (unit === 'pt') sizes.push((n * 4) / 3);
    else if (unit === 'em' || unit === 'rem') sizes.push(n * 16);
  }
  if (sizes.length === 0) return undefined;
  const smallest = Math.min(...sizes);
  // Text is drawn at fontSize × renderedWidth / viewBoxWidth; below this width it would be under the minimum
  // (above the natural width when the drawing's own text is already smaller than the minimum).
  return Math.ceil((userWidth * MIN_TEXT_PX) / smallest);
}

function captionText(nodes: ElementContent[]): string {
  const parts: string[] = [];
  const walk = (n: ElementContent): void => {
    if (n.type === 'text') parts.push(n.value);
    else if (n.type === 'element') n.children.forEach(walk);
  };
  nodes.forEach(walk);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
