/**
 * The search index's input and output: what Pagefind is given for a note (math as its TeX, no SVG) and the bundle
 * it returns (only what a page fetches, under pagefind/), from real KaTeX output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

test('with a cache folder, an index of the same notes reuses the last full one; changed notes go to a delta; many changes make a new base', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-search-base-'));
  try {
    const notes = Array.from({ length: 40 }, (_, i) => ({ url: `/n${i}/`, title: `笔记 ${i}`, date: '2024-01-01', html: `<p>卷积 word${i}</p>` }));
    const run = async (list: typeof notes) => {
      const index = SearchIndex.start('zh-CN', dir);
      for (const n of list) index.add(n);
      const files = await index.files();
      return { files, manifest: JSON.parse(new TextDecoder().decode(files.get('pagefind/danlu-search.json'))) as { merge: string[]; hide: string[] } };
    };
    const first = await run(notes);
    assert.deepEqual(first.manifest, { merge: [], hide: [] });

    const same = await run(notes);
    assert.deepEqual(same.manifest, { merge: [], hide: [] });
    assert.deepEqual([...same.files.keys()].sort(), [...first.files.keys()].sort());
    for (const [name, bytes] of first.files) assert.deepEqual(same.files.get(name), bytes, name);

    // One note edited, one gone, one new: the delta holds the edited and the new one, the base's two are hidden.
    const edited = [{ ...notes[0]!, html: '<p>池化 changed</p>' }, ...notes.slice(2), { url: '/new/', title: '新', date: '2024-02-01', html: '<p>新的</p>' }];
    const delta = await run(edited);
    assert.deepEqual(delta.manifest.merge, ['delta/']);
    assert.equal(delta.manifest.hide.length, 2);
    assert.ok([...delta.files.keys()].some((k) => k.startsWith('pagefind/delta/fragment/')));
    assert.ok(!delta.files.has('pagefind/delta/pagefind.js'), 'the delta is searched with the base bundle’s runtime');
    for (const [name, bytes] of first.files) if (name !== 'pagefind/danlu-search.json') assert.deepEqual(delta.files.get(name), bytes, `base file ${name} shipped as it was`);

    // More changes than a delta may hold (32 here): a full index again, which the next run reuses.
    const many = notes.map((n, i) => (i < 33 ? { ...n, html: `<p>改 ${i}</p>` } : n));
    assert.deepEqual((await run(many)).manifest, { merge: [], hide: [] });
    assert.deepEqual((await run(many)).manifest, { merge: [], hide: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
