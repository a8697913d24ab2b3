/**
 * A short, fixed-seed fuzz run (scripts/fuzz.ts) as a test: mutated notes from content/ and the bench corpus render
 * without a crash and every message points inside its note. A developer runs the same script for longer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from '../../scripts/fuzz.js';

test('150 fuzzed notes render without a crash, every message in its note', { timeout: 120_000 }, async () => {
  const report = await fuzz({ iterations: 150, seed: 1, corpus: 5 });
  assert.equal(report.iterations, 150);
  assert.deepEqual(report.crashes, []);
  assert.deepEqual(report.misplaced, []);
  assert.ok(report.slowest, 'the slowest case is reported');
});
