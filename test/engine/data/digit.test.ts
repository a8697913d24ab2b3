import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocessDigit } from '../../../src/engine/data/digit.js';

/** A blank `w × h` canvas-alpha image with rectangles of ink (0..255) painted in. */
function canvas(w: number, h: number, rects: [x: number, y: number, rw: number, rh: number][]): Uint8ClampedArray {
  const a = new Uint8ClampedArray(w * h);
  for (const [x, y, rw, rh] of rects) for (let j = y; j < y + rh; j++) for (let i = x; i < x + rw; i++) a[j * w + i] = 255;
  return a;
}

function massCentre(p: Float32Array, side = 28): { x: number; y: number; mass: number } {
  let m = 0, x = 0, y = 0;
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) { const v = p[r * side + c]!; m += v; x += v * (c + 0.5); y += v * (r + 0.5); }
  return { x: x / m, y: y / m, mass: m };
}

function inkBox(p: Float32Array, side = 28): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = side, x1 = -1, y0 = side, y1 = -1;
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) if (p[r * side + c]! > 0) { x0 = Math.min(x0, c); x1 = Math.max(x1, c); y0 = Math.min(y0, r); y1 = Math.max(y1, r); }
  return { x0, x1, y0, y1 };
}

test('a vertical stroke drawn off-centre in a 280×280 canvas becomes a 20 px tall stroke centred in 28×28', () => {
  // A "1": 20 px wide, 160 px tall, in the top-left part of the canvas.
  const d = preprocessDigit({ width: 280, height: 280, data: canvas(280, 280, [[30, 20, 20, 160]]) });
  assert.equal(d.empty, false);
  assert.deepEqual(d.bounds, { x: 30, y: 20, width: 20, height: 160 });
  const box = inkBox(d.pixels);
  assert.equal(box.y1 - box.y0 + 1, 20, 'larger side scaled to 20 px');
  // 20 px of 160 → 2.5 px wide: 3 columns touched, aspect kept.
  assert.ok(box.x1 - box.x0 + 1 <= 4, `width ${box.x1 - box.x0 + 1}`);
  const c = massCentre(d.pixels);
  assert.ok(Math.abs(c.x - 14) <= 0.5 && Math.abs(c.y - 14) <= 0.5, `centre of mass ${c.x}, ${c.y}`);
  assert.ok(Math.abs(d.centre!.x - c.x) < 1e-6 && Math.abs(d.centre!.y - c.y) < 1e-6);
  assert.ok(d.pixels.every((v) => v >= 0 && v <= 1));
  assert.ok(Math.max(...d.pixels) > 0.99);
  // Area averaging: a stroke thinner than one output pixel turns grey (as MNIST's anti-aliased digits), not lost.
  const plus = preprocessDigit({ width: 280, height: 280, data: canvas(280, 280, [[40, 139, 200, 2], [139, 40, 2, 200]]) });
  const grey = [...plus.pixels].filter((v) => v > 0);
  assert.ok(grey.length >= 38 && grey.every((v) => v > 0.05 && v <= 0.3 + 1e-6), `values ${[...new Set(grey)].join(', ')}`);
});

test('centre of mass, not the box centre, goes to the middle: a heavy bar and a thin tail', () => {
  // An L-ish shape: a thick horizontal bar at the top, a thin vertical tail down the left.
  const d = preprocessDigit({ width: 100, height: 100, data: canvas(100, 100, [[10, 10, 80, 30], [10, 40, 5, 50]]) });
  const box = inkBox(d.pixels);
  const c = massCentre(d.pixels);
  assert.ok(Math.abs(c.x - 14) <= 0.5 && Math.abs(c.y - 14) <= 0.5, `centre ${c.x}, ${c.y}`);
  // The mass sits in the bar, so the box is pushed down: its middle is below 14.
  assert.ok((box.y0 + box.y1 + 1) / 2 > 15, `box ${JSON.stringify(box)}`);
  assert.equal(box.x1 - box.x0 + 1, 20);
});

test('an empty canvas (or one with only faint fringes) gives zeros and empty: true, never NaN', () => {
  for (const data of [new Uint8ClampedArray(280 * 280), new Uint8ClampedArray(280 * 280).fill(5)]) {
    const d = preprocessDigit({ width: 280, height: 280, data });
    assert.equal(d.empty, true);
    assert.equal(d.bounds, undefined);
    assert.equal(d.pixels.length, 784);
    assert.ok(d.pixels.every((v) => v === 0));
  }
  assert.equal(preprocessDigit({ width: 0, height: 0, data: [] }).empty, true);
});

test('a dot smaller than 20 px is scaled up; RGBA alpha and float input read the same ink', () => {
  const d = preprocessDigit({ width: 50, height: 50, data: canvas(50, 50, [[40, 40, 5, 10]]) });
  const box = inkBox(d.pixels);
  assert.equal(box.y1 - box.y0 + 1, 20);
  assert.equal(box.x1 - box.x0 + 1, 10);
  const alpha = canvas(50, 50, [[40, 40, 5, 10]]);
  const rgba = new Uint8ClampedArray(50 * 50 * 4);
  alpha.forEach((v, i) => (rgba[i * 4 + 3] = v));
  assert.deepEqual(preprocessDigit({ width: 50, height: 50, data: rgba }, { rgba: true }).pixels, d.pixels);
  const floats = Float32Array.from(alpha, (v) => v / 255);
  assert.deepEqual(preprocessDigit({ width: 50, height: 50, data: floats }, { max: 1 }).pixels, d.pixels);
  assert.throws(() => preprocessDigit({ width: 10, height: 10, data: new Uint8Array(5) }), /needs 100 values/);
});
