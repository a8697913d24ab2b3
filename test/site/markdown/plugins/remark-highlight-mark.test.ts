import assert from 'node:assert/strict';
import { test } from 'node:test';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Root } from 'mdast';
import { remarkHighlightMark } from '../../../../src/site/markdown/plugins/remark-highlight-mark.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkHighlightMark).use(remarkRehype).use(rehypeStringify);
const html = async (md: string) => String(await processor.process(md)).trim();

test('==text== becomes <mark>, and may contain emphasis, strong and strikethrough', async () => {
  assert.equal(await html('a ==hi *there*== b'), '<p>a <mark>hi <em>there</em></mark> b</p>');
  assert.equal(await html('==**粗** ~~删~~=='), '<p><mark><strong>粗</strong> <del>删</del></mark></p>');
});

test('works next to Chinese text and punctuation', async () => {
  assert.equal(await html('这是==重点==。'), '<p>这是<mark>重点</mark>。</p>');
});

test('code spans, fenced code and math are left alone', async () => {
  assert.equal(await html('`a==b==c`'), '<p><code>a==b==c</code></p>');
  assert.equal(await html('$a==b$ and $c==d$'), '<p><code class="language-math math-inline">a==b</code> and <code class="language-math math-inline">c==d</code></p>');
  assert.equal(await html('```\nx ==y== z\n```'), '<pre><code>x ==y== z\n</code></pre>');
});

test('an equality in prose with spaces is not a mark', async () => {
  assert.equal(await html('if x == y == z'), '<p>if x == y == z</p>');
});

test('math inside a mark stays math', async () => {
  assert.equal(await html('==see $x$=='), '<p><mark>see <code class="language-math math-inline">x</code></mark></p>');
});

test('the mark node keeps its source position', () => {
  const mdast = unified().use(remarkParse).use(remarkHighlightMark);
  const tree = mdast.runSync(mdast.parse('ab ==cd==')) as Root;
  const paragraph = tree.children[0];
  assert.equal(paragraph?.type, 'paragraph');
  const mark = paragraph.type === 'paragraph' ? paragraph.children[1] : undefined;
  assert.equal(mark?.type, 'highlight');
  assert.deepEqual(mark?.position?.start, { line: 1, column: 4, offset: 3 });
  assert.deepEqual(mark?.position?.end, { line: 1, column: 10, offset: 9 });
});
