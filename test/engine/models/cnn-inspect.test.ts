/**
 * What the CNN demo reads from a net: feature maps for one input, the first layer's filters, one-digit predictions
 * and each stage's shape. Checked against a plain loop computation of the ConvNetJS net on every backend Node runs
 * (reference and gpu.js cpu), and checked not to disturb training.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/engine/backend/gpu/register.js';
import { cnnLayerShapes, convNetJsDemo, createCNN, leNet5, type CNN } from '../../../src/engine/models/cnn.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';

const BACKENDS = ['reference', 'gpu.js-cpu'] as const;

/** A digit-ish input: a blurred ring plus noise. */
function sample(seed: number): Float32Array {
  const rng = new Rng(seed);
  const x = new Float32Array(784);
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
    const d = Math.abs(Math.hypot(r - 14, c - 14) - 7);
    x[r * 28 + c] = Math.max(0, 1 - d / 2) * (0.8 + 0.2 * rng.next());
  }
  return x;
}

/** Plain loops: conv (valid or padded) + bias, ReLU, max pool, dense, softmax: the ConvNetJS net by hand. */
function plain(net: CNN, x: Float32Array): Float32Array[] {
  const p = Object.fromEntries(net.params().map((q) => [q.name, q.value.data]));
  const conv = (inp: Float32Array, C: number, H: number, w: Float32Array, b: Float32Array, F: number, K: number, P: number): Float32Array => {
    const N = H - K + 2 * P + 1;
    const out = new Float32Array(F * N * N);
    for (let f = 0; f < F; f++) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
      let s = b[f]!;
      for (let c = 0; c < C; c++) for (let u = 0; u < K; u++) for (let v = 0; v < K; v++) {
        const y = i + u - P, xx = j + v - P;
        if (y >= 0 && y < H && xx >= 0 && xx < H) s += inp[(c * H + y) * H + xx]! * w[((f * C + c) * K + u) * K + v]!;
      }
      out[(f * N + i) * N + j] = s;
    }
    return out;
  };
  const relu = (a: Float32Array): Float32Array => a.map((v) => Math.max(0, v));
  const pool = (a: Float32Array, C: number, H: number, K: number): Float32Array => {
    const N = H / K;
    const out = new Float32Array(C * N * N);
    for (let c = 0; c < C; c++) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
      let m = -Infinity;
      for (let u = 0; u < K; u++) for (let v = 0; v < K; v++) m = Math.max(m, a[(c * H + i * K + u) * H + j * K + v]!);
      out[(c * N + i) * N + j] = m;
    }
    return out;
  };
  const c1 = conv(x, 1, 28, p['conv1.w']!, p['conv1.b']!, 8, 5, 0);
  const r1 = relu(c1);
  const p1 = pool(r1, 8, 24, 2);
  const c2 = conv(p1, 8, 12, p['conv2.w']!, p['conv2.b']!, 16, 5, 2);
  const r2 = relu(c2);
  const p2 = pool(r2, 16, 12, 3);
  const w = p['dense1.w']!, b = p['dense1.b']!;
  const logits = new Float32Array(10);
  for (let k = 0; k < 10; k++) { let s = b[k]!; for (let i = 0; i < 256; i++) s += p2[i]! * w[i * 10 + k]!; logits[k] = s; }
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const z = e.reduce((a, v) => a + v, 0);
  return [x, c1, r1, p1, c2, r2, p2, logits, e.map((v) => v / z)];
}

function close(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol * (1 + Math.abs(b[i]!)), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

for (const backend of BACKENDS) {
  test(`feature maps, filters and predictions of the ConvNetJS net match plain loops on ${backend}`, () => {
    const net = convNetJsDemo(28, { backend, seed: 5 });
    const x = sample(1);
    const maps = net.featureMaps(x);
    assert.deepEqual(maps.map((m) => `${m.name}:${m.kind}:${m.shape.join('x')}`), [
      'input:input:1x28x28', 'conv1:conv:8x24x24', 'relu1:activation:8x24x24', 'pool1:pool:8x12x12',
      'conv2:conv:16x12x12', 'relu4:activation:16x12x12', 'pool2:pool:16x4x4', 'dense1:dense:10', 'softmax:softmax:10',
    ]);
    const want = plain(net, x);
    maps.forEach((m, i) => close(m.data, want[i]!, 1e-4, `${backend} ${m.name}`));
    const f = net.filters();
    assert.equal(f.name, 'conv1');
    assert.deepEqual(f.shape, [8, 1, 5, 5]);
    close(f.data, net.params().find((p) => p.name === 'conv1.w')!.value.data, 0, 'filters');
    assert.deepEqual(net.filters(2).shape, [16, 8, 5, 5]);
    assert.throws(() => net.filters(3), /no conv3 \(the net has 2\)/);
    const probs = net.predict(x);
    assert.deepEqual(probs.shape, [1, 10]);
    close(probs.data, want[8]!, 1e-4, 'predict');
    assert.ok(Math.abs(probs.data.reduce((a, v) => a + v, 0) - 1) < 1e-5);
    // A batch of two predicts row by row the same as one at a time.
    const two = new Float32Array(2 * 784);
    two.set(sample(2));
    two.set(x, 784);
    close(net.predict(new Tensor(two, [2, 1, 28, 28])).data.subarray(10), probs.data, 1e-5, 'batch row');
    assert.throws(() => net.featureMaps(two), /one example at a time/);
  });

  test(`reading feature maps and predictions between training steps changes nothing in training on ${backend}`, () => {
    const a = convNetJsDemo(28, { backend, seed: 2, optimizer: { name: 'momentum', lr: 0.01, mu: 0.9 } });
    const b = convNetJsDemo(28, { backend, seed: 2, optimizer: { name: 'momentum', lr: 0.01, mu: 0.9 } });
    const rng = new Rng(3);
    const x = new Tensor(Float32Array.from({ length: 4 * 784 }, () => rng.next()), [4, 1, 28, 28]);
    const t = Tensor.zeros([4, 10]);
    for (let i = 0; i < 4; i++) t.data[i * 10 + i] = 1;
    for (let s = 0; s < 4; s++) {
      const la = a.trainBatch(x, t);
      a.featureMaps(sample(s));
      a.predict(sample(s + 10));
      const lb = b.trainBatch(x, t);
      assert.equal(la, lb, `step ${s}`);
    }
    const before = a.featureMaps(sample(9)).at(-1)!.data;
    a.trainBatch(x, t);
    // The copy follows the weights: after a step the prediction moves.
    assert.notDeepEqual(a.featureMaps(sample(9)).at(-1)!.data, before);
    close(a.params()[0]!.value.data, b.params()[0]!.value.data, 1, 'same start');
  });
}

test('cnnLayerShapes gives the layers\' own output sizes and the N = (W − F + 2P)/S + 1 numbers', () => {
  for (const net of [convNetJsDemo(28), leNet5()]) {
    const shapes = cnnLayerShapes(net.config as Parameters<typeof cnnLayerShapes>[0]);
    const layerShapes = net.layers.filter((l) => /^(conv|pool|flatten|dense)/.test(l.name)).map((l) => `${l.name}:${l.outShape.join('x')}`);
    assert.deepEqual(shapes.slice(1).map((s) => `${s.name}:${s.shape.join('x')}`), layerShapes);
    assert.equal(shapes.reduce((n, s) => n + s.params, 0), net.params().reduce((n, p) => n + p.value.size, 0));
  }
  const demo = cnnLayerShapes(convNetJsDemo(28).config as Parameters<typeof cnnLayerShapes>[0]);
  assert.deepEqual(demo.find((s) => s.name === 'conv1')!.window, { W: 28, F: 5, P: 0, S: 1, N: 24 });
  assert.deepEqual(demo.find((s) => s.name === 'pool2')!.window, { W: 12, F: 3, P: 0, S: 3, N: 4 });
  assert.throws(() => cnnLayerShapes({ input: [1, 12, 12], layers: [{ type: 'conv', filters: 4, kernel: 5, stride: 2 }], classes: 2 }), /conv1 \(height\): N = \(W − F \+ 2P\)\/S \+ 1 = \(12 − 5 \+ 2·0\)\/2 \+ 1/);
  assert.throws(() => createCNN({ input: [1, 12, 12], layers: [{ type: 'conv', filters: 4, kernel: 5, stride: 2 }], classes: 2 }));
});
