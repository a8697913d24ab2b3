/** Small queries over a parsed HTML document for the theme tests (hast, parsed as a browser would). */
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';

/** Parses a whole document. */
export function parse(html: string): Root {
  return fromHtml(html);
}

/** An element together with its ancestors, outermost first. */
export interface Found {
  el: Element;
  ancestors: Element[];
}

/** Every element matching `test`, in document order. */
export function findAll(tree: Root | Element, test: (el: Element, ancestors: Element[]) => boolean): Found[] {
  const out: Found[] = [];
  const walk = (nodes: RootContent[], ancestors: Element[]): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      if (test(node, ancestors)) out.push({ el: node, ancestors });
      walk(node.children, [...ancestors, node]);
      // <template> content lives apart from children in hast.
      if (node.content) walk(node.content.children, [...ancestors, node]);
    }
  };
  walk(tree.children, tree.type === 'element' ? [tree] : []);
  return out;
}

/** Elements by tag name. */
export function byTag(tree: Root | Element, tag: string): Element[] {
  return findAll(tree, (el) => el.tagName === tag).map((f) => f.el);
}

/** Whether an element has a class. */
export function hasClass(el: Element, name: string): boolean {
  const c = el.properties.className;
  return Array.isArray(c) && c.includes(name);
}

/** Elements carrying a class. */
export function byClass(tree: Root | Element, name: string): Element[] {
  return findAll(tree, (el) => hasClass(el, name)).map((f) => f.el);
}

/** An attribute as the HTML author wrote it (hast property names are camel-cased; pass the HTML name). */
export function attr(el: Element, name: string): string | undefined {
  const key = name.startsWith('aria-') || name.startsWith('data-')
    ? name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
    : ({ class: 'className', for: 'htmlFor', tabindex: 'tabIndex', datetime: 'dateTime' } as Record<string, string>)[name] ?? name;
  const v = el.properties[key];
  if (v === undefined || v === null || v === false) return undefined;
  if (v === true) return '';
  return Array.isArray(v) ? v.join(' ') : String(v);
}

/** Text content. */
export function text(node: Root | Element): string {
  return toString(node).replace(/\s+/g, ' ').trim();
}

/** Every class name used in a document. */
export function classNames(tree: Root): Set<string> {
  const out = new Set<string>();
  for (const { el } of findAll(tree, () => true)) {
    const c = el.properties.className;
    if (Array.isArray(c)) for (const name of c) out.add(String(name));
  }
  return out;
}
