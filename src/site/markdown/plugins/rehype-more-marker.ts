/**
 * Turns Hexo's `<!-- more -->` (any spacing or case, at the top level) into a hast comment node `more`, before
 * rehype-raw runs: the excerpt split then needs no raw HTML, and notes without other HTML skip the re-parse.
 */
import type { Root } from 'hast';

const MORE = /^<!--\s*more\s*-->$/i;

/** The comment value the excerpt split looks for. */
export const MORE_MARKER = 'more';

/** The plugin; see the file comment. */
export function rehypeMoreMarker() {
  return (tree: Root): void => {
    tree.children = tree.children.map((c) =>
      c.type === 'raw' && MORE.test(c.value.trim()) ? { type: 'comment', value: MORE_MARKER } : c,
    );
  };
}
