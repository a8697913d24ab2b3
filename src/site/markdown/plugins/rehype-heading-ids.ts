/**
 * Gives every heading a stable id (GitHub's slugger, which keeps Chinese), a visible anchor link, and collects the
 * table of contents on `file.data.toc`. Notes written for Hexo use `#` for their sections while the page title is
 * the page's h1, so when a note has an h1 every heading moves down one level: one h1 per page, no skipped levels.
 */
import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from '../walk.js';
import type { VFile } from 'vfile';
import type { TocEntry } from '../../render/context.js';

declare module 'vfile' {
  interface DataMap {
    /** Headings of depth 2–3 (after demotion), nested. */
    toc: TocEntry[];
  }
}

const HEADING = /^h([1-6])$/;

/** Options: which depths go into the table of contents. */
export interface HeadingIdsOptions {
  tocDepth?: number;
}

/** The plugin; see the file comment. */
export function rehypeHeadingIds(options: HeadingIdsOptions = {}) {
  const maxDepth = options.tocDepth ?? 3;
  return (tree: Root, file: VFile): void => {
    const headings: Element[] = [];
    visit(tree, 'element', (node) => {
      if (HEADING.test(node.tagName)) headings.push(node);
    });
    const shift = headings.some((h) => h.tagName === 'h1') ? 1 : 0;
    const slugger = new GithubSlugger();
    const flat: TocEntry[] = [];
    for (const h of headings) {
      const depth = Math.min(6, Number(h.tagName.slice(1)) + shift);
      h.tagName = `h${depth}`;
      const text = toString(h).trim();
      const id = typeof h.properties.id === 'string' && h.properties.id ? h.properties.id : slugger.slug(text || 'section');
      h.properties.id = id;
      h.children.push({
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaHidden: 'true', tabIndex: -1 },
        children: [{ type: 'text', value: '#' }],
      });
      if (depth >= 2 && depth <= maxDepth) flat.push({ depth, text, id, children: [] });
    }
    file.data.toc = nest(flat);
  };
}

/** Nests a flat heading list by depth. */
function nest(flat: TocEntry[]): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: TocEntry[] = [];
  for (const e of flat) {
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= e.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : root).push(e);
    stack.push(e);
  }
  return root;
}
