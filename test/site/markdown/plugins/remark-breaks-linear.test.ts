/**
 * remarkBreaksLinear makes the tree remark-breaks makes, with work linear in the lines of a paragraph (issue 11:
 * remark-breaks spliced the paragraph once per text node holding a line break, quadratic in the lines).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root } from 'mdast';
import remarkBreaks from 'remark-breaks';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import '../../../../src/site/markdown/micromark-text-linear.js';
import { remarkBreaksLinear } from '../../../../src/site/markdown/plugins/remark-breaks-linear.js';

const parse = (md: string): Root => unified().use(remarkParse).use(remarkGfm).use(remarkMath).parse(md);
const upstream = unified().use(remarkBreaks);
const linear = unified().use(remarkBreaksLinear);

test('the same tree as remark-breaks', () => {
  const cases = [
    'one\ntwo\r\nthree\rfour',
    'a `code`\nb [link\ntext](u)\nc *em\nph* $x\ny$\n\n# head\n\n> quote\n> more\n\n- item\n  lazy\n- two',
    'hard  \nbreak\\\nand soft\n| a | b |\n| - | - |\n| c\\|d | e |',
    '中文第一行\n第二行 **粗体\n跨行** 结尾\n\n\n\nlast\n',
    '<span>html\ninline</span>\ntext\n[[Note]]\nwww.example.com\nend',
  ];
  for (const md of cases) assert.deepEqual(linear.runSync(parse(md)), upstream.runSync(parse(md)), JSON.stringify(md));
});

test('a paragraph of many lines with a code span on each costs work linear in the lines', () => {
  const work = (lines: number): number => {
    const tree = parse(Array.from({ length: lines }, (_, i) => `\`c\` line ${i}`).join('\n'));
    const splice = Array.prototype.splice;
    let moved = 0;
    let copied = 0;
    Array.prototype.splice = function (this: unknown[], start: number, ...rest: unknown[]) {
      moved += Math.max(0, this.length - (start < 0 ? this.length + start : start));
      return splice.apply(this, [start, ...rest] as never) as unknown[];
    } as typeof splice;
    const slice = Array.prototype.slice;
    Array.prototype.slice = function (this: unknown[], a?: number, b?: number) {
      const out = slice.call(this, a, b);
      copied += out.length;
      return out;
    };
    try {
      linear.runSync(tree);
    } finally {
      Array.prototype.splice = splice;
      Array.prototype.slice = slice;
    }
    const breaks = JSON.stringify(tree).split('"type":"break"').length - 1;
    assert.equal(breaks, lines - 1);
    return moved + copied + tree.children.length + lines;
  };
  const small = work(1000);
  const big = work(4000);
  assert.ok(big / small < 4 * 1.5, `4× the lines cost ${(big / small).toFixed(1)}× the work (remark-breaks: ~16×)`);
});
