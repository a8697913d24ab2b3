/**
 * The search index's input and output: what Pagefind is given for a note (math as its TeX, no SVG) and the bundle
 * it returns (only what a page fetches, under pagefind/), from real KaTeX output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import katex from 'katex';
import { buildSearchBundle, SearchIndex } from '../../../src/site/search/pagefind-index.js';
import { searchableHtml } from '../../../src/site/search/search-document.js';

test('each formula becomes its TeX between dollars, nested spans and all; SVG is dropped; prose is kept', () => {
  const inline = katex.renderToString('\\frac{a}{b^{2}}', { output: 'htmlAndMathml' });
  const display = katex.renderToString('\\sum_i x_i', { output: 'htmlAndMathml', displayMode: true });
  const html = `<p>例如${inline}的值。</p><figure><svg viewBox="0 0 1 1"><g><svg><text>label</text></svg></g><text>outer</text></svg></figure>${display}<p>after</p>`;
  const out = searchableHtml(html);
  assert.equal(out, '<p>例如 $\\frac{a}{b^{2}}$ 的值。</p><figure></figure><span class="katex-display"> $\\sum_i x_i$ </span><p>after</p>');
});

test('the bundle holds the search runtime and the index under pagefind/, not the ready-made UIs', async () => {
  const files = await buildSearchBundle([{ url: '/a/', title: 'A', date: '2024-01-01', html: '<p>反向传播 backprop</p>' }], 'zh-CN');
  const names = [...files.keys()];
  assert.ok(names.every((n) => n.startsWith('pagefind/')), names.join());
  for (const want of [/^pagefind\/pagefind\.js$/, /^pagefind\/pagefind-entry\.json$/, /^pagefind\/wasm\..+\.pagefind$/, /^pagefind\/index\//, /^pagefind\/fragment\//]) {
    assert.ok(names.some((n) => want.test(n)), `${want} in ${names.join()}`);
  }
  assert.ok(!names.some((n) => /ui/.test(n)), names.join());
});

test('an index fed note by note gives the bundle a single call gives, and refuses a note after its files', async () => {
  const notes = [
    { url: '/a/', title: '反向传播', date: '2024-01-01', html: '<p>反向传播 backprop</p>' },
    { url: '/b/', title: 'B', date: '2024-01-02', html: '<h2>卷积</h2><p>感受野</p>' },
  ];
  const index = SearchIndex.start('zh-CN');
  for (const n of notes) index.add(n);
  const fed = await index.files();
  const once = await buildSearchBundle(notes, 'zh-CN');
  assert.deepEqual([...fed.keys()].sort(), [...once.keys()].sort());
  assert.throws(() => index.add(notes[0]!), /after files\(\)/);
});
