/**
 * Rendering on worker threads gives exactly what the main thread gives, in the same order, and fills the cache;
 * a rebuild that takes most notes from that cache writes the same site as a build from scratch.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../../src/site/build.js';
import type { ProcessorOptions } from '../../../src/site/markdown/processor.js';
import { decodeNoteHtml } from '../../../src/site/build/note-codec.js';
import { POOL_THRESHOLD, RenderPool, TWO_CORE_POOL_THRESHOLD, workersFor } from '../../../src/site/build/render-pool.js';
import { readTree } from '../../helpers/site.js';

/** Names the file and shows both sides around the first differing byte (a bare "differs" cannot be debugged). */
function differs(file: string, want: Buffer, got: Buffer | undefined): string {
  if (!got) return `${file} is missing`;
  let i = 0;
  while (i < want.length && want[i] === got[i]) i++;
  const around = (b: Buffer): string => JSON.stringify(b.subarray(Math.max(0, i - 120), i + 120).toString('utf8'));
  return `${file} differs at byte ${i} (${want.length} vs ${got.length} bytes)\n  main thread: ${around(want)}\n  workers:     ${around(got)}`;
}

test('worker-thread rendering matches single-thread rendering byte for byte', { timeout: 300_000 }, async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-pool-'));
  const n = POOL_THRESHOLD + 4;
  for (let i = 0; i < n; i++) {
    const dir = path.join(site, 'content', `第${i % 3}组`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `note-${i}.md`),
      `---\ntitle: 笔记 ${i}\ndate: 2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00\ntags: [t${i % 5}]\n---\n\n` +
        `第 ${i} 篇：$x_${i} = \\sigma(w_${i})$。\n\n<!-- more -->\n\n$$\\begin{align*}\na_${i} &= b \\\\\nc &= d_${i}\n\\end{align*}\n$$\n\n` +
        '```python\n' + `print(${i})\n` + '```\n\n' + (i % 7 === 0 ? '[[笔记 1]] 与 [[不存在]]\n' : ''),
    );
  }
  const one = await build({ siteDir: site, outDir: 'one', cacheDir: false, threads: 1 });
  const two = await build({ siteDir: site, outDir: 'two', cacheDir: path.join(site, 'cache'), threads: 2 });
  assert.equal(two.report.notes, n);
  assert.deepEqual(two.report.messages, one.report.messages, 'same messages, same order');
  assert.equal(two.report.messages.filter((m) => m.rule === 'wikilink-unresolved').length, Math.ceil(n / 7));
  const a = readTree(path.join(site, 'one'));
  const b = readTree(path.join(site, 'two'));
  assert.deepEqual([...b.keys()], [...a.keys()]);
  for (const [f, data] of a) assert.ok(data.equals(b.get(f) ?? Buffer.alloc(0)), differs(f, data, b.get(f)));
  const [entries] = readdirSync(path.join(site, 'cache')).filter((d) => d.startsWith('render-v'));
  assert.equal(readdirSync(path.join(site, 'cache', entries ?? 'render-v?')).filter((f) => f.endsWith('.note')).length, n, 'workers stored every rendering in the cache');

  // Edit one note: the other n - 1 come from the cache, and the site is what a build without any cache writes.
  const edited = path.join(site, 'content', '第1组', 'note-1.md');
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('第 1 篇', '第 1 篇（改）'));
  const warm = await build({ siteDir: site, outDir: 'two', cacheDir: path.join(site, 'cache'), threads: 2 });
  const fresh = await build({ siteDir: site, outDir: 'fresh', cacheDir: false, threads: 1 });
  assert.deepEqual(warm.report.messages, fresh.report.messages);
  // The search bundle of a rebuild is the last full index plus a delta of the changed notes, not a cold build's
  // (test/site/search/search-delta.browser.test.ts checks that it answers the same); every other file is equal.
  const c = withoutSearch(readTree(path.join(site, 'two')));
  const d = withoutSearch(readTree(path.join(site, 'fresh')));
  assert.ok(c.size > 0);
  assert.deepEqual([...c.keys()], [...d.keys()]);
  for (const [f, data] of d) assert.ok(data.equals(c.get(f) ?? Buffer.alloc(0)), `after a cached rebuild: ${differs(f, data, c.get(f))}`);
  assert.ok([...c.values()].some((b) => b.includes('第 1 篇（改）')), 'the edit is on the site');
});

test('worker count: explicit threads from 48 notes; by default all cores but one, on 2 cores one worker, two for big builds', () => {
  assert.equal(workersFor(POOL_THRESHOLD - 1, 4), 0, 'too few notes to pay for starting workers');
  assert.equal(workersFor(POOL_THRESHOLD, 4), 3, 'a fair share of ≥16 notes each');
  assert.equal(workersFor(5000, 4), 4);
  assert.equal(workersFor(5000, 1), 0, '-j 1 is the main thread only');
  const cores = availableParallelism();
  if (cores === 2) {
    assert.equal(workersFor(POOL_THRESHOLD - 1), 0, 'a small folder renders on the main thread');
    assert.equal(workersFor(TWO_CORE_POOL_THRESHOLD - 1), 1);
    assert.equal(workersFor(TWO_CORE_POOL_THRESHOLD), 2);
  } else if (cores >= 3) {
    assert.equal(workersFor(5000), cores - 1);
  } else {
    assert.equal(workersFor(5000), 0);
  }
});

const options: ProcessorOptions = {
  language: 'en',
  breaks: false,
  links: { notes: [], files: [], filesBase: '/files/' },
  katex: { macros: {}, preamble: '' },
};

test('a pool warms before its workers listen, renders in order, and stores each entry before handing it back', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-pool-direct-'));
  const pool = RenderPool.start(2);
  // Sent at once: no worker listens yet, so the pool sends it again when each says hello.
  pool.warm('python', 'print(1)');
  const jobs = Array.from({ length: 7 }, (_, i) => ({
    input: { rel: `n${i}.md`, display: `n${i}.md`, body: `# Note ${i}\n\n$x_${i}$\n\n\`\`\`python\nprint(${i})\n\`\`\`\n` },
    cacheFile: path.join(dir, `n${i}.note`),
  }));
  const seen: number[] = [];
  const notes = await pool.render(jobs, options, (done, total) => seen.push(done * 100 + total));
  assert.deepEqual(seen, [107, 207, 307, 407, 507, 607, 707]);
  notes.forEach((note, i) => {
    assert.match(note.html, new RegExp(`Note ${i}`));
    assert.deepEqual(decodeNoteHtml(readFileSync(path.join(dir, `n${i}.note`))).html, note.html, 'the cache entry is the bytes handed back');
  });
  await pool.close(); // closed already by render: safe again
});

test('a worker that cannot make its processor fails the render, naming the note, instead of hanging', { timeout: 120_000 }, async () => {
  const pool = RenderPool.start(1);
  const broken = { ...options, links: {} } as unknown as ProcessorOptions;
  await assert.rejects(pool.render([{ input: { rel: 'a.md', display: 'a.md', body: 'A.' } }], broken), /rendering a\.md failed in a worker/);
});

function withoutSearch<T>(tree: Map<string, T>): Map<string, T> {
  return new Map([...tree].filter(([f]) => !f.startsWith('pagefind/')));
}
