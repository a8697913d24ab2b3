/**
 * Ends a literal autolink (`https://…`, `www.…` written bare in the text) at the first full-width or other
 * non-ASCII punctuation mark, the way Obsidian shows it.
 *
 * GFM's rule ends a literal autolink only at whitespace or `<`, and trims trailing ASCII punctuation. Chinese is
 * written without spaces, so `论文见 https://arxiv.org/abs/1512.03385，代码在这里` becomes one link whose address
 * ends in `%EF%BC%8C%E4%BB%A3%E7%A0%81…`: a dead link for the reader. Obsidian (linkify-it) stops at Unicode
 * punctuation, so the note looked right where it was written. This plugin cuts such a link before that mark
 * (then trims trailing ASCII punctuation as GFM does) and gives the rest back to the text. Links written as
 * `<https://…>` or `[text](url)` are left alone: their end was written explicitly.
 */
import type { Link, Parents, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from '../walk.js';

/** A punctuation mark outside ASCII: `，。、；：？！（）「」《》“”…—` and the like. */
const WIDE_PUNCTUATION = /(?=\p{P})[^\x00-\x7F]/u;
/** What GFM trims from the end of a literal autolink. */
const TRAILING = /[?!.,:*_~]+$/;

/** Unified plugin: see the module comment. Use after remark-gfm. */
export function remarkAutolinkCjkEnd() {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value);
    // Cheap exit: no literal autolink can need cutting without a non-ASCII punctuation mark somewhere.
    if (!WIDE_PUNCTUATION.test(source)) return;
    visit(tree, 'link', (node, index, parent) => {
      if (index === undefined || !parent) return;
      const cut = cutAt(node, source);
      if (cut === undefined) return;
      const [label, rest] = cut;
      const prefix = node.url.slice(0, node.url.length - (node.children[0] as Text).value.length);
      node.url = prefix + label;
      const text = node.children[0] as Text;
      text.value = label;
      const start = node.position?.start;
      if (start && start.offset !== undefined && node.position) {
        const end = { line: start.line, column: start.column + label.length, offset: start.offset + label.length };
        const restNode: Text = { type: 'text', value: rest, position: { start: end, end: node.position.end } };
        node.position = { start, end };
        text.position = { start, end };
        (parent as Parents).children.splice(index + 1, 0, restNode as never);
      } else {
        (parent as Parents).children.splice(index + 1, 0, { type: 'text', value: rest } as never);
      }
      return index + 2;
    });
  };
}

/** `[label, rest]` when `link` is a literal autolink that runs past a wide punctuation mark. */
function cutAt(link: Link, source: string): [string, string] | undefined {
  const only = link.children.length === 1 ? link.children[0] : undefined;
  if (!only || only.type !== 'text') return undefined;
  // A literal autolink's text is its address, minus the `http://` GFM adds to `www.` links.
  if (link.url !== only.value && link.url !== `http://${only.value}`) return undefined;
  // `<https://…>` is an explicit autolink: its end was written on purpose.
  const at = link.position?.start.offset;
  if (at !== undefined && source[at] === '<') return undefined;
  const mark = WIDE_PUNCTUATION.exec(only.value);
  if (!mark) return undefined;
  const head = only.value.slice(0, mark.index);
  const label = head.replace(TRAILING, '');
  if (!/[.]/.test(label)) return undefined; // nothing of an address would be left
  return [label, only.value.slice(label.length)];
}
