/**
 * The MLP: the seed note's hand-derived backprop (δ_k, δ_j, ∂L/∂w_ij) against the engine on a worked example,
 * a finite-difference check of the whole model, and training to a stated loss on XOR and accuracy on two spirals.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMLP } from '../../../src/engine/models/mlp.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { checkParamGradients } from '../oracle.js';

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const close = (a: number, b: number, what: string, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${what}: engine ${a} vs formula ${b}`);

describe("seed note's δ formulas on a worked 2-2-2 sigmoid net (Mazur's example)", () => {
  // Inputs, weights and targets of Matt Mazur's "A Step by Step Backpropagation Example"; w[i][j] is unit i → j.
  const x = [0.05, 0.1];
  const W1 = [[0.15, 0.25], [0.2, 0.3]], b1 = [0.35, 0.35];
  const W2 = [[0.4, 0.5], [0.45, 0.55]], b2 = [0.6, 0.6];
  const t = [0.01, 0.99];
  const m = createMLP({ sizes: [2, 2, 2] }, { optimizer: { name: 'sgd', lr: 0.5 } });
  m.dense[0]!.params()[0]!.value.data.set(W1.flat());
  m.dense[0]!.params()[1]!.value.data.set(b1);
  m.dense[1]!.params()[0]!.value.data.set(W2.flat());
  m.dense[1]!.params()[1]!.value.data.set(b2);
  const loss = m.computeGradients(Tensor.from(x, [1, 2]), Tensor.from(t, [1, 2]));

  // The seed note, by hand in float64.
  const oj = [0, 1].map((j) => sig(x[0]! * W1[0]![j]! + x[1]! * W1[1]![j]! + b1[j]!));
  const ok = [0, 1].map((k) => sig(oj[0]! * W2[0]![k]! + oj[1]! * W2[1]![k]! + b2[k]!));
  const dk = [0, 1].map((k) => (ok[k]! - t[k]!) * ok[k]! * (1 - ok[k]!));
  const dj = [0, 1].map((j) => oj[j]! * (1 - oj[j]!) * (dk[0]! * W2[j]![0]! + dk[1]! * W2[j]![1]!));

  test('loss is ½Σ(o − t)²', () => close(loss, 0.5 * ((ok[0]! - t[0]!) ** 2 + (ok[1]! - t[1]!) ** 2), 'L'));
  test('δ_k = (o_k − t_k)·o_k(1 − o_k) at the output', () => {
    const d = m.deltas()[1]![0]!;
    dk.forEach((v, k) => close(d[k]!, v, `δ_${k}`));
  });
  test('δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk in the hidden layer', () => {
    const d = m.deltas()[0]![0]!;
    dj.forEach((v, j) => close(d[j]!, v, `δ_${j}`));
  });
  test('∂L/∂w_ij = δ_j·o_i for both layers, and the published numbers', () => {
    const g1 = m.dense[0]!.params()[0]!.grad.data, g2 = m.dense[1]!.params()[0]!.grad.data;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      close(g1[i * 2 + j]!, dj[j]! * x[i]!, `∂L/∂w1_${i}${j}`);
      close(g2[i * 2 + j]!, dk[j]! * oj[i]!, `∂L/∂w2_${i}${j}`);
    }
    close(g2[0]!, 0.082167041, "Mazur's ∂E/∂w5", 1e-7);
    close(g1[0]!, 0.000438568, "Mazur's ∂E/∂w1", 1e-8);
  });
  test('trace() shows o and δ per layer for the demo', () => {
    const tr = m.trace();
    assert.deepEqual(tr.activations[0], [x.map(Math.fround)]);
    close(tr.activations[2]![0]![0]!, ok[0]!, 'o_1');
    close(tr.deltas[1]![0]![1]!, dk[1]!, 'δ_2');
  });
  test('deltas are per example in a batch too', () => {
    const m2 = createMLP({ sizes: [2, 3, 1] }, { seed: 4 });
    m2.computeGradients(Tensor.from([0.2, 0.4, -1, 0.5], [2, 2]), Tensor.from([1, 0], [2, 1]));
    const o = m2.trace().activations[2]!;
    const d = m2.deltas()[1]!;
    close(d[0]![0]!, (o[0]![0]! - 1) * o[0]![0]! * (1 - o[0]![0]!), 'δ example 0', 1e-6);
    close(d[1]![0]!, (o[1]![0]! - 0) * o[1]![0]! * (1 - o[1]![0]!), 'δ example 1', 1e-6);
  });
});

test('MLP gradients match finite differences (tanh hidden, softmax output)', () => {
  const m = createMLP({ sizes: [3, 5, 4], activation: 'tanh', output: 'softmax' }, { seed: 2 });
  const rng = new Rng(1);
  const x = Tensor.from(Array.from({ length: 12 }, () => rng.uniform(-1, 1)), [4, 3]);
  const t = Tensor.from([1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1], [4, 4]);
  checkParamGradients(() => m.computeGradients(x, t), () => m.evaluate(x, t), m.params());
});

test('2-2-1 sigmoid MLP learns XOR to loss < 0.01 (seeded, 1500 Adam steps)', () => {
  const m = createMLP({ sizes: [2, 4, 1] }, { seed: 3, optimizer: { name: 'adam', lr: 0.05 } });
  const x = Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
  const y = Tensor.from([0, 1, 1, 0], [4, 1]);
  let loss = Infinity;
  for (let i = 0; i < 1500; i++) loss = m.trainBatch(x, y);
  assert.ok(loss < 0.01, `final loss ${loss}`);
  const p = m.predict(x).data;
  assert.deepEqual(Array.from(p, (v) => Math.round(v)), [0, 1, 1, 0]);
});

/** Two interleaved spirals, 2 classes (the bench's data set). */
export function twoSpirals(n: number, seed = 1): { x: Tensor; y: Tensor; labels: number[] } {
  const rng = new Rng(seed);
  const xs: number[] = [], ys: number[] = [], labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 2;
    const r = (Math.floor(i / 2) / (n / 2)) * 1 + 0.05;
    const a = r * 3 * Math.PI + cls * Math.PI;
    xs.push(r * Math.cos(a) + rng.uniform(-0.02, 0.02), r * Math.sin(a) + rng.uniform(-0.02, 0.02));
    ys.push(cls);
    labels.push(cls);
  }
  return { x: Tensor.from(xs, [n, 2]), y: Tensor.from(ys, [n, 1]), labels };
}

test('2-16-16-1 tanh MLP separates two spirals (≥ 95 % training accuracy)', () => {
  const { x, y } = twoSpirals(200);
  const m = createMLP({ sizes: [2, 16, 16, 1], activation: 'tanh' }, { seed: 5, optimizer: { name: 'adam', lr: 0.02 } });
  for (let i = 0; i < 2500; i++) m.trainBatch(x, y);
  const p = m.predict(x).data;
  let right = 0;
  for (let i = 0; i < p.length; i++) if (Math.round(p[i]!) === y.data[i]) right++;
  assert.ok(right / p.length >= 0.95, `accuracy ${right / p.length}`);
});

test('training is deterministic under a seed, and SGD/momentum also learn XOR', () => {
  const run = (spec: { name: 'sgd'; lr: number } | { name: 'momentum'; lr: number }) => {
    const m = createMLP({ sizes: [2, 4, 1] }, { seed: 9, optimizer: spec });
    const x = Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
    const y = Tensor.from([0, 1, 1, 0], [4, 1]);
    let loss = 0;
    for (let i = 0; i < 3000; i++) loss = m.trainBatch(x, y);
    return { loss, w: Array.from(m.params()[0]!.value.data) };
  };
  const a = run({ name: 'momentum', lr: 0.5 });
  assert.deepEqual(run({ name: 'momentum', lr: 0.5 }), a);
  assert.ok(a.loss < 0.02, `momentum loss ${a.loss}`);
  const s = run({ name: 'sgd', lr: 2 });
  assert.ok(s.loss < 0.05, `sgd loss ${s.loss}`);
});

test('the fused plain-JS MLP step computes exactly what the layered kernels compute', () => {
  for (const n of [5, 100]) {
    for (const cfg of [
      { sizes: [2, 8, 8, 1] },
      { sizes: [3, 5, 4], activation: 'relu' as const, output: 'softmax' as const },
      { sizes: [2, 6, 2], activation: 'tanh' as const, output: 'linear' as const },
    ]) {
      const fused = createMLP({ ...cfg, fused: true }, { seed: 8 });
      const layered = createMLP({ ...cfg, fused: false }, { seed: 8 });
      assert.ok(fused.fused && !layered.fused);
      const rng = new Rng(2);
      const out = cfg.sizes[cfg.sizes.length - 1]!;
      const x = Tensor.from(Array.from({ length: n * cfg.sizes[0]! }, () => rng.uniform(-1, 1)), [n, cfg.sizes[0]!]);
      const t = Tensor.zeros([n, out]);
      for (let r = 0; r < n; r++) t.data[r * out + (r % out)] = 1;
      const lf = fused.computeGradients(x, t), ll = layered.computeGradients(x, t);
      assert.ok(Math.abs(lf - ll) < 1e-6, `loss ${lf} vs ${ll}`);
      fused.params().forEach((p, i) => {
        const q = layered.params()[i]!;
        p.grad.data.forEach((v, j) => assert.ok(Math.abs(v - q.grad.data[j]!) < 1e-6, `n=${n} ${cfg.sizes} ${p.name}[${j}]: ${v} vs ${q.grad.data[j]}`));
      });
      if (n <= 64) {
        const df = fused.deltas(), dl = layered.deltas();
        df.forEach((layer, l) => layer.forEach((row, r) => row.forEach((v, j) => assert.ok(Math.abs(v - dl[l]![r]![j]!) < 1e-5, `δ[${l}][${r}][${j}]`))));
        assert.deepEqual(fused.trace().activations.length, cfg.sizes.length);
      } else {
        assert.throws(() => fused.trace(), /kept for batches of up to 64 examples/);
      }
    }
  }
});
