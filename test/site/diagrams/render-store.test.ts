/**
 * Diagrams drawn by one build are kept in the build cache (src/site/diagrams/render.ts `DiagramStore`): a later
 * process rebuilding a note edited in its prose reads them instead of loading mermaid's renderer, and the page is
 * what a cold build writes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../../src/site/build.js';
import { clearDiagramCache } from '../../../src/site/diagrams/render.js';

test('a prose edit of a note with diagrams reads them from the cache folder and writes a cold build’s page', { timeout: 120_000 }, async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-diagram-store-'));
  try {
    mkdirSync(path.join(site, 'content'));
    const diagrams = '```mermaid\nflowchart LR\n  A --> B\n```\n\n```nn\ninput 4\ndense 3 relu\ndense 1 sigmoid\n```\n';
    const note = (prose: string) => `---\ntitle: Diagrams\ndate: 2024-01-01 10:00:00\n---\n\n${prose}\n\n${diagrams}`;
    writeFileSync(path.join(site, 'content', 'd.md'), note('First words.'));
    const opts = { siteDir: site, threads: 1, cacheDir: path.join(site, 'cache') } as const;
    const first = await build(opts);
    assert.ok(first.ok, JSON.stringify(first.report.messages));
    assert.equal(readdirSync(path.join(site, 'cache', 'diagrams-v1')).filter((f) => f.endsWith('.json')).length, 2, 'both diagrams kept');

    clearDiagramCache(); // as a new process starts
    writeFileSync(path.join(site, 'content', 'd.md'), note('Other words.'));
    const again = await build(opts);
    assert.ok(again.ok);
    assert.deepEqual(
      Object.fromEntries(Object.entries(again.report.diagrams).map(([k, v]) => [k, [v?.count, v?.cached]])),
      { mermaid: [1, 1], nn: [1, 1] },
      'both diagrams came from the cache folder',
    );
    clearDiagramCache();
    await build({ siteDir: site, outDir: 'cold', cacheDir: false, threads: 1 });
    const page = readFileSync(path.join(site, 'dist', '2024', '01', '01', 'd', 'index.html'), 'utf8');
    assert.match(page, /Other words/);
    assert.equal(page, readFileSync(path.join(site, 'cold', '2024', '01', '01', 'd', 'index.html'), 'utf8'));
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
