/**
 * Gives every heading a stable id (GitHub's slugger, which keeps Chinese), a visible anchor link, and collects the
 * table of contents on `file.data.toc`. Notes written for Hexo use `#` for their sections while the page title is
 * the page's h1, so when a note has an h1 every heading moves down one level: one h1 per page, no skipped levels.
 *
 * A blog moved from Hexo has links from outside to its old anchors: hexo-renderer-marked gives a heading the id
 * `slugize(text)` (hexo-util's own, `Deep-Learning` where GitHub's slugger makes `deep-learning`), and a repeated
 * id `-1`, `-2`… in order. Where that id differs from ours, the heading also holds an empty
 * `<span id="Deep-Learning" class="heading-alias"></span>`, so `page/#Deep-Learning` still lands on it. An alias
 * that would repeat an id of another heading is left out: ours win.
 */
import GithubSlugger from 'github-slugger';
import hexoSlugize from 'hexo-util/dist/slugize.js';
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
    const texts = headings.map((h) => toString(h).trim());
    const ids = headings.map((h, i) =>
      typeof h.properties.id === 'string' && h.properties.id ? h.properties.id : slugger.slug(texts[i] || 'section'),
    );
    const taken = new Set(ids);
    const hexoCount = new Map<string, number>();
    headings.forEach((h, i) => {
      const depth = Math.min(6, Number(h.tagName.slice(1)) + shift);
      h.tagName = `h${depth}`;
      const text = texts[i] as string;
      const id = ids[i] as string;
      h.properties.id = id;
      const alias = hexoHeadingId(text, hexoCount);
      if (alias && !taken.has(alias)) {
        taken.add(alias);
        h.children.unshift({ type: 'element', tagName: 'span', properties: { id: alias, className: ['heading-alias'] }, children: [] });
      }
      h.children.push({
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaHidden: 'true', tabIndex: -1 },
        children: [{ type: 'text', value: '#' }],
      });
      if (depth >= 2 && depth <= maxDepth) flat.push({ depth, text, id, children: [] });
    });
    file.data.toc = nest(flat);
  };
}

/**
 * The id hexo-renderer-marked gives a heading with this text (its `anchorId`: hexo-util's `slugize` of the
 * heading's text, `modifyAnchors` 0), counting repeats in `seen` as it does: the second `Intro` is `Intro-1`.
 */
function hexoHeadingId(text: string, seen: Map<string, number>): string {
  let id = hexoSlugize(text);
  const n = seen.get(id);
  if (n) {
    seen.set(id, n + 1);
    id += `-${n}`;
  } else seen.set(id, 1);
  return id;
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
