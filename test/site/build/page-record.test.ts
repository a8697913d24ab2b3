/**
 * A rebuild sends through the theme only the pages whose context changed (src/site/build/page-record.ts): after
 * one note's body is edited, its own page and the list pages showing its excerpt are rendered, not the pages of
 * the other notes, and every page is what a cold build writes. A page changed by hand in the output is made again.
 * A note edited in its prose takes its highlighted code from its last rendering.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from '../../../src/site/build.js';
import { clearHighlightCache, highlightStats } from '../../../src/site/markdown/plugins/rehype-shiki-cached.js';
import { readTree } from '../../helpers/site.js';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');

/** A site whose theme is the default one, counting the URLs it renders in `globalThis.__danluRendered`. */
function countingSite(notes: number): string {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-page-record-'));
  mkdirSync(path.join(site, 'content'));
  for (let i = 0; i < notes; i++) {
    const date = new Date(Date.UTC(2024, 0, i + 1, 10)).toISOString().slice(0, 19).replace('T', ' ');
    writeFileSync(path.join(site, 'content', `n${i}.md`), `---\ntitle: Note ${i}\ndate: ${date}\ntags: [t${i % 3}]\n---\n\nBody of note ${i}.\n`);
  }
  const dir = path.join(site, 'themes', 'counting');
  mkdirSync(dir, { recursive: true });
  const base = pathToFileURL(path.join(REPO, 'themes', 'default', 'index.ts')).href;
  writeFileSync(
    path.join(dir, 'index.js'),
    `import { defaultTheme } from ${JSON.stringify(base)};\n` +
      `export const theme = { ...defaultTheme, name: 'counting', render(ctx) { (globalThis.__danluRendered ??= []).push(ctx.url); return defaultTheme.render(ctx); } };\n`,
  );
  writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: Record\ntheme: counting\n');
  return site;
}

function rendered(): string[] {
  const g = globalThis as { __danluRendered?: string[] };
  const urls = g.__danluRendered ?? [];
  g.__danluRendered = [];
  return urls;
}

test('after one note is edited only its page and the lists showing its excerpt go through the theme; the output is a cold build’s', { timeout: 120_000 }, async () => {
  const site = countingSite(12);
  try {
    const opts = { siteDir: site, threads: 1, cacheDir: path.join(site, 'cache') } as const;
    rendered();
    assert.ok((await build(opts)).ok);
    const all = rendered();
    assert.ok(all.length > 20, `a first build renders every page (${all.length})`);

    const note = path.join(site, 'content', 'n3.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace('Body of note 3.', 'Body of note 3, edited.'));
    assert.ok((await build(opts)).ok);
    const again = rendered();
    const page3 = all.find((u) => u.includes('/n3/'));
    assert.ok(page3 && again.includes(page3), `the edited note's page is rendered (${again.join(' ')})`);
    assert.ok(!again.some((u) => /\/n(?!3\/)\d+\//.test(u)), `no other note's page is rendered (${again.join(' ')})`);
    assert.ok(again.length < all.length / 2, `${again.length} of ${all.length} pages rendered`);

    await build({ siteDir: site, outDir: 'cold', cacheDir: false, threads: 1 });
    const warm = readTree(path.join(site, 'dist'));
    const cold = readTree(path.join(site, 'cold'));
    const pages = (t: Map<string, Buffer>) => [...t.keys()].filter((f) => f.endsWith('.html')).sort();
    assert.deepEqual(pages(warm), pages(cold));
    for (const f of pages(cold)) assert.ok(cold.get(f)?.equals(warm.get(f) ?? Buffer.alloc(0)), `${f} differs from a cold build`);

    // A new note tagged t0 changes t0's note count, which every post page of a t0 note carries: the theme shows
    // it only on the tag index and t0's own page, so those render again, and no other note's page (but the new
    // note's older neighbour, whose "next" link changed) nor another tag's page does.
    writeFileSync(path.join(site, 'content', 'n12.md'), '---\ntitle: Note 12\ndate: 2024-01-13 10:00:00\ntags: [t0]\n---\n\nBody of note 12.\n');
    rendered();
    assert.ok((await build(opts)).ok);
    const afterAdd = rendered();
    assert.ok(afterAdd.includes('/tags/') && afterAdd.some((u) => u.includes('/tags/t0/')), `the tag pages render (${afterAdd.join(' ')})`);
    assert.ok(!afterAdd.some((u) => /\/n(?!1[12]\/)\d+\//.test(u)), `no post page but the new note's and its neighbour's (${afterAdd.join(' ')})`);
    assert.ok(!afterAdd.some((u) => u.includes('/tags/t1/') || u.includes('/tags/t2/')), `the other tags' pages do not render (${afterAdd.join(' ')})`);
    await build({ siteDir: site, outDir: 'cold2', cacheDir: false, threads: 1 });
    const warm2 = readTree(path.join(site, 'dist'));
    const cold2 = readTree(path.join(site, 'cold2'));
    assert.deepEqual(pages(warm2), pages(cold2));
    for (const f of pages(cold2)) assert.ok(cold2.get(f)?.equals(warm2.get(f) ?? Buffer.alloc(0)), `${f} differs from a cold build after the new note`);
    assert.match(warm2.get('tags/index.html')?.toString() ?? '', /t0/);

    // A page changed by hand is made again, though its context did not change.
    const other = path.join(site, 'dist', ...(all.find((u) => u.includes('/n5/')) ?? '').split('/').filter(Boolean), 'index.html');
    const good = readFileSync(other);
    writeFileSync(other, 'vandalised');
    rendered();
    assert.ok((await build(opts)).ok);
    assert.deepEqual(readFileSync(other), good);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('a note edited in its prose renders again without Shiki: its code comes from its last rendering, byte for byte', { timeout: 120_000 }, async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-seed-'));
  try {
    mkdirSync(path.join(site, 'content'));
    const code = '```python\nimport numpy as np\nx = np.zeros((3, 4))  # <tag> & more\n```\n\n```js\nconst a = 1;\n```\n';
    const note = (prose: string) => `---\ntitle: Code\ndate: 2024-01-01 10:00:00\n---\n\n${prose}\n\n${code}`;
    writeFileSync(path.join(site, 'content', 'code.md'), note('First words.'));
    const opts = { siteDir: site, threads: 1, cacheDir: path.join(site, 'cache') } as const;
    assert.ok((await build(opts)).ok);
    clearHighlightCache(); // as a new process starts
    writeFileSync(path.join(site, 'content', 'code.md'), note('Other words.'));
    const before = highlightStats.tokenized;
    assert.ok((await build(opts)).ok);
    assert.equal(highlightStats.tokenized, before, 'nothing was tokenized');
    clearHighlightCache();
    await build({ siteDir: site, outDir: 'cold', cacheDir: false, threads: 1 });
    assert.ok(highlightStats.tokenized > before, 'the cold build did tokenize (the check above can fail)');
    const page = readFileSync(path.join(site, 'dist', '2024', '01', '01', 'code', 'index.html'), 'utf8');
    assert.match(page, /Other words/);
    assert.equal(page, readFileSync(path.join(site, 'cold', '2024', '01', '01', 'code', 'index.html'), 'utf8'));
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
