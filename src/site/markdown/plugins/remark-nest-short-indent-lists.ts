/**
 * A sub-list indented two spaces under `1.` nests, as Obsidian (and Hexo's marked) show it:
 *
 * ```markdown
 * 1. 第一步
 *   - 细节 a
 * 2. 第二步
 * ```
 *
 * CommonMark nests only from the item's content column (3 for `1. `, 4 for `10. `), so it reads the two-space
 * line as a new top-level list, which also splits the numbered list in two (`1.` … then `2.` as a list of its
 * own). This fixes the tree after parsing instead of the source before it, so every node keeps its exact source
 * position and nothing else (code blocks included) is re-read: a list that directly follows a list and starts
 * right of the last item's marker, but left of its content, moves into that item; a numbered list that then
 * directly follows with its numbering continuing, at the first list's column, joins it again. Items of one
 * list written right of its first item's marker (`  1. 子步骤` under `1. 第一步`) become a sub-list the same way.
 */
import type { List, ListItem, Parents, Root, RootContent } from 'mdast';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { visit } from '../walk.js';

const column = (node: { position?: { start: { column: number } } | undefined }): number | undefined => node.position?.start.column;

/** Whether `list` sits right of `item`'s marker and left of its content: Obsidian's sub-list, CommonMark's sibling. */
function nestsUnder(list: List | ListItem, item: ListItem | undefined): item is ListItem {
  const marker = item && column(item);
  const content = item?.children[0] && column(item.children[0]);
  const at = column(list);
  return marker !== undefined && content !== undefined && at !== undefined && at > marker && at < content;
}

/** Unified plugin; see the file comment. */
export function remarkNestShortIndentLists() {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value ?? '');
    visit(tree, (node) => {
      if (!('children' in node) || !node.children.some((c) => c.type === 'list')) return;
      const children = (node as Parents).children as RootContent[];
      for (const child of children) if (child.type === 'list') nestIndentedItems(child, source);
      for (let i = 1; i < children.length; i++) {
        const prev = children[i - 1];
        const list = children[i];
        if (prev?.type !== 'list' || list?.type !== 'list') continue;
        const host = prev.children.at(-1);
        if (!nestsUnder(list, host)) continue;
        host.children.push(list);
        extendEnd(host, list);
        extendEnd(prev, list);
        children.splice(i, 1);
        // `2. 第二步` after the sub-list: the numbered list goes on, as it does in Obsidian.
        const next = children[i];
        if (next?.type === 'list' && next.ordered && prev.ordered && column(next) === column(prev) && next.start === (prev.start ?? 1) + prev.children.length) {
          prev.children.push(...next.children);
          prev.spread = prev.spread || next.spread;
          extendEnd(prev, next);
          children.splice(i, 1);
        }
        i--; // the grown list may take the next list too
      }
    });
  };
}

/** Items of one list written right of the previous item's marker (`  1. 子步骤`) become its sub-list. */
function nestIndentedItems(list: List, source: string): void {
  const items = list.children;
  for (let j = 1; j < items.length; j++) {
    const host = items[j - 1];
    if (!nestsUnder(items[j] as ListItem, host)) continue;
    let end = j;
    while (end < items.length && column(items[end] as ListItem) === column(items[j] as ListItem)) end++;
    const moved = items.splice(j, end - j);
    const first = moved[0] as ListItem;
    const start = list.ordered ? Number.parseInt(source.slice(first.position?.start.offset ?? 0), 10) : undefined;
    const sub: List = { type: 'list', ordered: list.ordered, spread: false, children: moved };
    if (list.ordered) sub.start = Number.isFinite(start) ? (start as number) : 1;
    const last = moved.at(-1) as ListItem;
    if (first.position && last.position) sub.position = { start: first.position.start, end: last.position.end };
    host.children.push(sub);
    extendEnd(host, sub);
    j--;
  }
}

/** Grows `node`'s position to end where `inner` ends. */
function extendEnd(node: Node, inner: Node): void {
  if (node.position && inner.position) node.position.end = inner.position.end;
}
