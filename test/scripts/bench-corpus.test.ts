// The build benchmark is only as honest as its corpus: these tests pin down that the generator is deterministic
// and that each note really carries what the benchmark claims it measures (counted from the text, not trusted
// from the generator's own stats).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import matter from 'gray-matter';
import katex from 'katex';
import { generateNote, manifestPath, writeCorpus } from '../../scripts/bench/build/corpus.js';
import { buildFormulaPool } from '../../scripts/bench/build/formulas.js';

/** Counts what a reader would count in a note, with code fences removed first (code may contain `$`). */
function recount(text: string) {
  const fences = [...text.matchAll(/^```(\w+)\n[\s\S]*?^```$/gm)].map((m) => m[1]);
  const prose = text.replace(/^```[\s\S]*?^```$/gm, '');
  const dollars = prose.match(/\$\$/g)?.length ?? 0;
  const withoutDisplay = prose.replace(/\$\$[\s\S]+?\$\$/g, '');
  const inline = withoutDisplay.match(/\$[^$\n]+?\$/g)?.length ?? 0;
  const tables = prose.match(/^\|(?: *-{3,} *\|)+$/gm)?.length ?? 0;
  return { fences, dollars, inline, tables, prose };
}

describe('bench corpus generator', () => {
  it('is deterministic: the same index and seed give the same bytes, another seed differs', () => {
    for (const i of [0, 1, 17, 999]) {
      assert.deepEqual(generateNote(i, 1), generateNote(i, 1));
    }
    assert.notEqual(generateNote(3, 1).text, generateNote(3, 2).text);
    assert.notEqual(generateNote(3, 1).text, generateNote(4, 1).text);
  });

  it('writes a note with Hexo front matter, ~20 inline and 2+ display formulas, a table and two code blocks', () => {
    for (let i = 0; i < 50; i++) {
      const note = generateNote(i);
      const { fences, dollars, inline, tables, prose } = recount(note.text);
      const fm = matter(note.text);
      assert.equal(typeof fm.data.title, 'string', note.path);
      assert.match(note.text, /^date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/m);
      assert.ok(fm.data.tags !== undefined && fm.data.categories !== undefined, note.path);
      assert.equal(note.text.match(/<!-- more -->/g)?.length, 1, note.path);

      assert.ok(inline >= 15 && inline <= 25, `${note.path}: ${inline} inline formulas`);
      assert.equal(inline, note.stats.inline, note.path);
      assert.ok(dollars >= 4 && dollars % 2 === 0, `${note.path}: ${dollars} $$`);
      assert.equal(dollars / 2, note.stats.display, note.path);
      // The first display is an align* whose opening $$ shares its line with the TeX, as the seed note writes it.
      assert.match(prose, /^\$\$\\begin\{align\*\}$/m, note.path);
      assert.equal(tables, 1, note.path);
      assert.deepEqual([...fences].sort(), ['python', 'ts'], note.path);
      assert.ok(note.stats.bytes > 4000 && note.stats.bytes < 14000, `${note.path}: ${note.stats.bytes} bytes`);
    }
  });

  it('repeats formulas the way real notes do, from a pool of a few hundred that KaTeX accepts', () => {
    const pool = buildFormulaPool();
    assert.ok(pool.inline.length >= 200 && pool.display.length >= 50, 'pool size');
    for (const tex of pool.inline) katex.renderToString(tex, { throwOnError: true });
    for (const f of pool.display) katex.renderToString(f.tex, { throwOnError: true, displayMode: true });

    const seen = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      for (const m of recount(generateNote(i).text).prose.matchAll(/(?<!\$)\$([^$\n]+?)\$(?!\$)/g)) {
        seen.set(m[1] ?? '', (seen.get(m[1] ?? '') ?? 0) + 1);
      }
    }
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    assert.ok(seen.size < total / 5, `${seen.size} distinct of ${total}: too little repetition`);
    assert.ok(Math.max(...seen.values()) >= 20, 'the most common formula should recur across many notes');
  });

  it('writes nested folders with a manifest beside them and will not wipe a folder it did not write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'danlu-corpus-'));
    try {
      const out = join(dir, 'corpus');
      const manifest = writeCorpus(out, 30);
      const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
      assert.equal(files.length, 30);
      assert.ok(files.some((f) => f.split('/').length >= 3), 'some notes sit two folders deep');
      assert.ok(files.some((f) => / /.test(f) && /[\u4e00-\u9fff]/.test(f)), 'Chinese and spaces in file names');
      assert.deepEqual(JSON.parse(readFileSync(manifestPath(out), 'utf8')), manifest);
      assert.equal(readFileSync(join(out, files.sort()[0] ?? ''), 'utf8').length > 0, true);

      writeCorpus(out, 5); // a corpus may replace a corpus
      assert.equal(readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).length, 5);

      const notes = join(dir, 'my-notes');
      writeCorpus(notes, 1);
      rmSync(manifestPath(notes));
      writeFileSync(join(notes, 'mine.md'), 'my own note');
      assert.throws(() => writeCorpus(notes, 2), /refusing to overwrite/);
      assert.ok(existsSync(join(notes, 'mine.md')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
