/** The LSTM: BPTT against finite differences, and learning a sine wave a reader can watch (next-value prediction). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLSTM } from '../../../src/engine/models/lstm.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { checkParamGradients, engineFor, randomTensor } from '../oracle.js';
import '../../../src/engine/backend/gpu/register.js';

for (const backend of ['reference', 'gpu.js-webasm']) {
  test(`LSTM backpropagation through time matches finite differences (${backend})`, () => {
    const m = createLSTM({ inputs: 2, hidden: 3, outputs: 2 }, { seed: 4, backend: engineFor(backend) });
    const xs = randomTensor([5, 2, 2], 1);
    const ys = randomTensor([5, 2, 2], 2);
    checkParamGradients(() => m.computeGradients(xs, ys), () => {
      m.forward(xs);
      return m.computeGradients(xs, ys);
    }, m.params(), 10);
  });
}

/** Batches of sine windows: input sin(φ + 0.3t), target the next value. */
function sineBatch(rng: Rng, T: number, N: number): { xs: Tensor; ys: Tensor } {
  const xs = Tensor.zeros([T, N, 1]), ys = Tensor.zeros([T, N, 1]);
  for (let n = 0; n < N; n++) {
    const ph = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t < T; t++) {
      xs.data[t * N + n] = Math.sin(ph + 0.3 * t);
      ys.data[t * N + n] = Math.sin(ph + 0.3 * (t + 1));
    }
  }
  return { xs, ys };
}

test('LSTM learns to continue a sine wave (loss < 0.003, generated wave stays on the curve)', () => {
  const m = createLSTM({ inputs: 1, hidden: 8, outputs: 1 }, { seed: 2, optimizer: { name: 'adam', lr: 0.02 } });
  const rng = new Rng(5);
  // Baseline: predicting "same as now" costs ½·E[(sin(a+0.3) − sin a)²] ≈ 0.011.
  let loss = Infinity;
  for (let i = 0; i < 300; i++) {
    const { xs, ys } = sineBatch(rng, 20, 8);
    loss = m.trainBatch(xs, ys);
  }
  assert.ok(loss < 0.003, `final loss ${loss}`);
  const prefix = Array.from({ length: 20 }, (_, t) => Math.sin(1 + 0.3 * t));
  const gen = m.generate(prefix, 5);
  gen.forEach((v, i) => assert.ok(Math.abs(v - Math.sin(1 + 0.3 * (20 + i))) < 0.2, `step ${i}: ${v}`));
});

test('the fused plain-JS BPTT step computes exactly what the layered kernels compute', () => {
  const cfg = { inputs: 2, hidden: 5, outputs: 3 };
  const fused = createLSTM({ ...cfg, fused: true }, { seed: 6 });
  const layered = createLSTM({ ...cfg, fused: false }, { seed: 6 });
  assert.ok(fused.fused && !layered.fused);
  const xs = randomTensor([7, 3, 2], 8), ys = randomTensor([7, 3, 3], 9);
  const lf = fused.computeGradients(xs, ys), ll = layered.computeGradients(xs, ys);
  assert.ok(Math.abs(lf - ll) < 1e-6, `loss ${lf} vs ${ll}`);
  fused.params().forEach((p, i) => {
    const q = layered.params()[i]!;
    p.grad.data.forEach((v, j) => assert.ok(Math.abs(v - q.grad.data[j]!) < 1e-5, `${p.name}[${j}]: ${v} vs ${q.grad.data[j]}`));
  });
});
