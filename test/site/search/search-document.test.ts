/**
 * What the search indexer reads of a note: highlighted code as its text (from real Shiki output), Chinese split
 * into words at `Intl.Segmenter`'s boundaries with invisible marks, and nothing of the text lost or added.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeToHtml } from 'shiki';
import { markWordBreaks, searchableHtml, searchBody, WORD_BREAK } from '../../../src/site/search/search-document.js';

const textOf = (html: string): string => html.replace(/<[^>]*>/g, '').replaceAll(WORD_BREAK, '');

test('a highlighted code block becomes <pre> with the code text, a fraction of the markup', async () => {
  const code = 'import torch\nscaler = torch.cuda.amp.GradScaler()\nloss = (x - y) ** 2 < 1\n';
  const html = await codeToHtml(code, { lang: 'python', themes: { light: 'github-light', dark: 'github-dark' } });
  const out = searchableHtml(`<p>前</p>${html}<p>后</p>`);
  assert.match(out, /^<p>前<\/p><pre>/);
  assert.match(out, /<\/pre><p>后<\/p>$/);
  assert.equal(textOf(out), textOf(`<p>前</p>${html}<p>后</p>`), 'the code text is kept as written');
  assert.ok(out.length * 3 < html.length, `${out.length} chars from ${html.length}`);
  assert.ok(!out.includes('<span'), out);
});

test('<pre inside a name that only starts with it (<prefix>) is text, not a code block', () => {
  assert.equal(searchableHtml('<p><prefix>a</prefix></p>'), '<p><prefix>a</prefix></p>');
});

test('Chinese text gets a zero-width break between the words Intl.Segmenter finds; tags, attributes and Latin text do not', () => {
  const html = '<p title="反向传播算法">反向传播是训练神经网络的算法, with GradScaler.</p><a href="/卷积/">卷积网络</a>';
  const out = markWordBreaks(html, 'zh-CN');
  assert.equal(out.replaceAll(WORD_BREAK, ''), html, 'only marks are added');
  assert.ok(out.includes('<p title="反向传播算法">'), 'attribute untouched');
  assert.ok(out.includes('href="/卷积/"'), 'href untouched');
  const words = [...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment('反向传播是训练神经网络的算法')].map((s) => s.segment);
  assert.ok(words.length > 3, 'the segmenter splits the sentence');
  assert.ok(out.includes(words.join(WORD_BREAK)), out);
  assert.ok(out.includes(', with GradScaler.'), 'Latin text unchanged');
});

test('searchBody keeps every character of prose and TeX a reader could search for', () => {
  const body = searchBody('<p>学习率<span class="math math-inline">x</span>预热</p>', 'zh-CN');
  assert.equal(textOf(body), '学习率x预热');
});
