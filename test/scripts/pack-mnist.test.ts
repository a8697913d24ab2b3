import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeMnist,
  encodeMnist,
  mnistClassCounts,
  mnistPixelsToFloat,
  MnistFormatError,
  MNIST_HEADER_BYTES,
  type MnistSet,
} from '../../src/engine/data/mnist-format.js';
import { balancedSplit } from '../../scripts/data/mnist-split.js';
import { loadMnistPackage, loadOrPackMnist, packMnist, splitMnist } from '../../scripts/data/pack-mnist.js';

/** A small synthetic set whose pixel bytes encode (digit index, position), so any mix-up is visible. */
function synthetic(count: number, rows = 3, cols = 2): MnistSet {
  const pixels = new Uint8Array(count * rows * cols);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + 3) % 256;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = (i * 3) % 10;
  return { count, rows, cols, pixels, labels };
}

test('encode → decode gives back the same digits and labels, with a 16-byte header', () => {
  const set = synthetic(25);
  const bytes = encodeMnist(set);
  assert.equal(bytes.length, MNIST_HEADER_BYTES + 25 + 25 * 6);
  assert.deepEqual([...bytes.subarray(0, 4)].map((b) => String.fromCharCode(b)).join(''), 'DLMN');
  const back = decodeMnist(bytes);
  assert.equal(back.count, 25);
  assert.equal(back.rows, 3);
  assert.equal(back.cols, 2);
  assert.deepEqual(back.labels, set.labels);
  assert.deepEqual(back.pixels, set.pixels);
  // An ArrayBuffer (what fetch() gives in the browser) decodes the same way.
  const copy = bytes.slice().buffer;
  assert.deepEqual(decodeMnist(copy).pixels, set.pixels);
});

test('decode rejects bad magic, unknown version, truncation and out-of-range labels with clear errors', () => {
  const good = encodeMnist(synthetic(4));
  const badMagic = good.slice();
  badMagic[0] = 0x00;
  assert.throws(() => decodeMnist(badMagic), (e: unknown) => e instanceof MnistFormatError && /magic/.test(e.message));
  const badVersion = good.slice();
  badVersion[4] = 9;
  assert.throws(() => decodeMnist(badVersion), /version 9 is not supported/);
  assert.throws(() => decodeMnist(good.subarray(0, good.length - 1)), /truncated/);
  assert.throws(() => decodeMnist(good.subarray(0, 8)), /shorter than the 16-byte header/);
  const badLabel = good.slice();
  badLabel[MNIST_HEADER_BYTES] = 10;
  assert.throws(() => decodeMnist(badLabel), /label 10 of digit 0 is not in 0\.\.9/);
  assert.throws(() => encodeMnist({ ...synthetic(4), labels: new Uint8Array(3) }), /expected 4 labels/);
});

test('pixels convert to floats in [0, 1] for a range of digits, into a reused buffer', () => {
  const set: MnistSet = { count: 2, rows: 1, cols: 2, pixels: new Uint8Array([0, 255, 51, 102]), labels: new Uint8Array([1, 2]) };
  assert.deepEqual([...mnistPixelsToFloat(set)], [0, 1, 0.2, 0.4].map(Math.fround));
  const out = new Float32Array(4).fill(-1);
  mnistPixelsToFloat(set, 1, 1, out);
  assert.deepEqual([...out], [0.2, 0.4, -1, -1].map(Math.fround));
  assert.throws(() => mnistPixelsToFloat(set, 1, 2), RangeError);
});

test('balancedSplit: equal class counts, disjoint sides, deterministic per seed', () => {
  // Uneven classes on purpose: class c has 20 + 3c digits.
  const labels: number[] = [];
  for (let c = 0; c < 10; c++) for (let k = 0; k < 20 + 3 * c; k++) labels.push(c);
  const u8 = new Uint8Array(labels);
  const a = balancedSplit(u8, { trainPerClass: 12, testPerClass: 5, seed: 7 });
  assert.deepEqual(mnistClassCounts(new Uint8Array(a.train.map((i) => u8[i]!))), new Array(10).fill(12));
  assert.deepEqual(mnistClassCounts(new Uint8Array(a.test.map((i) => u8[i]!))), new Array(10).fill(5));
  const trainSet = new Set(a.train);
  assert.equal(trainSet.size, 120);
  assert.ok(a.test.every((i) => !trainSet.has(i)), 'no digit on both sides');
  assert.deepEqual(balancedSplit(u8, { trainPerClass: 12, testPerClass: 5, seed: 7 }), a);
  assert.notDeepEqual(balancedSplit(u8, { trainPerClass: 12, testPerClass: 5, seed: 8 }).train, a.train);
  // Classes are interleaved, not ten blocks: the first 10 training digits are not all one class.
  assert.ok(new Set(a.train.slice(0, 10).map((i) => u8[i])).size > 1);
  assert.throws(() => balancedSplit(u8, { trainPerClass: 15, testPerClass: 6, seed: 1 }), /class 0 has 20 digits, fewer than 15 train \+ 6 test/);
  // Excluded digits are never chosen.
  const exclude = labels.map((_, i) => i % 2 === 0);
  const ex = balancedSplit(u8, { trainPerClass: 5, testPerClass: 4, seed: 1 }, exclude);
  assert.ok([...ex.train, ...ex.test].every((i) => i % 2 === 1));
});

test('the real mnist package: lossless bytes, balanced default split, no image on both sides, file round trip', () => {
  const all = loadMnistPackage();
  assert.equal(all.count, 10_000);
  assert.equal(all.rows * all.cols, 784);
  // Bytes recover the package's 3-decimal floats exactly (spot-check digit 0 of class 3).
  const require = createRequire(import.meta.url);
  const raw = (JSON.parse(readFileSync(require.resolve('mnist/src/digits/3.json'), 'utf8')) as { data: number[] }).data;
  const first3 = all.labels.indexOf(3);
  for (let p = 0; p < 784; p++) {
    assert.equal(Number((all.pixels[first3 * 784 + p]! / 255).toFixed(3)), raw[p]);
  }

  const { train, test: held } = splitMnist(all, { trainPerClass: 700, testPerClass: 150, seed: 1 });
  assert.deepEqual(mnistClassCounts(train.labels), new Array(10).fill(700));
  assert.deepEqual(mnistClassCounts(held.labels), new Array(10).fill(150));
  const key = (s: MnistSet, i: number): string => Buffer.from(s.pixels.subarray(i * 784, (i + 1) * 784)).toString('latin1');
  const trainImages = new Set(Array.from({ length: train.count }, (_, i) => key(train, i)));
  for (let i = 0; i < held.count; i++) assert.ok(!trainImages.has(key(held, i)), `test digit ${i} also in train`);

  const dir = mkdtempSync(join(tmpdir(), 'danlu-mnist-'));
  try {
    const written = packMnist(dir, { trainPerClass: 20, testPerClass: 10, seed: 3 });
    const read = loadOrPackMnist(dir);
    assert.deepEqual(read.train.labels, written.train.labels);
    assert.deepEqual(read.train.pixels, written.train.pixels);
    assert.deepEqual(read.test.pixels, written.test.pixels);
    assert.deepEqual(mnistClassCounts(read.test.labels), new Array(10).fill(10));
    assert.equal(readFileSync(join(dir, 'test.bin')).length, 16 + 100 + 100 * 784);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
