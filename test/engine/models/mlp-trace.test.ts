/**
 * `traceExample`: one chosen example's o and δ on the current weights, as the MLP playground shows them beside the
 * seed note's formulas. On the reference backend and on gpu.js cpu it matches the formulas worked by hand, matches
 * the backend's own δ for that example in a batch even after a boundary-grid forward pass, and changes neither
 * the weights nor the gradients; `trace()` after such a grid pass refuses instead of mixing the two.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import '../../../src/engine/backend/gpu/register.js';
import { generate2d, labelTargets } from '../../../src/engine/data/datasets2d.js';
import { createMLP, type MLP } from '../../../src/engine/models/mlp.js';
import { Tensor } from '../../../src/engine/tensor.js';

const sig = (z: number) => 1 / (1 + Math.exp(-z));

/** The seed note's forward pass and δ in float64, from the model's weights (w[i][j] stored [in, out]). */
function byHand(m: MLP, x: number[], t: number[]): { o: number[][]; d: number[][] } {
  const o: number[][] = [x];
  for (const dense of m.dense) {
    const [w, b] = dense.params().map((p) => p.value);
    const nout = w!.shape[1]!;
    const prev = o.at(-1)!;
    o.push(Array.from({ length: nout }, (_, j) => sig(b!.data[j]! + prev.reduce((s, v, i) => s + v * w!.data[i * nout + j]!, 0))));
  }
  const L = m.dense.length;
  const d: number[][] = new Array(L);
  // δ_k = (o_k − t_k)·o_k(1 − o_k)
  d[L - 1] = o[L]!.map((ok, k) => (ok - t[k]!) * ok * (1 - ok));
  // δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk, layer by layer down
  for (let l = L - 2; l >= 0; l--) {
    const w = m.dense[l + 1]!.params()[0]!.value;
    const nout = w.shape[1]!;
    d[l] = o[l + 1]!.map((oj, j) => oj * (1 - oj) * d[l + 1]!.reduce((s, dk, k) => s + dk * w.data[j * nout + k]!, 0));
  }
  return { o, d };
}

const snapshot = (m: MLP) => m.params().map((p) => [p.value.data.slice(), p.grad.data.slice()]);

for (const backend of ['reference', 'gpu.js-cpu']) {
  describe(`traceExample on ${backend}`, () => {
    const pts = generate2d('circle', { n: 32, noise: 0.05, seed: 3 });
    const x = new Tensor(pts.x, [32, 2]);
    const t = new Tensor(labelTargets(pts.labels), [32, 1]);
    const grid = Tensor.from(Array.from({ length: 2 * 30 * 30 }, (_, i) => ((i >> 1) % 30) / 15 - 1 + (i % 2) * 0.01), [900, 2]);

    test("o and δ follow the note's formulas (2-5-3-1 sigmoid net, after some training)", () => {
      const m = createMLP({ sizes: [2, 5, 3, 1] }, { backend, seed: 2, optimizer: { name: 'adam', lr: 0.05 } });
      for (let s = 0; s < 20; s++) m.trainBatch(x, t);
      for (const i of [0, 7, 31]) {
        const xi = [pts.x[2 * i]!, pts.x[2 * i + 1]!], ti = [t.data[i]!];
        const tr = m.traceExample(xi, ti);
        const h = byHand(m, xi.map(Math.fround), ti);
        assert.equal(tr.deltas.length, 3);
        h.o.forEach((row, l) => row.forEach((v, j) => assert.ok(Math.abs(tr.activations[l]![j]! - v) < 1e-6, `o[${l}][${j}] ${tr.activations[l]![j]} vs ${v}`)));
        h.d.forEach((row, l) => row.forEach((v, j) => assert.ok(Math.abs(tr.deltas[l]![j]! - v) < 1e-6, `δ[${l}][${j}] ${tr.deltas[l]![j]} vs ${v}`)));
        assert.ok(Math.abs(tr.loss - 0.5 * (h.o[3]![0]! - ti[0]!) ** 2) < 1e-6, 'loss ½(o − t)²');
      }
    });

    test("equals the backend's own δ for that example in the batch, even after a boundary-grid forward pass, and changes nothing", () => {
      const m = createMLP({ sizes: [2, 4, 1], activation: 'sigmoid' }, { backend, seed: 5, optimizer: { name: 'adam', lr: 0.05 } });
      for (let s = 0; s < 10; s++) m.trainBatch(x, t);
      m.computeGradients(x, t);
      const batchDeltas = m.deltas();
      const batchActs = m.trace().activations;
      m.forward(grid); // the heatmap's pass
      const before = snapshot(m);
      for (const i of [0, 13, 31]) {
        const tr = m.traceExample([pts.x[2 * i]!, pts.x[2 * i + 1]!], [t.data[i]!]);
        for (let l = 0; l < 2; l++) {
          batchDeltas[l]![i]!.forEach((v, j) => assert.ok(Math.abs(tr.deltas[l]![j]! - v) < 1e-5, `example ${i} δ[${l}][${j}]: traced ${tr.deltas[l]![j]} vs batch ${v}`));
          batchActs[l + 1]![i]!.forEach((v, j) => assert.ok(Math.abs(tr.activations[l + 1]![j]! - v) < 1e-5, `example ${i} o[${l + 1}][${j}]`));
        }
      }
      assert.deepEqual(snapshot(m), before, 'weights and gradients are untouched');
    });

    test('a trace is not affected by training on other batches in between, and follows the weights as they change', () => {
      const m = createMLP({ sizes: [2, 4, 1] }, { backend, seed: 5, optimizer: { name: 'sgd', lr: 0.5 } });
      const a = m.traceExample([0.1, -0.2], [1]);
      assert.deepEqual(m.traceExample([0.1, -0.2], [1]), a, 'same weights, same trace');
      m.trainBatch(x, t);
      const b = m.traceExample([0.1, -0.2], [1]);
      assert.notDeepEqual(b.deltas, a.deltas, 'a step changed the weights, so δ changed');
    });

    test('wrong sizes are ShapeErrors', () => {
      const m = createMLP({ sizes: [2, 3, 1] }, { backend, seed: 1 });
      assert.throws(() => m.traceExample([1, 2, 3], [1]), /input has 3 values, the net takes 2/);
      assert.throws(() => m.traceExample([1, 2], [1, 0]), /target has 2 values, the net gives 1/);
    });
  });
}

test('trace() on the layered path refuses after a grid forward pass rather than mixing its o with the batch δ', () => {
  const m = createMLP({ sizes: [2, 3, 1], fused: false }, { seed: 1 });
  const x = Tensor.from([0.1, 0.2, -0.3, 0.4], [2, 2]);
  m.computeGradients(x, Tensor.from([1, 0], [2, 1]));
  assert.equal(m.trace().activations[1]!.length, 2);
  m.forward(Tensor.from(new Array(18).fill(0.5), [9, 2]));
  assert.throws(() => m.trace(), /use traceExample/);
  m.computeGradients(x, Tensor.from([1, 0], [2, 1]));
  assert.equal(m.trace().deltas[0]!.length, 2, 'a new backward pass makes trace() valid again');
});
