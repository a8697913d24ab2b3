import assert from 'node:assert/strict';
import { test } from 'node:test';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { calloutType, defaultCalloutTitle, remarkCallout } from '../../../../src/site/markdown/plugins/remark-callout.js';

function processor(language?: 'zh' | 'en') {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkCallout, language ? { language } : {})
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeStringify);
}
const html = async (md: string, language?: 'zh' | 'en') => String(await processor(language).process(md)).trim();
const squash = (s: string) => s.replace(/\n/g, '');

test('> [!note] Title renders an aside with role=note, a title and the body', async () => {
  assert.equal(
    squash(await html('> [!info] My **bold** title\n> body $x$\n>\n> - item')),
    '<aside class="callout callout-info" role="note" data-callout="info">' +
      '<p class="callout-title">My <strong>bold</strong> title</p>' +
      '<div class="callout-content"><p>body <code class="language-math math-inline">x</code></p><ul><li>item</li></ul></div>' +
      '</aside>',
  );
});

test('[!info]- is a closed <details>, [!info]+ an open one', async () => {
  assert.equal(
    squash(await html('> [!info]- Folded\n> hidden')),
    '<details class="callout callout-info" data-callout="info"><summary class="callout-title">Folded</summary>' +
      '<div class="callout-content"><p>hidden</p></div></details>',
  );
  assert.match(await html('> [!tip]+ Open\n> shown'), /^<details class="callout callout-tip" data-callout="tip" open>/);
});

test('default titles follow the language option', async () => {
  assert.match(await html('> [!warning]\n> x', 'zh'), /<p class="callout-title">警告<\/p>/);
  assert.match(await html('> [!warning]\n> x', 'en'), /<p class="callout-title">Warning<\/p>/);
  assert.match(await html('> [!TIP]\n> x'), /<p class="callout-title">Tip<\/p>/);
  assert.equal(defaultCalloutTitle('note', 'zh'), '注意');
  assert.equal(defaultCalloutTitle('faq', 'zh-CN'), '问题');
});

test('aliases map to their type; unknown types fall back to note but keep their name as title', async () => {
  assert.equal(calloutType('FAQ'), 'question');
  assert.equal(calloutType('tldr'), 'abstract');
  assert.equal(calloutType('error'), 'danger');
  assert.equal(calloutType('important'), 'tip');
  assert.match(await html('> [!caution] x'), /class="callout callout-warning"/);
  assert.match(squash(await html('> [!定义]\n> y')), /<aside class="callout callout-note" role="note" data-callout="note"><p class="callout-title">定义<\/p>/);
});

test('a callout with only a title line has no content box', async () => {
  assert.equal(squash(await html('> [!todo] 写完')), '<aside class="callout callout-todo" role="note" data-callout="todo"><p class="callout-title">写完</p></aside>');
});

test('nested callouts and plain quotes', async () => {
  const out = squash(await html('> [!note] Outer\n> > [!bug] Inner\n> > text\n\n> plain [!note] quote'));
  assert.match(out, /<div class="callout-content"><aside class="callout callout-bug" role="note" data-callout="bug"><p class="callout-title">Inner<\/p>/);
  assert.match(out, /<blockquote><p>plain \[!note\] quote<\/p><\/blockquote>$/);
});

test('the marker must open the quote: a [!note] on a later line or in code is text', async () => {
  assert.equal(squash(await html('> text\n> [!note] x')), '<blockquote><p>text[!note] x</p></blockquote>');
  assert.equal(squash(await html('> `[!note]` x')), '<blockquote><p><code>[!note]</code> x</p></blockquote>');
});

test('title and body keep source positions', () => {
  const mdast = unified().use(remarkParse).use(remarkCallout);
  const file = new VFile('> [!tip] Title\n> body');
  const tree = mdast.runSync(mdast.parse(file), file) as Root;
  const aside = tree.children[0];
  assert.equal(aside?.type, 'blockquote');
  if (aside?.type !== 'blockquote') return;
  assert.deepEqual(aside.position?.start, { line: 1, column: 1, offset: 0 });
  const [title, content] = aside.children;
  assert.equal(title?.position?.start.line, 1);
  assert.equal(content?.position?.start.line, 2);
  assert.equal(content?.position?.start.column, 3);
});

test('warnings from later plugins inside a callout title and body keep exact line:column', async () => {
  const { remarkWikilink } = await import('../../../../src/site/markdown/plugins/remark-wikilink.js');
  const pipeline = unified()
    .use(remarkParse)
    .use(remarkCallout)
    .use(remarkWikilink, { resolve: () => undefined, slug: (h: string) => h })
    .use(remarkRehype)
    .use(rehypeStringify);
  const file = await pipeline.process(new VFile('> [!note] T [[A]]\n> see [[B]] and\n> more [[C]]'));
  assert.deepEqual(file.messages.map((m) => [m.line, m.column]), [[1, 13], [2, 7], [3, 8]]);
});
