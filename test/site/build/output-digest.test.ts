/**
 * The digest a build records of the output it wrote, from the files it knows it made, is the digest the next build
 * computes by listing the folder: otherwise "up to date" would never hold, or would hold for a changed output.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileStamps, outputDigest } from '../../../src/site/build/output.js';

test('the digest from a build’s own list of files is the digest of listing the folder, for names that sort awkwardly', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'danlu-digest-'));
  try {
    // `a-b` sorts before `a/…` as a path but after folder `a` by name; `a.txt` after folder `a`; Han and
    // accented names after ASCII; upper case before lower.
    const files = ['a/index.html', 'a/b/index.html', 'a-b/index.html', 'a.txt', 'Z/index.html', 'ä/x.html', '深度学习/index.html', 'tags/C++/index.html', 'x'];
    for (const rel of files) {
      mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      writeFileSync(path.join(out, rel), rel);
    }
    const listed = outputDigest(out);
    // In any order, as the build's writer holds them.
    assert.equal(outputDigest(out, fileStamps(out, [...files].reverse())), listed);
    assert.equal(outputDigest(out, fileStamps(out, [...files].sort())), listed);
    // A file the list does not have, or a file the folder does not have, is a different output.
    assert.notEqual(outputDigest(out, fileStamps(out, files.slice(1))), listed);
    assert.notEqual(outputDigest(out, fileStamps(out, [...files, 'gone.html'])), listed);
    writeFileSync(path.join(out, 'a.txt'), 'changed, longer');
    assert.notEqual(outputDigest(out), listed, 'a rewritten file changes the listed digest');
    assert.equal(outputDigest(out, fileStamps(out, files)), outputDigest(out));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
