/**
 * The reader-feature stages of the pipeline, through the full processor: what a note links to (every link form
 * that reaches a note, each target once, not itself, not unknown notes), its footnotes and first image; the
 * labelled scroll boxes of display math and tables; a closing mark kept with the formula before it; the width
 * below which a diagram's smallest text would drop under 11 px. The links survive the worker codec.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readableWidth } from '../../../../src/site/markdown/plugins/rehype-diagram-fit.js';
import { decodeNoteHtml, encodeNoteHtml } from '../../../../src/site/build/note-codec.js';
import { renderNote } from '../../../helpers/render-note.js';

const note = (body: string) => `---\ntitle: t\ndate: 2024-01-01\n---\n\n${body}\n`;

test('a note records each note it links to once, by content path, in every link form', async () => {
  const out = await renderNote(
    note(
      '[[Note]] and [[Note#Part]] again, [md](Other%20Note.md), <a href="/2023/07/03/cnn/#x">raw</a>, ' +
        '[[Nowhere]], [self](/fixture-self/), [ext](https://example.org/note/), [[#Local]]',
    ),
    'links.md',
    'en',
  );
  assert.deepEqual(out.links, ['Note.md', 'Other Note.md', '模型/CNN/卷积神经网络.md']);
  const back = decodeNoteHtml(encodeNoteHtml(out));
  assert.deepEqual(back.links, out.links, 'the codec carries the links');
  const none = await renderNote(note('No links, only [a site](https://example.org/).'), 'none.md', 'en');
  assert.deepEqual(none.links, []);
  assert.equal(none.footnotes, 0);
  assert.equal(none.image, undefined);
});

test('a note does not list itself among its links', async () => {
  const out = await renderNote(note('See [[Note]] from itself.'), 'Note.md', 'en');
  assert.deepEqual(out.links, []);
});

test('footnote references are counted and the first image is recorded as published', async () => {
  const out = await renderNote(note('Text[^a] and more[^b].\n\n![first](images/local-image.png) ![second](https://example.org/b.png)\n\n[^a]: A.\n[^b]: B.'), 'f.md', 'en');
  assert.equal(out.footnotes, 2);
  assert.equal(out.image, '/files/images/local-image.png');
  const back = decodeNoteHtml(encodeNoteHtml(out));
  assert.equal(back.image, out.image);
  assert.equal(back.footnotes, 2);
});

test('display math and tables sit in labelled, focusable scroll boxes, in the site language', async () => {
  const en = await renderNote(note('$$\na+b\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |'), 'm.md', 'en');
  assert.match(en.html, /<div class="math-scroll" role="region" tabindex="0" aria-label="Formula"><div class="math math-display">/);
  assert.match(en.html, /<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>/);
  const zh = await renderNote(note('$$\na+b\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |'), 'm.md', 'zh-CN');
  assert.match(zh.html, /aria-label="公式"/);
  assert.match(zh.html, /aria-label="表格"/);
  // A table in raw HTML is boxed the same way, once.
  const raw = await renderNote(note('<table><tr><td>x</td></tr></table>'), 'r.md', 'en');
  assert.equal(raw.html.match(/class="table-scroll"/g)?.length, 1);
});

test('a closing mark after an inline formula goes with the formula; other text does not', async () => {
  const out = await renderNote(note('设 $a$：然后 $b$。再 $c$ 和 $d$, end.'), 'p.md', 'zh-CN');
  // $a$：, $b$。 and $d$, are boxed with their mark; $c$ (followed by a space) is not.
  assert.equal(out.html.match(/class="math-nobr"/g)?.length, 3);
  assert.match(out.html, /<\/span><\/span>：<\/span>然后/);
  assert.match(out.html, /<\/span><\/span>。<\/span>再/);
  assert.match(out.html, /<\/span><\/span>,<\/span> end\./);
});

test('the readable width of a diagram is where its smallest text is 11 px', () => {
  // 552 user units wide, smallest text 11: it must not be drawn narrower than 552 px.
  assert.equal(readableWidth('<svg viewBox="0 0 552 336" width="552"><text font-size="11">a</text><text font-size="13">b</text></svg>'), 552);
  // Text of 8 user units must be drawn at 11/8 of the natural width.
  assert.equal(readableWidth('<svg viewBox="0 0 400 100" width="400"><style>.l{font-size:8px}</style><text class="l">a</text></svg>'), 550);
  // Large text may shrink: 22-unit text in an 800-unit drawing is readable from 400 px.
  assert.equal(readableWidth('<svg viewBox="0 0 800 100"><text font-size="22">a</text></svg>'), 400);
  assert.equal(readableWidth('<svg viewBox="0 0 800 100"><rect/></svg>'), undefined);
});

test('a diagram is drawn inside a labelled scroll box that carries its minimum width', async () => {
  const out = await renderNote(note('```plot\ntitle: ReLU\nx: -3 .. 3\nf: relu(x) = relu(x)\n```'), 'd.md', 'en');
  const box = /<div class="diagram-scroll" role="region" tabindex="0" aria-label="([^"]*)" style="--diagram-min-width:(\d+)px"><svg/.exec(out.html);
  assert.ok(box, out.html.slice(0, 400));
  assert.equal(box[1], 'ReLU');
  // The plot's axis labels are smaller than 11 user units' worth of a phone column: a phone must scroll it.
  assert.ok(Number(box[2]) > 358, `min width ${box[2]}`);
});

test('the lead is the first top-level paragraph with text, inline math as its TeX', async () => {
  const out = await renderNote(note('![cover](images/local-image.png)\n\n> a quote first\n\n损失 $L = \\sum_i x_i < 1$ 很小 & 好。\n\nSecond paragraph.'), 'l.md', 'zh-CN');
  assert.equal(out.lead, '损失 L = \\sum_i x_i < 1 很小 & 好。');
  assert.equal(decodeNoteHtml(encodeNoteHtml(out)).lead, out.lead);
});
