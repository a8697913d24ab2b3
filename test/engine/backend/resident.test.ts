/**
 * Resident (chained) execution on the gpu.js modes Node has, against the reference backend: kernel results stay
 * where gpu.js made them (`pipeline: true, immutable: true`; on cpu/webasm a fresh array per call, on webgl2/webgl
 * a texture, checked in `../browser/webgl.test.ts`) and feed the next kernel without a copy. Whole training runs
 * through `train()` (MLP sigmoid/MSE, MLP relu/softmax with clipping, CNN with momentum, LSTM linear/MSE with
 * clipping, LSTM softmax; the LSTM's timesteps move in and out of [T, N, H] tensors by copySlice) must match the reference
 * layered path step for step within the stated tolerance, and read back at most once per reported step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import { createCNN } from '../../../src/engine/models/cnn.js';
import { createLSTM, type LSTMModel } from '../../../src/engine/models/lstm.js';
import { createMLP } from '../../../src/engine/models/mlp.js';
import type { Sequential } from '../../../src/engine/nn/sequential.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { train, type TrainProgress } from '../../../src/engine/train.js';
import { createGpuJsBackend } from '../../../src/engine/backend/gpu/index.js';
import '../../../src/engine/backend/gpu/register.js';

/** Weights may drift apart by float32 rounding in a different summation order: |Δ| ≤ TOL·(1 + |w|). */
const TOL = 2e-3;
const noYield = () => Promise.resolve();

type Kind = 'mlp' | 'softmax' | 'cnn' | 'lstm' | 'lstm-softmax';
type Model = Sequential | LSTMModel;

function data(kind: Kind) {
  const rng = new Rng(5);
  if (kind === 'lstm' || kind === 'lstm-softmax') {
    const T = 6, N = 3, V = kind === 'lstm' ? 1 : 3, x = new Float32Array(T * N * V), y = new Float32Array(T * N * V);
    for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) {
      if (V === 1) {
        x[t * N + n] = Math.sin((t + 2 * n) * 0.5);
        y[t * N + n] = Math.sin((t + 2 * n + 1) * 0.5);
      } else {
        x[(t * N + n) * V + ((t + n) % V)] = 1;
        y[(t * N + n) * V + ((t + n + 1) % V)] = 1;
      }
    }
    return { x: new Tensor(x, [T, N, V]), y: new Tensor(y, [T, N, V]) };
  }
  if (kind === 'cnn') {
    const n = 4, x = new Float32Array(n * 100), y = new Float32Array(n * 3);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform(0, 1);
    for (let i = 0; i < n; i++) y[i * 3 + (i % 3)] = 1;
    return { x: new Tensor(x, [n, 1, 10, 10]), y: new Tensor(y, [n, 3]) };
  }
  const n = 16, x = new Float32Array(n * 2), y = new Float32Array(n * (kind === 'mlp' ? 1 : 3));
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
  for (let i = 0; i < n; i++) {
    if (kind === 'mlp') y[i] = x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0;
    else y[i * 3 + ((x[2 * i]! > 0 ? 1 : 0) + (x[2 * i + 1]! > 0 ? 1 : 0))] = 1;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, kind === 'mlp' ? 1 : 3]) };
}

function build(kind: Kind, backend: string | Engine): Model {
  if (kind === 'lstm') return createLSTM({ inputs: 1, hidden: 5, outputs: 1, fused: false }, { backend, seed: 4, optimizer: { name: 'adam', lr: 0.03, clip: 1 } });
  if (kind === 'lstm-softmax') {
    return createLSTM({ inputs: 3, hidden: 4, outputs: 3, output: 'softmax', fused: false }, { backend, seed: 4, optimizer: { name: 'momentum', lr: 0.1, mu: 0.9 } });
  }
  if (kind === 'mlp') return createMLP({ sizes: [2, 8, 8, 1], fused: false }, { backend, seed: 4, optimizer: { name: 'adam', lr: 0.05 } });
  if (kind === 'softmax') {
    return createMLP({ sizes: [2, 6, 3], activation: 'relu', output: 'softmax', fused: false }, { backend, seed: 4, optimizer: { name: 'sgd', lr: 0.3, clip: 0.05 } });
  }
  return createCNN(
    { input: [1, 10, 10], layers: [{ type: 'conv', filters: 4, kernel: 3, padding: 1, activation: 'relu' }, { type: 'pool', kernel: 2 }, { type: 'conv', filters: 4, kernel: 3, padding: 1, stride: 2, activation: 'tanh' }], classes: 3 },
    { backend, seed: 4, optimizer: { name: 'momentum', lr: 0.05, mu: 0.9, clip: 1 } },
  );
}

function assertParamsClose(got: Model, want: Model, what: string): void {
  got.params().forEach((p, i) => {
    const g = p.value.dataSync(), w = want.params()[i]!.value.dataSync();
    for (let j = 0; j < w.length; j++) {
      if (!(Math.abs(g[j]! - w[j]!) <= TOL * (1 + Math.abs(w[j]!)))) assert.fail(`${what}: ${p.name}[${j}] ${g[j]} vs reference ${w[j]}`);
    }
  });
}

for (const mode of ['cpu', 'webasm'] as const) {
  for (const kind of ['mlp', 'softmax', 'cnn', 'lstm', 'lstm-softmax'] as const) {
    test(`resident gpu.js ${mode}: ${kind} trained by train() matches the reference, ≤ 1 readback per ${10} steps`, async () => {
      const steps = 60, every = 10;
      const d = data(kind);
      const ref = build(kind, 'reference');
      const engine = new Engine(createGpuJsBackend(mode));
      const res = build(kind, engine);
      assert.equal(engine.resident, true);
      const refLog: TrainProgress[] = [], resLog: TrainProgress[] = [];
      await train(ref, { data: d, steps, every, yieldFn: noYield, onStep: (p) => refLog.push(p) });
      const s0 = engine.stats();
      const r = await train(res, { data: d, steps, every, yieldFn: noYield, onStep: (p) => resLog.push(p) });
      const s1 = engine.stats();
      assert.equal(r.steps, steps);
      assert.ok(s1.liveBuffers > 0, 'results live in the backend (resident)');
      assert.ok(s1.kernelCalls - s0.kernelCalls >= steps * 10, 'kernels ran');
      assert.ok(s1.readbacks - s0.readbacks <= steps / every, `${s1.readbacks - s0.readbacks} readbacks in ${steps} steps`);
      assert.equal(resLog.length, refLog.length);
      resLog.forEach((p, i) => {
        const q = refLog[i]!;
        assert.equal(p.step, q.step);
        assert.ok(Math.abs(p.loss - q.loss) <= TOL * (1 + q.loss), `loss at ${p.step}: ${p.loss} vs ${q.loss}`);
        assert.ok(Math.abs(p.meanLoss - q.meanLoss) <= TOL * (1 + q.meanLoss), `mean loss at ${p.step}: ${p.meanLoss} vs ${q.meanLoss}`);
      });
      // Reading the weights is explicit and counted, keeps the device copy; a second read is free
      // until the next kernel writes.
      const before = engine.stats().readbacks;
      const w = await res.params()[0]!.value.read();
      assert.equal(engine.stats().readbacks, before + 1);
      assert.equal(w.length, res.params()[0]!.value.size);
      res.params()[0]!.value.dataSync();
      assert.equal(engine.stats().readbacks, before + 1);
      assertParamsClose(res, ref, `${kind} on ${mode}`);
      if (kind === 'softmax' || kind === 'cnn') {
        // Accuracy is counted on the device: one readback, same answer as the reference's host loop.
        const labels = Array.from({ length: d.y.shape[0]! }, (_, r) => d.y.dataSync().subarray(r * 3, r * 3 + 3).indexOf(1));
        const b0 = engine.stats().readbacks;
        const acc = (res as Sequential).accuracy(d.x, labels);
        assert.equal(engine.stats().readbacks, b0 + 1);
        assert.equal(acc, (ref as Sequential).accuracy(d.x, labels));
      }
      // trainBatch still returns a number (one readback for the loss).
      assert.ok(Math.abs(res.trainBatch(d.x, d.y) - ref.trainBatch(d.x, d.y)) <= TOL * 10);
      engine.dispose();
    });
  }
}

test('a non-resident gpu.js backend reads every kernel result back (the old path), and says so in stats()', () => {
  const engine = new Engine(createGpuJsBackend('cpu', { resident: false }));
  const m = build('mlp', engine);
  const d = data('mlp');
  m.trainBatch(d.x, d.y);
  const s0 = engine.stats();
  m.trainBatch(d.x, d.y);
  const s1 = engine.stats();
  assert.equal(engine.resident, false);
  assert.equal(s1.readbacks - s0.readbacks, s1.kernelCalls - s0.kernelCalls);
  assert.equal(s1.liveBuffers, 0);
  engine.dispose();
});

test('host writes reach a resident model: load() after training, and a NaN loss is reported where it is read', async () => {
  const engine = new Engine(createGpuJsBackend('cpu'));
  const m = build('mlp', engine);
  const ref = build('mlp', 'reference');
  const d = data('mlp');
  await train(m, { data: d, steps: 5, yieldFn: noYield });
  await train(ref, { data: d, steps: 5, yieldFn: noYield });
  // New weights written on the host (load) while the trained ones live on the device: both models take them.
  const json = ref.save();
  for (const p of Object.values(json.params)) p.data = p.data.map((v) => v * 0.5);
  m.load(json);
  ref.load(json);
  assertParamsClose(m, ref, 'after load');
  await train(m, { data: d, steps: 7, every: 7, yieldFn: noYield });
  await train(ref, { data: d, steps: 7, every: 7, yieldFn: noYield });
  assertParamsClose(m, ref, 'trained on after load');
  m.params()[0]!.value.data[0] = NaN;
  await assert.rejects(train(m, { data: d, steps: 20, every: 10, yieldFn: noYield }), /train loss \(steps 1–10, read every 10\)/);
  engine.dispose();
});
