/**
 * Builds the project's own notes (content/): they use every supported syntax, so this is the proof that it all
 * works together. Checks pages, every internal link and anchor, the feed, and that nothing failed to typeset.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from '../../src/site/build.js';
import { checkLinks, readTree } from '../helpers/site.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('content/ builds with no errors, every link resolves, and the feed carries every note', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'danlu-content-')), 'dist');
  const result = await build({ siteDir: repo, outDir: out, cacheDir: false });
  const errors = result.report.messages.filter((m) => m.severity === 'error');
  assert.deepEqual(errors, []);
  assert.ok(result.ok);
  assert.equal(result.report.math.errors, 0, 'every formula typesets');
  assert.ok(result.report.math.display >= 20, `display formulas: ${result.report.math.display}`);
  // The report says what the diagrams cost, per kind (the build benchmark reads it).
  for (const kind of ['nn', 'plot', 'mermaid']) {
    const d = result.report.diagrams[kind];
    assert.ok(d && d.count >= 2 && d.msPerDiagram > 0, `${kind} diagrams reported: ${JSON.stringify(d)}`);
  }

  const tree = readTree(out);
  const postPages = [...tree.keys()].filter((f) => /^\d{4}\/\d{2}\/\d{2}\/.+index\.html$/.test(f));
  assert.ok(postPages.length >= 8, `note pages: ${postPages.length}`);
  const feed = readFileSync(path.join(out, 'atom.xml'), 'utf8');
  assert.equal(feed.match(/<entry>/g)?.length, postPages.length);

  const links = checkLinks(out, '/');
  assert.deepEqual(links.broken, []);

  // Diagrams are drawn at build time as inline SVG, and math needs no script.
  const all = postPages.map((f) => tree.get(f)?.toString('utf8') ?? '').join('\n');
  assert.match(all, /<figure class="diagram[^"]*"[\s\S]*?<svg/);
  assert.doesNotMatch(all, /<script[^>]*(katex|mermaid)/i);
  assert.doesNotMatch(all, /class="math-error"/);
});
