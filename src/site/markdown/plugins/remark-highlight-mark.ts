/**
 * Obsidian's `==highlight==` → `<mark>`.
 *
 * Why a wrapper around `remark-highlight-mark` instead of our own text regex: the ecosystem plugin is a
 * micromark 4 tokenizer extension, so `==` is recognised while the markdown is tokenised, exactly like GFM's
 * `~~strike~~`. That gives us for free what a text-node regex gets wrong: nothing inside code spans, fenced
 * code or `$…$` math is touched (those constructs own their bytes before inline parsing), emphasis, links and
 * math may sit inside the mark, and every node keeps its source position. `remark-flexible-markers`, the more
 * popular alternative, works on text nodes after parsing, drops positions on the nodes it creates and adds a
 * non-Obsidian `=r=colour==` syntax that would misread prose. The ecosystem plugin produces an mdast
 * `highlight` node without an HTML name, so our transform names it `mark`.
 */
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import { remarkHighlightMark as highlightSyntax } from 'remark-highlight-mark';
import { visit } from '../walk.js';
import type { VFile } from 'vfile';

/**
 * Unified plugin: parse `==text==` (registers the micromark extension, so it works wherever it is placed in
 * the plugin list) and render it as `<mark>`.
 */
export function remarkHighlightMark(this: Processor) {
  // Registers the micromark + mdast extensions on this processor's data (parser-level, order independent).
  highlightSyntax.call(this);
  return (tree: Root, file: VFile): void => {
    // No `==` in the source, no highlight node: skip walking the tree (every note pays for each walk).
    if (!String(file.value).includes('==')) return;
    visit(tree, 'highlight', (node) => {
      node.data = { ...node.data, hName: 'mark' };
    });
  };
}
