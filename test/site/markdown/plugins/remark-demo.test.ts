/**
 * ```demo blocks through the whole pipeline: the warning a writer reads (text, rule, file:line:column in source
 * numbering, front matter included), the static figure that replaces the block, and the demo types the note
 * reports to the build.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mlpSchema } from '../../../../src/demos/mlp/config.js';
import { renderNote } from '../../../helpers/render-note.js';

const note = (body: string) => `---\ntitle: Demo\ndate: 2024-05-01 10:00:00\n---\n\n${body}`;
const warnings = (out: Awaited<ReturnType<typeof renderNote>>) => out.messages.map((m) => `${m.line}:${m.column} ${m.severity} ${m.rule} ${m.message}`);

test('an unknown type is a warning at its line listing the valid types; the page shows the block in an error box', async () => {
  const out = await renderNote(note('```demo\ntype: transformer\n```\n\nAfter.\n'), 'n.md', 'en');
  assert.deepEqual(warnings(out), ['7:1 warning demo-type demo block: line 7: unknown demo type `transformer`; valid types: mlp, cnn, lstm']);
  assert.match(out.html, /<figure class="demo demo-error" role="group" data-rule="demo-type"><figcaption>Demo error \(demo-type\): line 7: unknown demo type `transformer`; valid types: mlp, cnn, lstm<\/figcaption><pre class="demo-source">type: transformer<\/pre><\/figure>/);
  assert.ok(!out.html.includes('data-demo='), 'an error box is not a demo the page script would start');
  assert.match(out.html, /<p>After\.<\/p>/);
  assert.deepEqual(out.demos, []);
});

test('unknown options and bad values name what is valid, fall back to the defaults, and the figure says what was not applied', async () => {
  const out = await renderNote(note('```demo\ntype: mlp\noptimiser: adam\nactivation: softmax\nhidden: [4, 40]\nlearningRate: fast\n```\n'), 'n.md', 'en');
  assert.deepEqual(warnings(out), [
    // The list is the schema's (other options may be added to it); the ones a writer looks for are in it.
    `8:1 warning demo-option demo block: line 8: unknown option \`optimiser\`; valid options: ${Object.keys(mlpSchema).join(', ')}`,
    '9:1 warning demo-value demo block: line 9: `activation: "softmax"` is not valid; use one of sigmoid, tanh, relu (the default "sigmoid" is used)',
    '10:1 warning demo-value demo block: line 10: `hidden: [4,40]` is not valid; use a list of 0–6 whole numbers from 1 to 16, e.g. [4, 4] (the default [4,4] is used)',
    '11:1 warning demo-value demo block: line 11: `learningRate: "fast"` is not valid; use a number from 0.00001 to 10 (the default 0.03 is used)',
  ]);
  for (const name of ['dataset', 'hidden', 'activation', 'learningRate', 'optimizer', 'batchSize']) assert.ok(name in mlpSchema, name);
  const config = JSON.parse(decode(/data-config="([^"]*)"/.exec(out.html)![1]!)) as Record<string, unknown>;
  assert.equal(config.activation, 'sigmoid');
  assert.deepEqual(config.hidden, [4, 4]);
  assert.equal(config.learningRate, 0.03);
  assert.ok(!('optimiser' in config));
  assert.match(out.html, /<p class="demo-ignored" role="note">Not applied \(the default is used instead\): optimiser, activation: "softmax", hidden: \[4,40\], learningRate: "fast"<\/p>/);
  assert.deepEqual(out.demos, ['mlp']);
});

test('bad YAML is a warning at the line and column js-yaml names', async () => {
  const out = await renderNote(note('```demo\ntype: cnn\nnet: [lenet5\n```\n'), 'n.md', 'en');
  assert.equal(out.messages.length, 1);
  const m = out.messages[0]!;
  assert.equal(m.rule, 'demo-yaml');
  assert.equal(m.severity, 'warning');
  assert.ok(m.line >= 8 && m.line <= 9, `line ${m.line}`);
  assert.match(m.message, /^demo block: line \d+: not valid YAML: .*; write one `option: value` per line, starting with `type: mlp`$/);
  assert.match(out.html, /data-rule="demo-yaml"/);
});

test('a block that is not a mapping, a missing type, and a block inside a list are placed at the source', async () => {
  const out = await renderNote(note('- item\n\n  ```demo\n  type: lstm\n  colour: red\n  ```\n\n```demo\njust text\n```\n\n```demo\nhidden: 3\n```\n'), 'n.md', 'en');
  assert.deepEqual(
    out.messages.map((m) => `${m.line}:${m.column} ${m.rule}`),
    ['10:3 demo-option', '14:1 demo-yaml', '17:1 demo-type'],
  );
  assert.match(out.messages[0]!.message, /unknown option `colour`; valid options: sequence, text, hidden, steps, learningRate/);
  assert.match(out.messages[1]!.message, /the block must be `option: value` lines, starting with `type: mlp` \(or cnn, lstm\)/);
  assert.match(out.messages[2]!.message, /the demo has no `type`; use one of mlp, cnn, lstm/);
});

test('names every object inherits are unknown options, and aliases that fan out are refused, not expanded', async () => {
  const bomb = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d]', 'f: &f [*e, *e, *e, *e, *e, *e, *e, *e]', 'hidden: *f'];
  const out = await renderNote(note(`\`\`\`demo\ntype: mlp\nconstructor: 1\ntoString: 2\n${bomb.join('\n')}\n\`\`\`\n`), 'n.md', 'en');
  const byRule = out.messages.map((m) => `${m.line} ${m.rule}`);
  assert.ok(byRule.includes('8 demo-option') && byRule.includes('9 demo-option'), byRule.join(', '));
  assert.ok(out.messages.some((m) => m.line === 16 && m.rule === 'demo-value' && /the value of `hidden` is far too large/.test(m.message)), byRule.join(', '));
  assert.ok(out.messages.every((m) => m.message.length < 400), 'no message carries the expanded value');
  assert.deepEqual(out.demos, ['mlp']);
});

test('a block over the size limit is not read as YAML', async () => {
  const out = await renderNote(note('```demo\ntype: mlp\n' + `caption: ${'x'.repeat(9000)}\n` + '```\n'), 'n.md', 'en');
  assert.deepEqual(out.messages.map((m) => `${m.line}:${m.column} ${m.rule}`), ['6:1 demo-yaml']);
  assert.match(out.messages[0]!.message, /a demo config is at most 8192/);
});

test('the note lists each demo type once, in order; a note without demos lists none and gets no figure', async () => {
  const out = await renderNote(note('```demo\ntype: lstm\n```\n\n```demo\ntype: mlp\ndataset: spiral\n```\n\n```demo\ntype: lstm\nsequence: text\n```\n'), 'n.md', 'en');
  assert.deepEqual(out.demos, ['lstm', 'mlp']);
  assert.equal((out.html.match(/<figure class="demo demo-/g) ?? []).length, 3);
  const plain = await renderNote(note('Some text with `demo` in it.\n\n```js\nconst demo = 1;\n```\n'), 'p.md', 'en');
  assert.deepEqual(plain.demos, []);
  assert.ok(!plain.html.includes('class="demo'));
});

test('the static figure: network, summary, scatter of the seeded data set, hidden start button, noscript, caption', async () => {
  const out = await renderNote(note('```demo\ntype: mlp\ndataset: gauss\npoints: 50\nseed: 3\ncaption: Two clusters\n```\n'), 'n.md', 'en');
  assert.deepEqual(out.messages, []);
  const html = out.html;
  assert.match(html, /<figure class="demo demo-mlp" data-demo="mlp" data-config="[^"]+" aria-label="MLP playground"><div class="demo-static">/);
  assert.match(html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="diagram-nn[^"]*"[^>]*role="img"/);
  assert.match(html, /<svg [^>]*class="demo-dataset"[^>]*role="img" aria-label="Data set gauss: 50 points in two classes">/);
  // 50 points drawn, split across the two classes.
  const points = (html.match(/h0/g) ?? []).length;
  assert.equal(points, 50);
  assert.match(html, /<p class="demo-summary">Data: gauss, 50 points, noise 0.1, 50% for training · Layers: 2 → 4 → 4 → 1 · Activation: sigmoid · Learning rate: 0.03 · Optimizer: adam, batch 10<\/p>/);
  assert.match(html, /<button type="button" class="demo-start" hidden>Start the demo<\/button>/);
  assert.match(html, /<noscript><p class="demo-noscript">This demo trains the network in your browser and needs JavaScript/);
  assert.match(html, /<\/div><figcaption>Two clusters<\/figcaption><\/figure>/);
  // The same seed draws the same points; another seed draws others.
  const again = await renderNote(note('```demo\ntype: mlp\ndataset: gauss\npoints: 50\nseed: 3\n```\n'), 'm.md', 'en');
  const other = await renderNote(note('```demo\ntype: mlp\ndataset: gauss\npoints: 50\nseed: 4\n```\n'), 'o.md', 'en');
  const scatter = (s: string) => /<svg [^>]*class="demo-dataset"[\s\S]*?<\/svg>/.exec(s)?.[0];
  assert.equal(scatter(again.html), scatter(html));
  assert.notEqual(scatter(other.html), scatter(html));
});

function decode(attr: string): string {
  return attr.replace(/&#x22;/g, '"').replace(/&#x26;/g, '&').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

test('each type alone draws its network with the shapes of the net the demo trains', async () => {
  const out = await renderNote(note('```demo\ntype: cnn\n```\n\n```demo\ntype: lstm\n```\n\n```demo\ntype: lstm\nsequence: text\ntext: abba\nsteps: 8\n```\n'), 'n.md', 'en');
  assert.deepEqual(out.messages, []);
  assert.ok(!out.html.includes('demo-source'), 'every network was drawn');
  const descs = [...out.html.matchAll(/<desc[^>]*>([^<]*)<\/desc>/g)].map((m) => m[1]);
  assert.deepEqual(descs, [
    // ConvNetJS's MNIST net on 28×28 digits (convNetJsDemo(28)): 24 → 12 → 12 → 4.
    'Network with 6 layers: 1. input 1x28x28 → 1×28×28; 2. conv 8 k5 relu → 8×24×24; 3. pool 2 → 8×12×12; 4. conv 16 k5 p2 relu → 16×12×12; 5. pool 3 → 16×4×4; 6. dense 10 softmax → 10.',
    'Network with 3 layers: 1. input 30x1 → 30×1; 2. lstm 20 → 20; 3. dense 1 → 1.',
    // Two distinct characters, one-hot.
    'Network with 3 layers: 1. input 8x2 → 8×2; 2. lstm 20 → 20; 3. dense 2 softmax → 2.',
  ]);
  assert.match(out.html, /Data: MNIST digits · Layers: ConvNetJS MNIST net \(conv 8 → pool → conv 16 → pool → 10\) · Activation: ReLU · Learning rate: 0\.01 · Optimizer: momentum, batch 20 · starts from pre-trained weights/);
  assert.match(out.html, /Data: a noisy sine \(noise 0\.05\), 30 timesteps · Layers: LSTM with 20 hidden units → dense/);
  assert.ok(!out.html.includes('class="demo-dataset"'), 'only the MLP draws a data set');
});

test('a demo figure is not prose: the search text and word count leave it out', async () => {
  const plain = await renderNote(note('Backprop in one line.\n'), 'n.md', 'en');
  const withDemo = await renderNote(note('Backprop in one line.\n\n```demo\ntype: mlp\ncaption: Try the circle\n```\n'), 'n.md', 'en');
  assert.equal(withDemo.text.trim(), plain.text.trim());
  assert.equal(withDemo.wordCount, plain.wordCount);
});
