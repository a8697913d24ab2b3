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
 */
import type { Root } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import type { Processor } from 'unified';
import { visit } from '../walk.js';

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

/** Unified plugin: guards remark-gfm's literal-autolink transform (throws if remark-gfm was not used before it). */
export function remarkAutolinkLiteralGuard(this: Processor): void {
  const data = this.data() as { fromMarkdownExtensions?: Extension[] };
  let wrapped = 0;
  const guard = (list: Extension[]): Extension[] =>
    list.map((ext) => {
      if (Array.isArray(ext)) return guard(ext);
      if (!TRANSFORM || !ext.transforms?.includes(TRANSFORM)) return ext;
      wrapped++;
      const transforms = ext.transforms.map((t): Transform => (t === TRANSFORM ? (tree) => (mayHoldAutolinkLiteral(tree) ? t(tree) : undefined) : t));
      return { ...ext, transforms };
    });
  data.fromMarkdownExtensions = guard(data.fromMarkdownExtensions ?? []);
  // A renamed transform in a future release must not silently turn the guard off (or, worse, turn GFM's off).
  if (wrapped !== 1) throw new Error(`remarkAutolinkLiteralGuard: expected remark-gfm's literal-autolink transform once, found it ${wrapped} times`);
}
