/** The lean walker visits exactly what unist-util-visit visits, in the same order, and honours the same actions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root as HastRoot } from 'hast';
import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toHast } from 'mdast-util-to-hast';
import { SKIP as USKIP, visit as uvisit } from 'unist-util-visit';
import { SKIP, visit } from '../../../src/site/markdown/walk.js';

const source = `# 标题

A *b* **c** [link *x*](u) \`code\`

> quote with [inner](v)
>
> - item 1
> - item **2**

\`\`\`js
x
\`\`\`
`;

const label = (node: { type: string }, index: number | undefined, parent: { type: string } | undefined): string =>
  `${node.type}@${index ?? '-'}<${parent?.type ?? '-'}`;

test('every node, in document order, with index and parent (mdast and hast)', () => {
  const tree = fromMarkdown(source);
  const ours: string[] = [];
  const theirs: string[] = [];
  visit(tree, (n, i, p) => void ours.push(label(n, i, p)));
  uvisit(tree, (n, i, p) => void theirs.push(label(n, i, p)));
  assert.ok(ours.length > 20);
  assert.deepEqual(ours, theirs);

  const hast = toHast(tree) as HastRoot;
  const a: string[] = [];
  const b: string[] = [];
  visit(hast, 'element', (n, i, p) => void a.push(`${n.tagName}@${i}<${p?.type}`));
  uvisit(hast, 'element', (n, i, p) => void b.push(`${n.tagName}@${i}<${p?.type}`));
  assert.deepEqual(a, b);
});

test('SKIP leaves the children out; a returned index continues there after a replacement', () => {
  const run = (walker: 'ours' | 'theirs'): string[] => {
    const tree: Root = fromMarkdown(source);
    const seen: string[] = [];
    const visitor = (node: Root | RootContent, index: number | undefined, parent: { children: RootContent[] } | undefined) => {
      seen.push(node.type);
      if (node.type === 'link' || node.type === 'blockquote') return walker === 'ours' ? SKIP : USKIP;
      if (node.type === 'emphasis' && parent && index !== undefined) {
        // Replace the emphasis by its two halves, and go on after both.
        parent.children.splice(index, 1, { type: 'text', value: '[' }, { type: 'text', value: ']' } as RootContent);
        return walker === 'ours' ? ([SKIP, index + 2] as const) : ([USKIP, index + 2] as const);
      }
      return undefined;
    };
    if (walker === 'ours') visit(tree, visitor as never);
    else uvisit(tree, visitor as never);
    return seen;
  };
  const ours = run('ours');
  assert.deepEqual(ours, run('theirs'));
  assert.ok(!ours.includes('listItem'), 'nothing inside the skipped quote');
  assert.equal(ours.filter((t) => t === 'emphasis').length, 1, 'the replaced emphasis is visited once, its halves not at all');
});
