/**
 * A lean `visit` for the plugins that walk every note's tree: the same call shape and visitor contract as
 * `unist-util-visit` (preorder; return `SKIP` to leave a node's children out, or the index to go on at after
 * changing `parent.children`), without what makes that one costly on a hot path.
 *
 * Why not `unist-util-visit`: for every node it visits it allocates a closure, a new ancestors array, and names
 * the closure with `Object.defineProperty` (for readable stack traces). Over ~12 walks per note that was the
 * largest allocation of the whole build we control: 1.4 MB per note, 18 % of everything allocated while
 * rendering the bench corpus (sampling heap profile with collected objects included), and ~0.85 s of a render
 * worker's CPU at 1000 notes. This walker allocates nothing per node.
 */
import type { Nodes as HastNodes, Parents as HastParents } from 'hast';
import type { Nodes as MdastNodes, Parents as MdastParents } from 'mdast';

/** Returned by a visitor: do not walk this node's children. */
export const SKIP = 'skip';

/** What a visitor may return: nothing (go on), `SKIP`, an index to continue at, or `[SKIP, index]`. */
export type Action = typeof SKIP | number | readonly [typeof SKIP, number] | void | undefined;

type AnyNode = HastNodes | MdastNodes;
type NodesOf<Tree> = Tree extends HastNodes ? HastNodes : MdastNodes;
type ParentsOf<Tree> = Tree extends HastNodes ? HastParents : MdastParents;

/** A visitor: called with each node, its index in its parent and the parent (both undefined for the root). */
export type Visitor<N, P> = (node: N, index: number | undefined, parent: P | undefined) => Action;

/** Calls `visitor` for every node of `tree`, the root included, in document order. */
export function visit<Tree extends AnyNode>(tree: Tree, visitor: Visitor<NodesOf<Tree>, ParentsOf<Tree>>): void;
/** Calls `visitor` for every node of type `type` in `tree`. */
export function visit<Tree extends AnyNode, T extends NodesOf<Tree>['type']>(
  tree: Tree,
  type: T,
  visitor: Visitor<Extract<NodesOf<Tree>, { type: T }>, ParentsOf<Tree>>,
): void;
export function visit(tree: AnyNode, a: unknown, b?: unknown): void {
  const type = typeof a === 'string' ? a : undefined;
  const visitor = (typeof a === 'string' ? b : a) as Visitor<AnyNode, AnyNode>;
  const action = type === undefined || tree.type === type ? visitor(tree, undefined, undefined) : undefined;
  if (action !== SKIP && !(Array.isArray(action) && action[0] === SKIP)) walkChildren(tree, type, visitor);
}

function walkChildren(parent: AnyNode, type: string | undefined, visitor: Visitor<AnyNode, AnyNode>): void {
  const children = (parent as { children?: AnyNode[] }).children;
  if (!children) return;
  let i = 0;
  while (i < children.length) {
    const node = children[i] as AnyNode;
    let next = i + 1;
    let enter = true;
    if (type === undefined || node.type === type) {
      const action = visitor(node, i, parent);
      if (action === SKIP) enter = false;
      else if (typeof action === 'number') next = action;
      else if (Array.isArray(action)) {
        enter = action[0] !== SKIP;
        next = action[1] as number;
      }
    }
    // Like unist-util-visit, the children walked are those of the node the visitor was given.
    if (enter) walkChildren(node, type, visitor);
    i = next;
  }
}
