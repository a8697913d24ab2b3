/**
 * Hexo's excerpt marker: a top-level `<!-- more -->` (any spacing or case, `<!--more-->` too) ends the
 * excerpt. Hand-written: it is one regex over the root's children.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';

/** Where a note's excerpt ends, found by {@link remarkMoreExcerpt}. */
export interface MoreExcerpt {
  kind: 'more';
  /**
   * Index in the mdast root's children of the `<!-- more -->` node: the excerpt is `children.slice(0, endOffset)`.
   * Indices are those after every remark plugin registered before this one, so register it after plugins that
   * regroup top-level nodes (remarkHexoNoteTag folds several paragraphs into one callout).
   */
  endOffset: number;
}

declare module 'vfile' {
  interface DataMap {
    /** Set by remarkMoreExcerpt when the note has a `<!-- more -->`; left undefined otherwise. */
    excerpt: MoreExcerpt;
  }
}

const MORE = /^\s*<!--\s*more\s*-->\s*$/i;

/** Unified plugin: record the first top-level `<!-- more -->` in `file.data.excerpt`. */
export function remarkMoreExcerpt() {
  return (tree: Root, file: VFile): void => {
    const index = tree.children.findIndex((node) => node.type === 'html' && MORE.test(node.value));
    if (index !== -1) file.data.excerpt = { kind: 'more', endOffset: index };
  };
}
