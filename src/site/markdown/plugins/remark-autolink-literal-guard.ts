/**
 * Runs GFM's literal-autolink pass only on notes whose text can hold a literal autolink. Use right after
 * remark-gfm.
 *
 * mdast-util-gfm-autolink-literal finishes parsing with a tree transform that runs four regular expressions (web
 * addresses, `www.`, `xmpp:`, e-mail) over every text node through mdast-util-find-and-replace: ~0.85 ms of the
 * ~4.5 ms a bench-corpus note takes to become mdast (300 notes, with and without the transform, interleaved).
 * Every one of those expressions needs `http://`, `https://`, `www.` or `@` inside a single text node (each node
 * is matched on its own), so a tree whose text nodes contain none of them is left exactly as the transform would
 * leave it. This plugin wraps the transform with that check; a note with any of them gets the full pass.
 *
 * The pass itself is given each text node that may hold a link alone, under a stand-in parent, and what it makes
 * is put back with one rebuild of each real parent: find-and-replace splices the parent's children once per
 * changed text node, moving every later sibling, so a paragraph of many lines with an address and a code span on
 * each was quadratic (4× the lines, 16× the elements moved). The pass matches each node on its own and only skips
 * links and link references, so the nodes it makes are the same.
 */
import type { Nodes, Paragraph, Parents, Root, Text } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import type { Processor } from 'unified';
import { SKIP, visit } from '../walk.js';

/** What every literal autolink the transform can find contains (the check is a superset: never a false skip). */
const MAY_LINK = /https?:\/\/|www\.|@/i;

type Transform = (tree: Root) => Root | undefined | void;

/**
 * The transform itself, found by identity (the same module remark-gfm uses): a name would not survive a bundler
 * renaming functions that collide.
 */
const TRANSFORM = gfmAutolinkLiteralFromMarkdown().transforms?.[0] as Transform | undefined;
type Extension = { transforms?: Transform[] } | Extension[];

/** Whether any text node of `tree` could hold a literal autolink. */
export function mayHoldAutolinkLiteral(tree: Root): boolean {
  let found = false;
  visit(tree, 'text', (node) => {
    if (MAY_LINK.test(node.value)) found = true;
    return found ? 'skip' : undefined;
  });
  return found;
}

/**
 * Runs `transform` (a find-and-replace pass over text nodes that leaves links alone) on each text node that may
 * hold a literal autolink, each alone under a stand-in paragraph, then rebuilds each parent once with what came out.
 */
export function transformTextsApart(tree: Root, transform: Transform): void {
  const holders = new Map<Parents, Map<Text, Paragraph>>();
  visit(tree, (node: Nodes, _index: number | undefined, parent: Parents | undefined) => {
    if (node.type === 'link' || node.type === 'linkReference') return SKIP;
    if (node.type !== 'text' || !parent || !MAY_LINK.test(node.value)) return;
    let own = holders.get(parent);
    if (!own) holders.set(parent, (own = new Map()));
    own.set(node, { type: 'paragraph', children: [node] });
    return undefined;
  });
  if (holders.size === 0) return;
  transform({ type: 'root', children: [...holders.values()].flatMap((own) => [...own.values()]) });
  for (const [parent, own] of holders) {
    const children: Nodes[] = [];
    for (const child of parent.children as Nodes[]) {
      const holder = child.type === 'text' ? own.get(child) : undefined;
      if (holder) for (const made of holder.children) children.push(made);
      else children.push(child);
    }
    (parent as { children: Nodes[] }).children = children;
  }
}

/** Unified plugin: guards remark-gfm's literal-autolink transform (throws if remark-gfm was not used before it). */
export function remarkAutolinkLiteralGuard(this: Processor): void {
  const data = this.data() as { fromMarkdownExtensions?: Extension[] };
  let wrapped = 0;
  const guard = (list: Extension[]): Extension[] =>
    list.map((ext) => {
      if (Array.isArray(ext)) return guard(ext);
      if (!TRANSFORM || !ext.transforms?.includes(TRANSFORM)) return ext;
      wrapped++;
      const transforms = ext.transforms.map((t): Transform => (t === TRANSFORM ? (tree) => transformTextsApart(tree, t) : t));
      return { ...ext, transforms };
    });
  data.fromMarkdownExtensions = guard(data.fromMarkdownExtensions ?? []);
  // A renamed transform in a future release must not silently turn the guard off (or, worse, turn GFM's off).
  if (wrapped !== 1) throw new Error(`remarkAutolinkLiteralGuard: expected remark-gfm's literal-autolink transform once, found it ${wrapped} times`);
}
