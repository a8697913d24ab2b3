import assert from 'node:assert/strict';
import { test } from 'node:test';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { remarkImageSize } from '../../../../src/site/markdown/plugins/remark-image-size.js';
import { remarkWikilink, type WikilinkTarget } from '../../../../src/site/markdown/plugins/remark-wikilink.js';

const notes: Record<string, WikilinkTarget> = {
  CNN: { url: '/posts/cnn/', title: '卷积神经网络' },
  'Transfer Learning': { url: '/posts/transfer/', title: 'Transfer Learning' },
};
const asked: string[] = [];
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkWikilink, {
    resolve: (target: string) => {
      asked.push(target);
      return notes[target];
    },
    slug: (heading: string) => heading.toLowerCase().replace(/\s+/g, '-'),
  })
  .use(remarkImageSize)
  .use(remarkRehype)
  .use(rehypeStringify);

async function render(md: string) {
  const file = await processor.process(new VFile({ path: 'note.md', value: md }));
  return {
    html: String(file).trim(),
    messages: file.messages.map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId, reason: m.reason })),
  };
}

test('[[Note]] links to the resolved page; the tooltip is the note title when it differs', async () => {
  const { html, messages } = await render('See [[CNN]].');
  assert.equal(html, '<p>See <a href="/posts/cnn/" title="卷积神经网络" class="wikilink">CNN</a>.</p>');
  assert.deepEqual(messages, []);
});

test('[[Note|label]] uses the label; [[Note#Heading]] adds the slugged anchor', async () => {
  assert.equal(
    (await render('[[CNN|卷积]] [[CNN#Output Size]] [[CNN#Output Size|公式]]')).html,
    '<p><a href="/posts/cnn/" title="卷积神经网络" class="wikilink">卷积</a> ' +
      '<a href="/posts/cnn/#output-size" title="卷积神经网络" class="wikilink">CNN > Output Size</a> ' +
      '<a href="/posts/cnn/#output-size" title="卷积神经网络" class="wikilink">公式</a></p>',
  );
});

test('[[#Heading]] links within the page without asking the resolver', async () => {
  asked.length = 0;
  assert.equal((await render('[[#Local Heading]]')).html, '<p><a href="#local-heading" class="wikilink">Local Heading</a></p>');
  assert.deepEqual(asked, []);
});

test('a trailing .md is dropped before resolving, and a same title gives no tooltip', async () => {
  assert.equal(
    (await render('[[Transfer Learning.md]]')).html,
    '<p><a href="/posts/transfer/" class="wikilink">Transfer Learning</a></p>',
  );
});

test('an unknown target warns at its line:column with how to fix it, and stays visible', async () => {
  const { html, messages } = await render('# T\n\nfirst line\nMissing [[Nope|别名]] here.');
  assert.equal(html, '<h1>T</h1>\n<p>first line\nMissing <span class="wikilink wikilink-unresolved">别名</span> here.</p>');
  assert.equal(messages.length, 1);
  assert.equal(messages[0]?.ruleId, 'wikilink-unresolved');
  assert.equal(messages[0]?.line, 4);
  assert.equal(messages[0]?.column, 9);
  assert.match(messages[0]?.reason ?? '', /\[\[Nope\|别名\]\].*file name.*title/);
});

test('positions stay exact after escapes and entities earlier in the same text', async () => {
  const { messages } = await render('x &amp; \\* [[Nope]]');
  assert.deepEqual(messages.map((m) => [m.line, m.column]), [[1, 12]]);
});

test('positions stay exact on continuation lines inside quotes and lists', async () => {
  const { messages } = await render('> quote line\n> and [[Nope]]\n\n- item\n  more [[Nope2]]');
  assert.deepEqual(messages.map((m) => [m.line, m.column]), [[2, 7], [5, 8]]);
});

test('names that markdown reads as emphasis are taken literally, as in Obsidian', async () => {
  const { html, messages } = await render('[[__init__]] [[a *b* c|x]] **bold [[** y');
  assert.equal(
    html,
    '<p><span class="wikilink wikilink-unresolved">__init__</span> <span class="wikilink wikilink-unresolved">x</span> ' +
      '<strong>bold [[</strong> y</p>',
  );
  assert.deepEqual(messages.map((m) => [m.line, m.column]), [[1, 1], [1, 14]]);
});

test('code, math and existing links are not touched', async () => {
  asked.length = 0;
  const { html, messages } = await render('`[[CNN]]` $[[CNN]]$ [a [[CNN]] b](x)\n\n```\n[[CNN]]\n```');
  assert.equal(
    html,
    '<p><code>[[CNN]]</code> <code class="language-math math-inline">[[CNN]]</code> <a href="x">a [[CNN]] b</a></p>\n' +
      '<pre><code>[[CNN]]\n</code></pre>',
  );
  assert.deepEqual(messages, []);
  assert.deepEqual(asked, []);
});

test('wikilinks work in table cells with an escaped pipe', async () => {
  const { html } = await render('| a |\n|---|\n| [[CNN\\|卷积]] |');
  assert.match(html, /<td><a href="\/posts\/cnn\/" title="卷积神经网络" class="wikilink">卷积<\/a><\/td>/);
});

test('![[image.png]] embeds an image with the target as url and the file name as alt', async () => {
  assert.equal((await render('![[image.png]]')).html, '<p><img src="image.png" alt="image.png"></p>');
});

test('![[image.png|300]] and ![[image.png|alt|300x200]] carry sizes; the pipe never reaches the alt', async () => {
  assert.equal(
    (await render('![[sub/图 1.png|300]] ![[a.png|网络|300x200]] ![[b.jpg|说明]]')).html,
    '<p><img src="sub/%E5%9B%BE%201.png" alt="图 1.png" width="300"> ' +
      '<img src="a.png" alt="网络" width="300" height="200"> <img src="b.jpg" alt="说明"></p>',
  );
});

test('![[Other note]] becomes a link with a transclusion warning', async () => {
  const { html, messages } = await render('\n![[CNN]]');
  assert.equal(html, '<p><a href="/posts/cnn/" title="卷积神经网络" class="wikilink">CNN</a></p>');
  assert.deepEqual(messages.map((m) => [m.line, m.column, m.ruleId]), [[2, 1, 'wikilink-embed-note']]);
  assert.match(messages[0]?.reason ?? '', /not supported/);
});

test('an embed of an unknown note warns once, as unresolved', async () => {
  const { html, messages } = await render('![[Ghost]]');
  assert.equal(html, '<p><span class="wikilink wikilink-unresolved">Ghost</span></p>');
  assert.deepEqual(messages.map((m) => m.ruleId), ['wikilink-unresolved']);
});

test('a link to a non-note file (pdf) links the file for the asset stage', async () => {
  assert.equal((await render('[[slides.pdf]]')).html, '<p><a href="slides.pdf" class="wikilink">slides.pdf</a></p>');
});

test('a note name with a dot is still a note: unknown, it warns instead of linking a file', async () => {
  const { html, messages } = await render('[[Python 3.10]]');
  assert.equal(html, '<p><span class="wikilink wikilink-unresolved">Python 3.10</span></p>');
  assert.deepEqual(messages.map((m) => m.ruleId), ['wikilink-unresolved']);
});
