import assert from 'node:assert/strict';
import { test } from 'node:test';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { clearDiagramCache } from '../../../../src/site/diagrams/render.js';
import { remarkDiagram } from '../../../../src/site/markdown/plugins/remark-diagram.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkDiagram).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify);

async function run(md: string) {
  const file = new VFile({ path: 'note.md', value: md });
  const html = String(await processor.process(file));
  return { html, file, messages: file.messages.map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId, reason: m.reason, fatal: m.fatal })) };
}

// Three blank lines stand for the front matter the loader blanks out, so positions are source positions.
const NOTE = `\n\n\n# CNN

\`\`\`nn
title: Demo CNN
input 1x28x28
conv 8 k5 s1 p2 relu
pool 2
dense 10 softmax
\`\`\`

Text after.
`;

test('an nn fence becomes <figure class="diagram diagram-nn"> with inline SVG and a figcaption', async () => {
  const { html, messages, file } = await run(NOTE);
  assert.deepEqual(messages, []);
  assert.match(html, /<figure class="diagram diagram-nn"><svg [^>]*role="img"/);
  assert.ok(html.includes('<figcaption>Demo CNN</figcaption></figure>'));
  assert.ok(html.includes('8×14×14'));
  assert.ok(html.includes('var(--diagram-conv,'));
  assert.ok(html.includes('<p>Text after.</p>'));
  assert.ok(!html.includes('<pre>'), 'the fence is not left as code');
  assert.equal(file.data.diagrams?.length, 1);
  assert.equal(file.data.diagrams![0]!.kind, 'nn');
  assert.equal(file.data.diagrams![0]!.line, 6);
});

test('no figcaption without a title; other code blocks are untouched', async () => {
  const { html } = await run('```plot\nx: 0 .. 1\nf: x\n```\n\n```js\nlet a = 1\n```\n');
  assert.match(html, /<figure class="diagram diagram-plot"><svg [^>]*>.*<\/svg><\/figure>/s);
  assert.ok(!html.includes('figcaption'));
  assert.ok(html.includes('<pre><code class="language-js">let a = 1\n</code></pre>'));
});

test('a shape that does not fit: warning at the fence with layer, source line and arithmetic; error box shows source', async () => {
  const md = '\n\n\nIntro.\n\n```nn\ninput 1x28x28\nconv 8 k5 p2\npool 2\nconv 16 k5 s2\n```\n\nStill built.\n';
  const { html, messages, file } = await run(md);
  assert.equal(messages.length, 1);
  const m = messages[0]!;
  assert.equal(m.line, 6);
  assert.equal(m.column, 1);
  assert.equal(m.ruleId, 'diagram-nn-shape');
  assert.equal(m.fatal, false);
  assert.match(
    m.reason,
    /^nn diagram not drawn — line 10: layer 4 `conv 16 k5 s2` \(height\): N = \(W − F \+ 2P\)\/S \+ 1 = \(14 − 5 \+ 2·0\)\/2 \+ 1 = 5\.5 is not an integer; change the stride/,
  );
  assert.match(html, /<figure class="diagram diagram-error diagram-nn" role="group" data-rule="diagram-nn-shape" style="[^"]*var\(--diagram-error-fg/);
  assert.ok(html.includes('<pre class="diagram-source">input 1x28x28\nconv 8 k5 p2\npool 2\nconv 16 k5 s2</pre>'));
  assert.ok(html.includes('<p>Still built.</p>'));
  assert.equal(file.data.diagrams![0]!.ok, false);
});

test('syntax errors of each kind: ruleId and the fence position (also when indented in a list)', async () => {
  const md = [
    '- item', // 1
    '', // 2
    '  ```nn', // 3
    '  input 1x28x28', // 4
    '  conv 8 kk', // 5
    '  ```', // 6
    '', // 7
    '```plot', // 8
    'x: -1 .. 1', // 9
    'f: sin(x', // 10
    '```', // 11
    '', // 12
    '```mermaid', // 13
    'pie', // 14
    '```', // 15
  ].join('\n');
  const { messages } = await run(md);
  assert.deepEqual(
    messages.map((m) => [m.line, m.column, m.ruleId]),
    [
      [3, 3, 'diagram-nn-syntax'],
      [8, 1, 'diagram-plot'],
      [13, 1, 'diagram-mermaid'],
    ],
  );
  assert.match(messages[0]!.reason, /line 5: `conv 8 kk`: unknown option `kk`/);
  assert.match(messages[1]!.reason, /line 10: `f: sin\(x`: in `sin\(x`: expected `\)`/);
});

test('mermaid fence: figure with the SVG and the caption from %% title', async () => {
  const { html, messages } = await run('```mermaid\n%% title: Training loop\nflowchart LR\n  data --> model --> loss\n  loss -.-> model\n```\n');
  assert.deepEqual(messages, []);
  assert.match(html, /<figure class="diagram diagram-mermaid"><svg [^>]*role="img"/);
  assert.ok(html.includes('<figcaption>Training loop</figcaption>'));
  assert.ok(html.includes('>model<'));
});

test('deterministic HTML and cached second render across notes', async () => {
  clearDiagramCache();
  const a = await run(NOTE);
  const b = await run(NOTE);
  assert.equal(a.html, b.html);
  assert.equal(a.file.data.diagrams![0]!.cached, false);
  assert.equal(b.file.data.diagrams![0]!.cached, true);
});
