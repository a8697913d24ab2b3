/**
 * Hostile and huge notes (issue 11, "no crash, bounded time"): each is an error at its place naming what is wrong,
 * the other notes still render, and a build with a warm cache says exactly what a cold one says, whether the notes
 * render on workers or on the main thread.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../src/site/build.js';
import { DELIMITER_RUN_LIMIT, NESTING_LIMIT, NOTE_LENGTH_LIMIT } from '../../src/site/markdown/limits.js';
import { micromarkTextIsLinear } from '../../src/site/markdown/micromark-text-linear.js';
import { HIGHLIGHT_LINE_LIMIT } from '../../src/site/markdown/plugins/rehype-shiki-cached.js';
import { renderGuarded } from '../../src/site/markdown/render-guard.js';
import { formatMessages } from '../../src/site/report.js';
import { POOL_THRESHOLD } from '../../src/site/build/render-pool.js';
import { renderNote } from '../helpers/render-note.js';
import { tempSite } from '../helpers/site.js';

const limit = NESTING_LIMIT;
/** The lines the reporter prints for the hostile site: file, place, rule and the construct named. */
const expected = [
  `content/deep-emphasis.md:6:1 error nesting-too-deep emphasis nested 2000 deep; the limit is ${limit}`,
  `content/deep-html.md:6:${limit * 5 + 1} error nesting-too-deep HTML elements nested 1000 deep; the limit is ${limit}`,
  `content/deep-note.md:${159 + limit}:1 error nesting-too-deep {% note %} and {% blockquote %} tags nested 1000 deep; the limit is ${limit}`,
  `content/deep-list.md:6:${limit * 2 + 1} error nesting-too-deep lists nested 800 deep; the limit is ${limit}`,
  `content/deep-plot.md:6:1 warning diagram-plot plot diagram not drawn — line 8: \`f: (((`,
  `content/deep-quote.md:6:${limit + 1} error nesting-too-deep blockquotes nested 1000 deep; the limit is ${limit}`,
  `content/deep-span.md:6:${limit * 6 + 3} error nesting-too-deep HTML elements nested 1000 deep; the limit is ${limit}`,
  'content/huge.md:1:1 error note-too-large this note is 10.0 MB',
];

test('hostile notes are errors at their place, the rest build, and cold, cached, worker and main-thread builds agree', { timeout: 300_000 }, async () => {
  const site = tempSite('hostile-render');
  // A 10 MB note of ordinary paragraphs, and enough ordinary notes that a cold build renders on a worker.
  const para = 'A paragraph of an ordinary note, with **bold**, `code` and $x^2$.\n\n';
  writeFileSync(path.join(site, 'content', 'huge.md'), '---\ntitle: huge\ndate: 2024-01-01\n---\n\n' + para.repeat(Math.ceil(10e6 / para.length)));
  for (let i = 0; i < POOL_THRESHOLD; i++) writeFileSync(path.join(site, 'content', `filler-${i}.md`), `---\ntitle: filler ${i}\ndate: 2024-01-02\n---\n\nNote ${i}.\n`);
  const cacheDir = path.join(site, 'cache');
  const runs = [
    await build({ siteDir: site, outDir: 'dist', cacheDir, threads: 2 }), // cold, on a worker
    await build({ siteDir: site, outDir: 'dist', cacheDir, threads: 2 }), // every note from the cache
    await build({ siteDir: site, outDir: 'dist', cacheDir: false, threads: 1 }), // cold, on the main thread
  ];
  for (const [i, run] of runs.entries()) {
    assert.equal(run.ok, false, `run ${i}: the errors fail the build`);
    const lines = formatMessages(run.report.messages).split('\n').map((l) => l.replace(`${site}${path.sep}`, ''));
    for (const want of expected) assert.ok(lines.some((l) => l.startsWith(want)), `run ${i}: missing a line starting with\n${want}\n--- got:\n${lines.join('\n')}`);
    assert.ok(run.output.files.has('2024/01/01/good/index.html'), `run ${i}: the good note is rendered`);
    assert.ok(run.output.files.has('2024/01/02/filler-3/index.html'), `run ${i}: the other notes are rendered`);
    assert.deepEqual(run.report.messages, runs[0]?.report.messages, `run ${i}: the same messages as the cold build`);
  }
  // The long token is highlighted up to the limit and shown plain after it.
  const page = String(runs[2]?.output.files.get('2024/01/01/long-token/index.html'));
  assert.ok(page.includes(`<span>${'a'.repeat(20_000 - HIGHLIGHT_LINE_LIMIT + '"const x = '.length - 1)}`) || page.includes('a'.repeat(19_000)), 'the whole token is on the page');
  assert.match(page, /<span style="[^"]*">const<\/span>/, 'the start of the line is highlighted');
  assert.ok(NOTE_LENGTH_LIMIT < 10e6);
});

test('an exception in a plugin is an error naming the note and the plugin, at the place it carries', async () => {
  const input = { rel: 'a.md', display: 'content/a.md', body: 'text\n' };
  const thrown = Object.assign(new Error('boom'), { stack: 'Error: boom\n    at transform (file:///x/src/site/markdown/plugins/remark-x.ts:3:9)' });
  const { note } = await renderGuarded(input, async () => {
    throw thrown;
  });
  assert.equal(note.messages.length, 1);
  assert.match(formatMessages(note.messages), /^content\/a\.md:1:1 error render-failed rendering this note failed in plugins\/remark-x\.ts: boom;/);
  assert.match(note.html, /class="render-error"/);
  const deep = await renderGuarded({ ...input, body: 'ok\n\n' + '> '.repeat(50) + 'x\n' }, async () => {
    throw new RangeError('Maximum call stack size exceeded');
  });
  assert.match(formatMessages(deep.note.messages), /^content\/a\.md:1:1 error render-failed this note is nested too deeply to render/);
});

test('a long paragraph costs work linear in its length (micromark merges its text in one pass)', async () => {
  assert.ok(micromarkTextIsLinear(), 'the linear resolver is in effect');
  // Work = array elements moved by splices while rendering, the mechanism of the quadratic merge.
  const work = async (lines: number): Promise<number> => {
    const body = Array.from({ length: lines }, (_, i) => `line ${i} of one long paragraph`).join('\n') + '\n';
    const splice = Array.prototype.splice;
    let moved = 0;
    Array.prototype.splice = function (this: unknown[], start: number, ...rest: unknown[]) {
      moved += Math.max(0, this.length - (start < 0 ? this.length + start : start));
      return splice.apply(this, [start, ...rest] as never) as unknown[];
    } as typeof splice;
    try {
      await renderNote(body);
    } finally {
      Array.prototype.splice = splice;
    }
    return moved;
  };
  const small = await work(2000);
  const big = await work(8000);
  assert.ok(big / small < 4 * 1.5, `4× the lines cost ${(big / small).toFixed(1)}× the work (quadratic would be ~16×)`);
});

test('the nesting pre-scan refuses nothing in ordinary writing', async () => {
  const note = '---\ntitle: ok\n---\n\n' + Array.from({ length: 300 }, (_, i) => `- item ${i} with snake_case_${i}, $x_${i}$, *a* and [link](u) <span>s</span>\n  - child`).join('\n') + '\n';
  const out = await renderNote(note);
  assert.deepEqual(out.messages.filter((m) => m.rule === 'nesting-too-deep'), []);
  // Inside code and display math, markers are text.
  const code = '---\ntitle: code\n---\n\n```\n' + ' '.repeat(300) + '- a\n' + '> '.repeat(200) + '\n```\n\n$$\n' + '['.repeat(200) + '_'.repeat(200) + '\n$$\n';
  assert.deepEqual((await renderNote(code)).messages.filter((m) => m.rule === 'nesting-too-deep'), []);
});

test('a paragraph with too many emphasis markers is refused at the first one too many; tables and lists count per row and item', { timeout: 120_000 }, async () => {
  // Closers with no opener: micromark looked back through the whole paragraph from each (20,000: 7 s).
  for (const unit of ['a*', 'a~~', 'a==', 'a*b', 'a** b*']) {
    const body = '---\ntitle: markers\n---\n\nfirst paragraph\n\n' + Array.from({ length: 20_000 }, () => unit).join(' ') + '\n';
    const out = await renderNote(body);
    const refused = out.messages.filter((m) => m.rule === 'too-many-markers');
    assert.equal(refused.length, 1, `${unit}: one refusal`);
    const perUnit = unit === 'a** b*' ? 2 : 1;
    // The first marker of the unit that holds marker number limit + 1 (the units are one space apart).
    const column = Math.floor(DELIMITER_RUN_LIMIT / perUnit) * (unit.length + 1) + 2;
    assert.match(formatMessages(refused), new RegExp(`^fixture\\.md:7:${column} error too-many-markers this paragraph has more than 1,000 emphasis, strikethrough or highlight markers`), unit);
  }
  // Ordinary writing far past the limit in total, but not in one paragraph, list item, heading or table row.
  const rows = Array.from({ length: 1500 }, (_, i) => `| **${i}** | ~~old~~ ==new== | *x* |`).join('\n');
  const items = Array.from({ length: 1500 }, (_, i) => `- ~~task ${i}~~ *done* **now**`).join('\n');
  const headings = Array.from({ length: 600 }, (_, i) => `## *H* ${i} **b**`).join('\n');
  const note = `---\ntitle: ok\n---\n\n| a | b | c |\n| --- | :-: | --- |\n${rows}\n\n${items}\n\n${headings}\n\n${'snake_case_word '.repeat(3000)}\n`;
  const ok = await renderNote(note);
  assert.deepEqual(ok.messages.filter((m) => m.rule === 'too-many-markers'), []);
  assert.match(ok.html, /<strong>1499<\/strong>/);
});

test('KaTeX names a pasted math letter whole, with its code point, and caps sizes', async () => {
  const out = await renderNote('---\ntitle: k\n---\n\n$𝜆 + x$ and $\\rule{100000em}{1em}$\n');
  const unknown = out.messages.find((m) => m.rule === 'katex-unknownSymbol');
  assert.ok(unknown, 'a warning for 𝜆');
  assert.match(unknown.message, /"𝜆" \(U\+1D706\)/);
  assert.doesNotMatch(out.messages.map((m) => m.message).join('\n'), /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone surrogate in any message');
  assert.match(out.html, /border-right-width:50em;/, 'the rule is capped by maxSize');
  assert.doesNotMatch(out.html, /width:100000em/);
});

test('a long line is highlighted up to the limit and the rest shown plain, the same every time', async () => {
  const { highlight } = await import('../../src/site/markdown/plugins/rehype-shiki-cached.js');
  const code = `let s = "${'b'.repeat(HIGHLIGHT_LINE_LIMIT * 3)}";\nlet t = 1;`;
  const html = await highlight(code, 'ts');
  assert.ok(html.includes(`<span>${'b'.repeat(HIGHLIGHT_LINE_LIMIT * 2)}`), 'the tail is one plain span');
  assert.match(html, /<span style="[^"]*">let<\/span>/);
  assert.ok(html.includes('<span class="line"><span style'), 'the next line is highlighted as usual');
});
