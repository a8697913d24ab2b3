/**
 * Many wikilinks in one paragraph cost the wikilink plugin work linear in their number (issue 11): each link used
 * to be placed by scanning its text node from the start (20,000 links on 20,000 lines: 12.7 s), and each parent was
 * spliced once per link or per merge. Work is counted, not timed, while the plugin alone runs on a parsed tree:
 * characters read by `charCodeAt` and copied by `slice`, and array elements moved by `splice`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { remarkWikilink } from '../../../../src/site/markdown/plugins/remark-wikilink.js';

const transform = remarkWikilink({
  resolve: (target) => (target === 'Note' ? { url: '/note/', title: 'Note' } : undefined),
  slug: (heading) => heading.toLowerCase(),
});

/** The plugin's work on `body`, and the links it made. */
function work(body: string): { work: number; links: number } {
  const file = new VFile({ value: body, path: 'a.md' });
  const tree = unified().use(remarkParse).parse(file) as Root;
  const { charCodeAt, slice } = String.prototype;
  const splice = Array.prototype.splice;
  let n = 0;
  String.prototype.charCodeAt = function (this: string, i: number) {
    n++;
    return charCodeAt.call(this, i);
  };
  String.prototype.slice = function (this: string, a?: number, b?: number) {
    const out = slice.call(this, a, b);
    n += out.length;
    return out;
  };
  Array.prototype.splice = function (this: unknown[], start: number, ...rest: unknown[]) {
    n += Math.max(0, this.length - (start < 0 ? this.length + start : start));
    return splice.apply(this, [start, ...rest] as never) as unknown[];
  } as typeof splice;
  try {
    transform(tree, file);
  } finally {
    String.prototype.charCodeAt = charCodeAt;
    String.prototype.slice = slice;
    Array.prototype.splice = splice;
  }
  const links = JSON.stringify(tree).split('"wikilink"').length - 1;
  return { work: n, links };
}

const shapes: Record<string, (n: number) => string> = {
  'one per line': (n) => Array.from({ length: n }, (_, i) => `[[Note]] line ${i}`).join('\n'),
  'all on one line': (n) => Array.from({ length: n }, () => '[[Note]]').join(' '),
  'among emphasis': (n) => Array.from({ length: n }, () => '[[Note]] *e*').join(' '),
  'split by emphasis': (n) => Array.from({ length: n }, () => '[[Note *b* c]]').join(' '),
};

for (const [shape, make] of Object.entries(shapes)) {
  test(`wikilinks ${shape}: 4× the links cost about 4× the work`, () => {
    const small = work(make(1000));
    const big = work(make(4000));
    assert.equal(big.links, 4000, 'every wikilink became a link or an unresolved span');
    assert.ok(big.work / small.work < 4 * 1.5, `4× the links cost ${(big.work / small.work).toFixed(1)}× the work (quadratic would be ~16×)`);
  });
}
