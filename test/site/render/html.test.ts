/** The layouts' template tag: escapes what it is given, trusts what is marked, and keeps the pieces. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, html, htmlPieces, raw } from '../../../src/site/render/html.js';

test('interpolations are escaped unless trusted; arrays and conditionals read naturally', () => {
  const title = '<script>"x" & \'y\'</script>';
  const page = html`<h1>${title}</h1>${[1, 2].map((n) => html`<i>${n}</i>`)}${false}${null}${raw('<b>ok</b>')}`;
  assert.equal(page.value, `<h1>${escapeHtml(title)}</h1><i>1</i><i>2</i><b>ok</b>`);
  assert.equal(String(page), page.value);
  assert.equal(escapeHtml(title), '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
});

test('a page is a short list of medium pieces, never one string the size of a long note', () => {
  const small = html`<main>${html`<article>${raw(['<p>一</p>', '\n', '<p>二</p>'])}</article>`}</main>`;
  assert.deepEqual(htmlPieces(small), ['<main><article><p>一</p>\n<p>二</p></article></main>'], 'small pieces are joined');
  const blocks = Array.from({ length: 40 }, (_, i) => `<p>${'梯度'.repeat(1000)}${i}</p>\n`); // ~80K units
  const page = html`<main>${raw(blocks)}</main>`;
  assert.equal(page.value, `<main>${blocks.join('')}</main>`);
  assert.ok(htmlPieces(page).length >= 5, `${htmlPieces(page).length} pieces`);
  assert.ok(htmlPieces(page).every((p: { length: number }) => p.length <= 16_384), 'every piece stays small');
});
