/**
 * rehype-raw, but only for trees that contain raw HTML. hast-util-raw re-serialises and re-parses the whole tree
 * through parse5, which is a large share of a note's build time; most notes have no raw HTML once the
 * `<!-- more -->` marker has been turned into a comment node (see rehype-more-marker).
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';

function hasRaw(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'raw') return true;
  return Array.isArray(node.children) && node.children.some((c) => hasRaw(c as { type: string; children?: unknown[] }));
}

/** The plugin; see the file comment. */
export function rehypeRawWhenNeeded() {
  return async (tree: Root, file: VFile): Promise<Root> => {
    if (!hasRaw(tree)) return tree;
    raw ??= (await import('hast-util-raw')).raw;
    return raw(tree, { file }) as Root;
  };
}

/** hast-util-raw (with parse5), loaded by the first note that has raw HTML. */
let raw: typeof import('hast-util-raw').raw | undefined;
