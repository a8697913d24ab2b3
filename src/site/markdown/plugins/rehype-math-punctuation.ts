/**
 * A closing mark right after an inline formula (`$x$：`, `$x$。`, `$x$,`) never starts a line. KaTeX's output is
 * a row of inline-blocks, and Chromium may break after an inline-block before any character, so `：` could wrap
 * alone onto the next line. The formula and the marks that follow it go into one `span.math-nobr`, whose
 * `white-space: nowrap` (style.css) forbids that one break; the formula inside still wraps at its own break
 * points, since the theme sets `white-space: normal` on `.katex` itself.
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from '../walk.js';
import { hasClass } from './rehype-scroll-wrappers.js';

/** Marks a line must not start with: CJK and Latin closing punctuation, closing brackets and quotes. */
const CLOSING = /^[：。，、；！？）」』》〉】〕”’…—,.;:!?)\]}'"]+/u;

/** The plugin; see the file comment. */
export function rehypeMathPunctuation() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (hasClass(node, 'math-inline') || hasClass(node, 'math-display') || hasClass(node, 'math-nobr')) return 'skip';
      const kids = node.children;
      for (let i = 0; i < kids.length - 1; i++) {
        const math = kids[i] as ElementContent;
        const next = kids[i + 1] as ElementContent;
        if (math.type !== 'element' || !hasClass(math, 'math-inline') || next.type !== 'text') continue;
        const marks = CLOSING.exec(next.value)?.[0];
        if (!marks) continue;
        const rest = next.value.slice(marks.length);
        const box: Element = {
          type: 'element',
          tagName: 'span',
          properties: { className: ['math-nobr'] },
          children: [math, { type: 'text', value: marks }],
        };
        kids.splice(i, 2, box, ...(rest ? [{ type: 'text' as const, value: rest }] : []));
      }
      return undefined;
    });
  };
}
