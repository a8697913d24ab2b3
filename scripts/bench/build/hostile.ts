/**
 * Hostile and huge notes through the real processor, one at a time on this thread: what each costs now. Run by
 * hand (`tsx scripts/bench/build/hostile.ts`); the table goes to BENCHMARKS.md, "Hostile input".
 */
import { createMarkdownProcessor } from '../../../src/site/markdown/processor.js';
import { scanNesting } from '../../../src/site/markdown/limits.js';
import { generateNote } from './corpus.js';

const processor = createMarkdownProcessor({ language: 'zh-CN', links: { notes: [], files: [], filesBase: '/files/' } });
const para = 'A paragraph of an ordinary note, with **bold**, `code` and $x^2$.\n\n';
const cases: Array<[string, string]> = [
  ['paragraph of 25,000 lines (~0.9 M characters)', Array.from({ length: 25_000 }, (_, i) => `line ${i} of the paragraph with words`).join('\n') + '\n'],
  ['js fence, one 20,000-character token', '```js\nconst x = "' + 'a'.repeat(20_000) + '";\n```\n'],
  ['list 800 deep (1.6 KB)', '- '.repeat(800) + 'a\n'],
  ['10 MB note (refused)', para.repeat(Math.ceil(10e6 / para.length))],
  ['1,000,000-character note (the limit)', para.repeat(Math.floor(1e6 / para.length))],
];
console.log('| Case | ms | messages |\n| --- | --- | --- |');
for (const [name, body] of cases) {
  const t0 = performance.now();
  const note = await processor.render({ rel: 'a.md', display: 'a.md', body });
  console.log(`| ${name} | ${Math.round(performance.now() - t0)} | ${note.messages.map((m) => m.rule).join(', ') || '—'} |`);
}
// The pre-scan's share of an ordinary note.
const notes = Array.from({ length: 300 }, (_, i) => generateNote(i).text);
// The fastest of five rounds: the scan is short, and a shared machine adds noise.
let ms = Infinity;
for (let round = 0; round < 5; round++) {
  const t0 = performance.now();
  for (const n of notes) scanNesting(n);
  ms = Math.min(ms, performance.now() - t0);
}
console.log(`\nnesting pre-scan: ${(ms / notes.length).toFixed(3)} ms per corpus note (${notes.length} notes, ${Math.round(notes.reduce((a, n) => a + n.length, 0) / notes.length)} characters each)`);
