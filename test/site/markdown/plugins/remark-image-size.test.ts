import assert from 'node:assert/strict';
import { test } from 'node:test';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { parseSizeSuffix, remarkImageSize } from '../../../../src/site/markdown/plugins/remark-image-size.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkImageSize).use(remarkRehype).use(rehypeStringify);
const html = async (md: string) => String(await processor.process(md)).trim();

test('![alt|666](url) sets the width and keeps the file name as alt (the seed note form)', async () => {
  assert.equal(
    await html('![image.png|666](https://raw.githubusercontent.com/u/r/main/p.png)'),
    '<p><img src="https://raw.githubusercontent.com/u/r/main/p.png" alt="image.png" width="666"></p>',
  );
});

test('![alt|300x200](url) sets width and height', async () => {
  assert.equal(await html('![网络 结构|300x200](a.png)'), '<p><img src="a.png" alt="网络 结构" width="300" height="200"></p>');
});

test('an empty alt before the size falls back to the file name, never to alt=""', async () => {
  assert.equal(await html('![|50](img/%E5%9B%BE.png)'), '<p><img src="img/%E5%9B%BE.png" alt="图.png" width="50"></p>');
});

test('a pipe followed by text is not a size and stays in the alt', async () => {
  assert.equal(await html('![a|b](a.png)'), '<p><img src="a.png" alt="a|b"></p>');
});

test('reference images get sizes too', async () => {
  assert.equal(await html('![x|300][r]\n\n[r]: e.png'), '<p><img src="e.png" alt="x" width="300"></p>');
});

test('images without a size are untouched, and code spans stay text', async () => {
  assert.equal(await html('![plain](a.png) `![a|300](b.png)`'), '<p><img src="a.png" alt="plain"> <code>![a|300](b.png)</code></p>');
});

test('parseSizeSuffix reads |W and |WxH only', () => {
  assert.deepEqual(parseSizeSuffix('a.png|300'), { text: 'a.png', size: { width: 300 } });
  assert.deepEqual(parseSizeSuffix('a.png|300x200'), { text: 'a.png', size: { width: 300, height: 200 } });
  assert.equal(parseSizeSuffix('a.png|wide'), undefined);
  assert.equal(parseSizeSuffix('a.png|0'), undefined);
  assert.equal(parseSizeSuffix('a.png'), undefined);
});
