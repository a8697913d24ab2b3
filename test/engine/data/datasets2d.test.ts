/**
 * The Playground's 2-D data sets: balanced classes, points in [−1, 1]², the same points for the same seed, noise
 * that changes them, the labelling rule of each shape, and a seeded split that neither loses nor repeats a point.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DATASETS_2D, generate2d, labelTargets, PLAYGROUND_SCALE, splitTrainTest } from '../../../src/engine/data/datasets2d.js';

const count = (labels: Int8Array, v: number) => labels.reduce((s, l) => s + (l === v ? 1 : 0), 0);

describe('generate2d', () => {
  for (const name of DATASETS_2D) {
    test(`${name}: n points, ±1 labels, balanced within 10 %, inside [−1, 1]²`, () => {
      const p = generate2d(name, { n: 400, noise: 0.1, seed: 7 });
      assert.equal(p.n, 400);
      assert.equal(p.x.length, 800);
      assert.equal(count(p.labels, 1) + count(p.labels, -1), 400);
      assert.ok(Math.abs(count(p.labels, 1) - 200) <= 40, `${name}: ${count(p.labels, 1)} positives of 400`);
      for (const v of p.x) assert.ok(v >= -1 && v <= 1 && Number.isFinite(v), `${name}: coordinate ${v}`);
    });
    test(`${name}: same seed → same points; another seed or more noise → different points`, () => {
      const a = generate2d(name, { n: 200, noise: 0.2, seed: 3 });
      const b = generate2d(name, { n: 200, noise: 0.2, seed: 3 });
      assert.deepEqual(a, b);
      const c = generate2d(name, { n: 200, noise: 0.2, seed: 4 });
      assert.notDeepEqual(c.x, a.x);
      const d = generate2d(name, { n: 200, noise: 0.5, seed: 3 });
      const e = generate2d(name, { n: 200, noise: 0, seed: 3 });
      assert.ok(!(d.x.every((v, i) => v === e.x[i]) && d.labels.every((v, i) => v === e.labels[i])), `${name}: noise changed nothing`);
    });
  }

  test('without noise each shape follows its rule (circle radius, xor quadrants, gauss sides, spiral arms)', () => {
    const s = PLAYGROUND_SCALE;
    const circle = generate2d('circle', { n: 300, noise: 0, seed: 1 });
    for (let i = 0; i < circle.n; i++) {
      const r = Math.hypot(circle.x[2 * i]!, circle.x[2 * i + 1]!) * s;
      if (circle.labels[i] === 1) assert.ok(r < 2.5 + 1e-5, `inner point at r=${r}`);
      else assert.ok(r >= 3.5 - 1e-5 && r <= 5 + 1e-5, `ring point at r=${r}`);
    }
    const xor = generate2d('xor', { n: 300, noise: 0, seed: 1 });
    for (let i = 0; i < xor.n; i++) {
      const a = xor.x[2 * i]!, b = xor.x[2 * i + 1]!;
      assert.equal(xor.labels[i], a * b >= 0 ? 1 : -1);
      assert.ok(Math.abs(a) * s >= 0.3 - 1e-5 && Math.abs(b) * s >= 0.3 - 1e-5, 'xor points keep off the axes');
    }
    const gauss = generate2d('gauss', { n: 400, noise: 0, seed: 1 });
    let wrongSide = 0;
    for (let i = 0; i < gauss.n; i++) if (Math.sign(gauss.x[2 * i]! + gauss.x[2 * i + 1]!) !== gauss.labels[i]) wrongSide++;
    assert.ok(wrongSide <= 4, `${wrongSide} of 400 Gaussian points on the other cluster's side at the lowest variance`);
    const spiral = generate2d('spiral', { n: 200, noise: 0, seed: 1 });
    // The second arm is the first turned by π: point i of one is minus point i of the other.
    for (let i = 0; i < 100; i++) {
      assert.ok(Math.abs(spiral.x[2 * i]! + spiral.x[2 * (100 + i)]!) < 1e-5);
      assert.ok(Math.abs(spiral.x[2 * i + 1]! + spiral.x[2 * (100 + i) + 1]!) < 1e-5);
    }
  });

  test('noise flips labels of circle and xor near the boundary, and more noise flips more', () => {
    const flips = (noise: number) => {
      const p = generate2d('xor', { n: 500, noise, seed: 9 });
      let k = 0;
      for (let i = 0; i < p.n; i++) if ((p.x[2 * i]! * p.x[2 * i + 1]! >= 0 ? 1 : -1) !== p.labels[i]) k++;
      return k;
    };
    assert.equal(flips(0), 0);
    assert.ok(flips(0.1) > 0);
    assert.ok(flips(0.5) > flips(0.1), `${flips(0.5)} vs ${flips(0.1)}`);
  });

  test('bad arguments are RangeErrors that say what is valid', () => {
    assert.throws(() => generate2d('moons' as 'xor', { n: 10, noise: 0, seed: 1 }), /valid: circle, xor, gauss, spiral/);
    assert.throws(() => generate2d('xor', { n: 1.5, noise: 0, seed: 1 }), RangeError);
    assert.throws(() => generate2d('xor', { n: 10, noise: -1, seed: 1 }), RangeError);
  });
});

describe('splitTrainTest', () => {
  test('every point lands on exactly one side, in the given ratio, the same way for the same seed', () => {
    const p = generate2d('spiral', { n: 101, noise: 0.1, seed: 2 });
    const { train, test: held } = splitTrainTest(p, 0.7, 5);
    assert.equal(train.n, 70);
    assert.equal(held.n, 31);
    const key = (x: Float32Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
    const all = new Set(Array.from({ length: p.n }, (_, i) => key(p.x, i)));
    const seen = new Set<string>();
    for (const part of [train, held]) for (let i = 0; i < part.n; i++) {
      const k = key(part.x, i);
      assert.ok(all.has(k), 'a point that was not generated');
      assert.ok(!seen.has(k), 'a point on both sides');
      seen.add(k);
    }
    assert.equal(seen.size, p.n);
    assert.deepEqual(splitTrainTest(p, 0.7, 5), { train, test: held });
    assert.notDeepEqual(splitTrainTest(p, 0.7, 6).train.x, train.x);
  });
  test('labels travel with their points, and targets map −1 to 0 (sigmoid) or −1 (tanh)', () => {
    const p = generate2d('xor', { n: 60, noise: 0, seed: 2 });
    const { train } = splitTrainTest(p, 0.5, 1);
    for (let i = 0; i < train.n; i++) assert.equal(train.labels[i], train.x[2 * i]! * train.x[2 * i + 1]! >= 0 ? 1 : -1);
    assert.deepEqual([...labelTargets(Int8Array.from([1, -1, 1]))], [1, 0, 1]);
    assert.deepEqual([...labelTargets(Int8Array.from([1, -1]), -1)], [1, -1]);
  });
});
