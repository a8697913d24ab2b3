/**
 * The note's first image (`file.data.image`, its href as published), for the page's social card (`og:image`).
 * Runs after the asset stage, so a local image is already its public URL. Diagrams are inline SVG, not images,
 * and an image inside a link to elsewhere still counts: it is what a reader sees first.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { SKIP, visit } from '../walk.js';

declare module 'vfile' {
  interface DataMap {
    /** `src` of the note's first `<img>` (absent: none, or only `data:` images). */
    image: string;
  }
}

/** The plugin; see the file comment. */
export function rehypeFirstImage() {
  return (tree: Root, file: VFile): void => {
    let found: string | undefined;
    visit(tree, 'element', (node: Element) => {
      if (found !== undefined) return SKIP; // the walker has no early exit: the rest is skipped subtree by subtree
      if (node.tagName !== 'img') return;
      const src = node.properties.src;
      if (typeof src !== 'string' || src === '' || src.startsWith('data:')) return;
      found = src;
      return undefined;
    });
    if (found !== undefined) file.data.image = found;
  };
}
