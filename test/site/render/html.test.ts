/** The layouts' template tag: escapes what it is given, trusts what is marked, and keeps the pieces. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, html, raw } from '../../../src/site/render/html.js';

test('interpolations are escaped unless trusted; arrays and conditionals read naturally', () => {
  const title = '<script>"x" & \'y\'</script>';
  const page = html`<h1>${title}</h1>${[1, 2].map((n) => html`<i>${n}</i>`)}${false}${null}${raw('<b>ok</b>')}`;
  assert.equal(page.value, `<h1>${escapeHtml(title)}</h1><i>1</i><i>2</i><b>ok</b>`);
  assert.equal(String(page), page.value);
  assert.equal(escapeHtml(title), '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
});

test('a page keeps the pieces it was made of, nested templates and raw pieces included', () => {
  const body = raw(['<p>一</p>', '\n', '<p>二</p>']);
  const page = html`<main>${html`<article>${body}</article>`}</main>`;
  assert.deepEqual(page.parts.filter((p) => p !== ''), ['<main>', '<article>', '<p>一</p>', '\n', '<p>二</p>', '</article>', '</main>']);
  assert.equal(page.value, '<main><article><p>一</p>\n<p>二</p></article></main>');
});
