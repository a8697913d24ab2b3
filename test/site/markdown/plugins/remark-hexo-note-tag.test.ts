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
import { remarkCallout } from '../../../../src/site/markdown/plugins/remark-callout.js';
import { remarkHexoNoteTag, tagArgs } from '../../../../src/site/markdown/plugins/remark-hexo-note-tag.js';

// Same order as the site's processor: Hexo tags, then Obsidian callouts (which must leave Hexo's alone).
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkHexoNoteTag, {
    language: 'zh',
    resolve: (slug: string) => (slug === 'cnn' ? { url: '/posts/cnn/', title: 'CNN 笔记' } : undefined),
  })
  .use(remarkCallout, { language: 'zh' })
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeStringify);

async function render(md: string, path = 'source/_posts/my post.md') {
  const file = await processor.process(new VFile({ path, value: md }));
  return {
    html: String(file).replace(/\n/g, ''),
    messages: file.messages.map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId, reason: m.reason })),
  };
}

const aside = (type: string, extra = '') =>
  `<aside class="callout callout-${type} hexo-note${extra}" role="note" data-callout="${type}"><div class="callout-content">`;

test('{% note info %} with content in the same paragraph renders as a callout', async () => {
  const { html, messages } = await render('{% note info %}\nFirst **para** here.\n{% endnote %}');
  assert.equal(html, `${aside('info')}<p>First <strong>para</strong> here.</p></div></aside>`);
  assert.deepEqual(messages, []);
});

test('note content may span paragraphs, lists and math, with a list lazily continued into the closer', async () => {
  const { html } = await render('{% note warning %}\nIntro $a==b$.\n\n- one\n- two\n{% endnote %}\n\nafter');
  assert.equal(
    html,
    `${aside('warning')}<p>Intro <code class="language-math math-inline">a==b</code>.</p><ul><li>one</li><li>two</li></ul></div></aside><p>after</p>`,
  );
  const display = await render('{% note %}\n\n$$\nx^2\n$$\n\n{% endnote %}');
  assert.equal(display.html, `${aside('note')}<pre><code class="language-math math-display">x^2</code></pre></div></aside>`);
});

test('no-icon becomes a class; a summary makes a closed <details>', async () => {
  assert.equal((await render('{% note success no-icon %}\nok\n{% endnote %}')).html, `${aside('success', ' no-icon')}<p>ok</p></div></aside>`);
  assert.equal(
    (await render('{% note danger 点击展开 %}\nhidden\n{% endnote %}')).html,
    '<details class="callout callout-danger hexo-note" data-callout="danger"><summary class="callout-title">点击展开</summary>' +
      '<div class="callout-content"><p>hidden</p></div></details>',
  );
});

test('Butterfly colours, icons and styles are understood', async () => {
  assert.equal((await render("{% note orange 'fas fa-bullhorn' simple %}\nx\n{% endnote %}")).html, `${aside('warning')}<p>x</p></div></aside>`);
});

test('nested notes pair from the inside out', async () => {
  const { html } = await render('{% note info %}\nouter\n\n{% note danger %}\ninner\n{% endnote %}\n\n{% endnote %}');
  assert.equal(html, `${aside('info')}<p>outer</p>${aside('danger')}<p>inner</p></div></aside></div></aside>`);
});

test('an unclosed or unopened note tag warns at its place and stays visible', async () => {
  const { html, messages } = await render('text\n\n{% note info %}\nbody\n\n{% endnote %}\n{% endnote %}');
  assert.match(html, /<\/aside><p>{% endnote %}<\/p>$/);
  assert.deepEqual(messages.map((m) => [m.line, m.column, m.ruleId]), [[7, 1, 'hexo-tag-unmatched']]);
  const unclosed = await render('a\n\n  {% note info %}\nbody');
  assert.equal(unclosed.html, '<p>a</p><p>{% note info %}</p><p>body</p>');
  assert.deepEqual(unclosed.messages.map((m) => [m.line, m.column, m.ruleId]), [[3, 3, 'hexo-tag-unclosed']]);
});

test('{% codeblock %} keeps its source text verbatim and reads lang:', async () => {
  const { html } = await render('{% codeblock demo.py lang:python %}\ndef f(x):\n    return x * 2  # *no* <b>\n\n# not a heading\n{% endcodeblock %}');
  assert.equal(
    html,
    '<pre><code class="language-python">def f(x):    return x * 2  # *no* &#x3C;b># not a heading</code></pre>',
  );
});

test('{% asset_img %} resolves into the note\'s asset folder; alt and title come from the text', async () => {
  const { html } = await render('See {% asset_img net.png 网络结构 %} here.');
  assert.equal(html, '<p>See <img src="my%20post/net.png" alt="网络结构" title="网络结构"> here.</p>');
  const sized = await render(`{% asset_img cover a.png 300 200 '"标题" "说明"' %}`);
  assert.equal(sized.html, '<p><img src="my%20post/a.png" alt="说明" title="标题" width="300" height="200" class="cover"></p>');
});

test('{% img %} with a full URL works although GFM reads the URL as an autolink', async () => {
  const { html, messages } = await render(
    `前 *强调* {% img right https://example.com/a_b/net.png 300 '"网络" "结构图"' %} 后 https://example.org 尾`,
  );
  assert.equal(
    html,
    '<p>前 <em>强调</em> <img src="https://example.com/a_b/net.png" alt="结构图" title="网络" width="300" class="right"> 后 ' +
      '<a href="https://example.org">https://example.org</a> 尾</p>',
  );
  assert.deepEqual(messages, []);
  const two = await render('{% img http://a.example/x.png %} and {% img www.b.example/y.jpg 10 %}');
  assert.equal(two.html, '<p><img src="http://a.example/x.png" alt="x.png"> and <img src="www.b.example/y.jpg" alt="y.jpg" width="10"></p>');
});

test('{% post_link %} resolves through the site; an unknown slug warns', async () => {
  const { html, messages } = await render('{% post_link cnn %} / {% post_link cnn 看这里 %} / {% post_link nope 别处 %}');
  assert.equal(html, '<p><a href="/posts/cnn/">CNN 笔记</a> / <a href="/posts/cnn/">看这里</a> / 别处</p>');
  assert.deepEqual(messages.map((m) => [m.line, m.column, m.ruleId]), [[1, 49, 'hexo-post-link-unresolved']]);
});

test('an unknown tag is left visible with a warning naming it, at its line:column', async () => {
  const { html, messages } = await render('---\n\nvideo: {% youtube abc123 %} here\n\n{% pullquote %}\nq\n{% endpullquote %}');
  assert.match(html, /<p>video: {% youtube abc123 %} here<\/p>/);
  assert.deepEqual(messages.map((m) => [m.line, m.column, m.ruleId]), [
    [3, 8, 'hexo-tag-unknown'],
    [5, 1, 'hexo-tag-unknown'],
  ]);
  assert.match(messages[0]?.reason ?? '', /youtube/);
});

test('tags inside code are left alone; {% raw %} only drops its markers', async () => {
  const { html, messages } = await render('`{% note %}` and\n\n```\n{% note info %}\n```\n\n{% raw %}\n{% foo %} kept\n{% endraw %}');
  assert.equal(html, '<p><code>{% note %}</code> and</p><pre><code>{% note info %}</code></pre><p>{% foo %} kept</p>');
  assert.deepEqual(messages, []);
});

test('{% blockquote %} becomes a quote with its source', async () => {
  assert.equal(
    (await render('{% blockquote 孔子, 论语 %}\n学而时习之\n{% endblockquote %}')).html,
    '<blockquote><p>学而时习之</p><p class="quote-source">— 孔子, 论语</p></blockquote>',
  );
});

test('tagArgs splits like Hexo, keeping quoted groups', () => {
  assert.deepEqual(tagArgs(` a "b c" 'd e' f `), ['a', 'b c', 'd e', 'f']);
});
