/**
 * Literal autolinks are found in time linear in the number of text nodes holding them (issue 11): find-and-replace
 * spliced a paragraph's children once per changed text node. The guard hands each such node to GFM's pass alone and
 * rebuilds each parent once; the tree is the one plain remark-gfm makes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
// As in the pipeline: micromark's merge of text made linear (its own splices would hide the ones measured here).
import '../../../../src/site/markdown/micromark-text-linear.js';
import { remarkAutolinkLiteralGuard } from '../../../../src/site/markdown/plugins/remark-autolink-literal-guard.js';

const guarded = unified().use(remarkParse).use(remarkGfm).use(remarkAutolinkLiteralGuard);
const plain = unified().use(remarkParse).use(remarkGfm);

/** Array elements `splice` moves while `md` is parsed (micromark's own moves are linear), and the links made. */
function work(md: string): { moved: number; links: number } {
  const splice = Array.prototype.splice;
  let moved = 0;
  Array.prototype.splice = function (this: unknown[], start: number, ...rest: unknown[]) {
    moved += Math.max(0, this.length - (start < 0 ? this.length + start : start));
    return splice.apply(this, [start, ...rest] as never) as unknown[];
  } as typeof splice;
  let tree: Root;
  try {
    tree = guarded.parse(md);
  } finally {
    Array.prototype.splice = splice;
  }
  return { moved, links: JSON.stringify(tree).split('"type":"link"').length - 1 };
}

const shapes: Record<string, (n: number) => string> = {
  // The tokenizer finds most literals itself; these it leaves to the tree pass (an `@` written as a reference).
  'e-mail addresses written with &#64; between code spans': (n) => Array.from({ length: n }, (_, i) => `\`c\` a${i}&#64;x.org`).join(' '),
  'the same, one per line': (n) => Array.from({ length: n }, (_, i) => `\`c\` a${i}&#64;x.org`).join('\n'),
};

for (const [shape, make] of Object.entries(shapes)) {
  test(`autolinks, ${shape}: 4× the links cost about 4× the work`, () => {
    const small = work(make(400));
    const big = work(make(1600));
    assert.equal(big.links, 1600);
    assert.ok(big.moved / small.moved < 4 * 1.5, `4× the links moved ${(big.moved / small.moved).toFixed(1)}× the elements (quadratic would be ~16×)`);
  });
}

test('the tree is the one remark-gfm makes without the guard', () => {
  const cases = [
    '`c` a&#64;x.org `d` b&#64;y.org\nc&#64;z.org and **d&#64;w.org** [e&#64;v.org](u)',
    '见 https://example.com/a_(b) 和 www.example.com/x. 以及 a.b-c@example.org。',
    '[already www.example.com](https://a.org) and [ref www.x.com][r]\n\n[r]: https://r.org',
    'mailto:a@b.org xmpp:me@example.com/res and a@b.c_ and *www.em.com* and **x@y.org**',
    '| a | https://t.org |\n| - | - |\n| www.cell.com | `www.code.com` |',
    '> quote https://q.org\n> - item www.i.com\n\nHTTPS://UPPER.ORG, http://x.y', 
  ];
  for (const md of cases) assert.deepEqual(guarded.runSync(guarded.parse(md)), plain.runSync(plain.parse(md)), md);
});
