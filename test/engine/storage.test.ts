/**
 * Backend-owned storage: tensors as handles on a storage (tfjs's dataId), `dispose()` and `tidy()`, the counters of
 * `engine.stats()`, and no tensor or device-buffer leak over 1000 training steps of the MLP, the CNN and the LSTM on
 * every backend that runs in Node (reference fused and layered, gpu.js cpu and webasm: resident, i.e. kernel results
 * chained without copies).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { createCNN } from '../../src/engine/models/cnn.js';
import { createLSTM } from '../../src/engine/models/lstm.js';
import { createMLP } from '../../src/engine/models/mlp.js';
import { Rng } from '../../src/engine/random.js';
import { keep, liveTensorCount, Tensor, tidy } from '../../src/engine/tensor.js';
import { train } from '../../src/engine/train.js';
import '../../src/engine/backend/gpu/register.js';

const noYield = () => Promise.resolve();

test('dispose frees the storage; a reshape view shares it; a disposed tensor refuses to be used', () => {
  const before = liveTensorCount();
  const a = Tensor.from([1, 2, 3, 4], [2, 2]);
  const v = a.reshape([4]);
  assert.equal(liveTensorCount(), before + 1, 'a view is not a new storage');
  assert.equal(v.storage, a.storage);
  v.dispose();
  assert.equal(liveTensorCount(), before);
  assert.ok(a.isDisposed);
  assert.throws(() => a.data, /after dispose/);
  assert.throws(() => a.dataSync(), /after dispose/);
  a.dispose(); // twice is harmless
  assert.equal(liveTensorCount(), before);
});

test('tidy disposes what was made inside except the result and kept tensors; scopes nest', async () => {
  const before = liveTensorCount();
  let inner!: Tensor, kept!: Tensor, temp!: Tensor;
  const out = tidy(() => {
    temp = Tensor.zeros([3]);
    kept = keep(Tensor.zeros([2]));
    const r = tidy(() => {
      inner = Tensor.from([1, 2], [2]);
      Tensor.zeros([5]);
      return { inner, list: [inner.reshape([1, 2])] };
    });
    assert.equal(r.inner, inner);
    return [inner];
  });
  assert.equal(out[0], inner);
  assert.ok(!inner.isDisposed, 'the result survives both scopes');
  assert.ok(!kept.isDisposed, 'kept');
  assert.ok(temp.isDisposed, 'temporaries are disposed');
  assert.equal(liveTensorCount(), before + 2);
  assert.deepEqual(Array.from(await inner.read()), [1, 2]);
  inner.dispose();
  kept.dispose();
  assert.equal(liveTensorCount(), before);
  assert.throws(() => tidy(() => Promise.resolve(1)), /synchronous/);
});

test('tidy around model calls disposes predictions but never the model\'s own buffers', () => {
  const m = createMLP({ sizes: [2, 3, 1], fused: false }, { seed: 1 });
  const x = Tensor.from([0, 1, 1, 0], [2, 2]);
  const t = Tensor.from([1, 0], [2, 1]);
  const before = liveTensorCount();
  let p!: Tensor;
  tidy(() => {
    m.trainBatch(x, t); // first step allocates the layers' buffers inside the scope: they are kept
    p = m.predict(x);
  });
  assert.ok(p.isDisposed);
  const after = liveTensorCount();
  assert.ok(after > before, 'the layer buffers survived');
  for (let i = 0; i < 5; i++) tidy(() => m.predict(x).data[0]);
  assert.equal(liveTensorCount(), after);
  assert.ok(Number.isFinite(m.trainBatch(x, t)));
});

test('engine.stats() counts kernel calls and readbacks; the reference backend never reads back', () => {
  const e = new Engine('reference');
  const m = createMLP({ sizes: [2, 4, 1], fused: false }, { backend: e, seed: 1 });
  const x = Tensor.from([0, 1, 1, 0], [2, 2]);
  const t = Tensor.from([1, 0], [2, 1]);
  m.trainBatch(x, t);
  const s0 = e.stats();
  m.trainBatch(x, t);
  const s1 = e.stats();
  assert.ok(s1.kernelCalls - s0.kernelCalls >= 10, `${s1.kernelCalls - s0.kernelCalls} kernel calls in a layered step`);
  assert.equal(s1.readbacks, 0);
  assert.equal(s1.resident, false);
  assert.deepEqual(Object.keys(s1).sort(), ['kernelCalls', 'liveBuffers', 'liveTensors', 'readbacks', 'resident', 'uploads']);
});

// Workloads small enough for 1000 steps on gpu.js cpu in a test.
function spirals(n: number, rng: Rng) {
  const x = new Float32Array(n * 2), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2, r = (i / n) * 0.9 + 0.05, a = r * 9 + c * Math.PI;
    x[2 * i] = r * Math.cos(a) + rng.uniform(-0.02, 0.02);
    x[2 * i + 1] = r * Math.sin(a) + rng.uniform(-0.02, 0.02);
    y[i] = c;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, 1]) };
}
function strokes(n: number, rng: Rng) {
  const x = new Float32Array(n * 36), y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (let k = 0; k < 6; k++) x[i * 36 + (c === 0 ? k * 6 + 2 : c === 1 ? 12 + k : k * 7)] = 1;
    for (let k = 0; k < 36; k++) x[i * 36 + k]! += rng.uniform(0, 0.1);
    y[i * 3 + c] = 1;
  }
  return { x: new Tensor(x, [n, 1, 6, 6]), y: new Tensor(y, [n, 3]) };
}
function sines(T: number, N: number) {
  const x = new Float32Array(T * N), y = new Float32Array(T * N);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) {
    x[t * N + n] = Math.sin((t + n) * 0.4);
    y[t * N + n] = Math.sin((t + n + 1) * 0.4);
  }
  return { x: new Tensor(x, [T, N, 1]), y: new Tensor(y, [T, N, 1]) };
}

const workloads = {
  mlp: (backend: string, fused: boolean) => ({
    model: createMLP({ sizes: [2, 8, 8, 1], fused }, { backend, seed: 1, optimizer: { name: 'adam', lr: 0.02 } }),
    data: spirals(32, new Rng(2)),
  }),
  cnn: (backend: string) => ({
    model: createCNN(
      { input: [1, 6, 6], layers: [{ type: 'conv', filters: 3, kernel: 3, padding: 1, activation: 'relu' }, { type: 'pool', kernel: 2 }], classes: 3 },
      { backend, seed: 1, optimizer: { name: 'momentum', lr: 0.05, mu: 0.9, clip: 5 } },
    ),
    data: strokes(6, new Rng(3)),
  }),
  lstm: (backend: string, fused: boolean) => ({
    model: createLSTM({ inputs: 1, hidden: 4, outputs: 1, fused }, { backend, seed: 1, optimizer: { name: 'adam', lr: 0.02, clip: 5 } }),
    data: sines(5, 2),
  }),
};

for (const [name, backend, fused] of [
  ['reference fused', 'reference', true], ['reference layered', 'reference', false], ['gpu.js cpu', 'gpu.js-cpu', false], ['gpu.js webasm', 'gpu.js-webasm', false],
] as const) {
  test(`no tensor or device-buffer leak over 1000 training steps: MLP, CNN, LSTM on ${name}`, { timeout: 240_000 }, async () => {
    for (const kind of ['mlp', 'cnn', 'lstm'] as const) {
      if (kind === 'cnn' && fused) continue; // the CNN has no fused path
      const { model, data } = workloads[kind](backend, fused);
      const every = 50;
      await train(model, { data, steps: 5, every, yieldFn: noYield }); // buffers and kernels are made here
      const s0 = model.engine.stats();
      const r = await train(model, { data, steps: 1000, every, yieldFn: noYield });
      const s1 = model.engine.stats();
      assert.equal(r.steps, 1000);
      assert.ok(Number.isFinite(r.loss), `${kind}: loss ${r.loss}`);
      assert.equal(s1.liveTensors - s0.liveTensors, 0, `${kind} on ${name}: live tensors ${s0.liveTensors} → ${s1.liveTensors}`);
      assert.equal(s1.liveBuffers - s0.liveBuffers, 0, `${kind} on ${name}: device buffers ${s0.liveBuffers} → ${s1.liveBuffers}`);
      if (backend !== 'reference') model.engine.dispose();
    }
  });
}

test('on a resident backend tidy(() => predict(x)) frees the prediction\'s device buffer every time', () => {
  const m = createMLP({ sizes: [2, 4, 2], output: 'softmax', fused: false }, { backend: 'gpu.js-cpu', seed: 1 });
  const x = Tensor.from([0, 1, 1, 0, 0.5, 0.5], [3, 2]);
  assert.equal(m.engine.resident, true);
  const first = tidy(() => Array.from(m.predict(x).dataSync()));
  const s0 = m.engine.stats();
  for (let i = 0; i < 50; i++) assert.deepEqual(tidy(() => Array.from(m.predict(x).dataSync())), first);
  const s1 = m.engine.stats();
  assert.equal(s1.liveBuffers, s0.liveBuffers);
  assert.equal(s1.liveTensors, s0.liveTensors);
  // Without the scope every prediction keeps its buffer until disposed.
  const kept = Array.from({ length: 5 }, () => m.predict(x));
  assert.equal(m.engine.stats().liveBuffers, s1.liveBuffers + 5);
  kept.forEach((t) => t.dispose());
  assert.equal(m.engine.stats().liveBuffers, s1.liveBuffers);
  m.engine.dispose();
});
