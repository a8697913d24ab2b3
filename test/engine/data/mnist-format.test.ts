import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMnist,
  encodeMnist,
  encodeMnistCompact,
  MnistFormatError,
  MNIST_HEADER_BYTES,
  quantizePixel,
  type MnistSet,
} from '../../../src/engine/data/mnist-format.js';
import { Rng } from '../../../src/engine/random.js';

/** Digit-like images: mostly background, a blob of random grey levels, with long and short zero runs. */
function digits(count: number, seed = 1, rows = 28, cols = 28): MnistSet {
  const rng = new Rng(seed);
  const pixels = new Uint8Array(count * rows * cols);
  const labels = new Uint8Array(count);
  for (let d = 0; d < count; d++) {
    labels[d] = rng.int(10);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const inside = Math.hypot(r - rows / 2, c - cols / 2) < rows / 3.5;
        if (inside && rng.next() < 0.6) pixels[(d * rows + r) * cols + c] = 1 + rng.int(255);
      }
    }
  }
  return { count, rows, cols, pixels, labels };
}

test('version 2 with 8 bits round-trips every pixel exactly and is smaller than version 1', () => {
  const set = digits(40);
  const bytes = encodeMnistCompact(set, 8);
  assert.equal(new DataView(bytes.buffer).getUint16(4, true), 2);
  const back = decodeMnist(bytes);
  assert.equal(back.count, 40);
  assert.deepEqual(back.labels, set.labels);
  assert.deepEqual(back.pixels, set.pixels);
  assert.ok(bytes.length < encodeMnist(set).length * 0.75, `${bytes.length} B vs ${encodeMnist(set).length} B`);
});

test('version 2 with 4 bits gives each pixel its nearest of 16 levels, at about half the 8-bit size', () => {
  const set = digits(40, 2);
  const bytes = encodeMnistCompact(set, 4);
  const back = decodeMnist(bytes);
  assert.deepEqual(back.labels, set.labels);
  for (let i = 0; i < set.pixels.length; i++) {
    const v = set.pixels[i]!;
    assert.equal(back.pixels[i], quantizePixel(v, 4), `pixel ${i}: ${v}`);
    assert.ok(Math.abs(back.pixels[i]! - v) <= 8.5);
  }
  assert.equal(quantizePixel(255, 4), 255);
  assert.equal(quantizePixel(8, 4), 0);
  assert.equal(quantizePixel(9, 4), 17);
  assert.ok(bytes.length < encodeMnistCompact(set, 8).length * 0.7);
});

test('edge cases: all-background and all-ink digits, odd sizes, zero digits, an ArrayBuffer input', () => {
  for (const bits of [4, 8] as const) {
    const blank: MnistSet = { count: 3, rows: 5, cols: 7, pixels: new Uint8Array(105), labels: new Uint8Array([0, 9, 4]) };
    assert.deepEqual(decodeMnist(encodeMnistCompact(blank, bits)).pixels, blank.pixels);
    const ink: MnistSet = { count: 2, rows: 3, cols: 3, pixels: new Uint8Array(18).fill(255), labels: new Uint8Array([1, 2]) };
    assert.deepEqual(decodeMnist(encodeMnistCompact(ink, bits).slice().buffer).pixels, ink.pixels);
    const none: MnistSet = { count: 0, rows: 28, cols: 28, pixels: new Uint8Array(0), labels: new Uint8Array(0) };
    assert.equal(decodeMnist(encodeMnistCompact(none, bits)).count, 0);
  }
});

test('version 1 files still decode, and version 2 rejects truncated, padded and corrupt files with clear errors', () => {
  const set = digits(6, 3);
  assert.deepEqual(decodeMnist(encodeMnist(set)).pixels, set.pixels);
  for (const bits of [4, 8] as const) {
    const good = encodeMnistCompact(set, bits);
    assert.throws(() => decodeMnist(good.subarray(0, good.length - 3)), (e: unknown) => e instanceof MnistFormatError && /ends inside digit 5/.test(e.message));
    assert.throws(() => decodeMnist(good.subarray(0, MNIST_HEADER_BYTES + 2)), /truncated/);
    const longer = new Uint8Array(good.length + 2);
    longer.set(good);
    longer[good.length] = 0x11;
    assert.throws(() => decodeMnist(longer), /longer than its header says/);
    const badBits = good.slice();
    badBits[10] = 5;
    assert.throws(() => decodeMnist(badBits), /5 bits per pixel/);
    const badLabel = good.slice();
    badLabel[MNIST_HEADER_BYTES] = 12;
    assert.throws(() => decodeMnist(badLabel), /label 12 of digit 0/);
  }
  // A zero run longer than what is left of its digit.
  const one: MnistSet = { count: 1, rows: 2, cols: 2, pixels: new Uint8Array(4), labels: new Uint8Array([3]) };
  const bytes = encodeMnistCompact(one, 8);
  bytes[MNIST_HEADER_BYTES + 1 + 1] = 9; // run of 10 in a 4-pixel digit
  assert.throws(() => decodeMnist(bytes), /crosses the end of digit 0/);
  assert.throws(() => encodeMnistCompact(set, 6 as 4), RangeError);
});
