/** The lead's rehype stages through the full processor: headings and TOC, code highlighting, assets, excerpt. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderNote } from '../../../helpers/render-note.js';

const fm = '---\ntitle: t\ndate: 2024-01-01\n---\n';

test('a note with # sections gets h2 and below, ids that keep Chinese, anchors, and a nested TOC', async () => {
  const out = await renderNote(`${fm}\n# 模型\n\n## 卷积 网络\n\n### 池化\n\n# Loss\n`);
  assert.match(out.html, /<h2 id="模型">模型<a class="heading-anchor" href="#模型" aria-hidden="true" tabindex="-1">#<\/a><\/h2>/);
  assert.match(out.html, /<h3 id="卷积-网络">/);
  assert.match(out.html, /<h4 id="池化">/);
  assert.doesNotMatch(out.html, /<h1/);
  assert.deepEqual(
    out.toc.map((e) => [e.text, e.depth, e.children.map((c) => c.id)]),
    [['模型', 2, ['卷积-网络']], ['Loss', 2, []]],
  );
});

test('code fences are highlighted in light and dark at build time; unknown languages stay plain code', async () => {
  const out = await renderNote(`${fm}\n\`\`\`python\nimport torch\n\`\`\`\n\n\`\`\`nosuchlang\nx\n\`\`\`\n`);
  assert.match(out.html, /<pre class="shiki css-variables"/);
  assert.match(out.html, /<span style="color:var\(--shiki-token-keyword\)">import<\/span>/);
  assert.match(out.html, /import/);
  assert.equal(out.html.match(/<pre class="shiki/g)?.length, 2);
});

test('local images are published with the note, missing ones warn at their place, remote ones are lazy', async () => {
  const out = await renderNote(`${fm}\n![a](images/local-image.png)\n\n![b](missing.png)\n\n![c](https://example.org/c.png)\n\n[pdf](attachments/figure.svg)\n`);
  assert.match(out.html, /<img src="\/files\/images\/local-image\.png" alt="a">/);
  assert.match(out.html, /<img src="https:\/\/example\.org\/c\.png" alt="c" loading="lazy" decoding="async">/);
  assert.match(out.html, /href="\/files\/attachments\/figure\.svg"/);
  assert.deepEqual(out.assets, ['attachments/figure.svg', 'images/local-image.png']);
  const warn = out.messages.find((m) => m.rule === 'asset-missing');
  assert.ok(warn);
  assert.equal(warn.line, 8);
  assert.equal(warn.column, 1);
});

test('<!-- more --> ends the excerpt without needing raw HTML; the first paragraph is the fallback', async () => {
  const out = await renderNote(`${fm}\n摘要 $x$。\n\n<!--more-->\n\n正文。\n`);
  assert.match(out.moreHtml ?? '', /^<p>摘要 <span class="math-nobr"><span class="math math-inline">/);
  assert.doesNotMatch(out.moreHtml ?? '', /正文/);
  assert.doesNotMatch(out.html, /<!--/);
  const none = await renderNote(`${fm}\n第一段。\n\n第二段。\n`);
  assert.equal(none.moreHtml, undefined);
  assert.equal(none.firstParagraphHtml, '<p>第一段。</p>');
});

test('reading time counts Chinese characters and English words', async () => {
  const out = await renderNote(`${fm}\n${'深度学习'.repeat(200)} ${'word '.repeat(200)}\n\n\`\`\`python\n${'code '.repeat(500)}\n\`\`\`\n`);
  assert.equal(out.wordCount, 1000);
  const headed = await renderNote(`${fm}\n## 三个门\n\n输入门。\n`);
  assert.equal(headed.text, '三个门 输入门。', 'heading anchors are not text');
  assert.equal(out.readingMinutes, 3);
});
