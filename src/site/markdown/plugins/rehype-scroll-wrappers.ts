/**
 * A display formula or a table wider than the column scrolls inside its own box, never the page: each becomes a
 * labelled, focusable region (`role="region"`, `tabindex="0"`, `aria-label`), so a keyboard reader can scroll it
 * with the arrow keys and a screen reader announces what the box holds. The theme draws the scroll cue (edge
 * shadows) and drops the tab stop from boxes that fit (assets/theme.js), so narrow formulas cost no Tab press.
 *
 * Each gets a wrapper that is the scroll box: `div.math-scroll` around `div.math-display` (whose markup, and
 * KaTeX's inside it, stays as it was), `div.table-scroll` around a table (a table that is itself the scroll box
 * has to be `display: block`, which drops its table semantics in some screen readers).
 */
import type { Element, Root } from 'hast';
import { visit } from '../walk.js';

/** Box labels per interface language. */
const LABELS = {
  zh: { math: '公式', table: '表格' },
  en: { math: 'Formula', table: 'Table' },
} as const;

/** The plugin: `language` picks the labels. */
export function rehypeScrollWrappers(options: { language: 'zh' | 'en' }) {
  const labels = LABELS[options.language];
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      const kind = node.tagName === 'div' && hasClass(node, 'math-display') ? 'math' : node.tagName === 'table' ? 'table' : undefined;
      if (!kind || !parent || index === undefined) return undefined;
      const boxClass = `${kind}-scroll`;
      if (parent.type === 'element' && hasClass(parent, boxClass)) return 'skip';
      const box: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: [boxClass], role: 'region', tabIndex: 0, ariaLabel: labels[kind] },
        children: [node],
      };
      parent.children[index] = box;
      return 'skip';
    });
  };
}

/** Whether `node` carries class `name`. */
export function hasClass(node: Element, name: string): boolean {
  const c = node.properties.className;
  if (Array.isArray(c)) return c.includes(name);
  return typeof c === 'string' && (c as string).split(/\s+/).includes(name);
}
