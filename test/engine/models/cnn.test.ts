/** The CNN: shapes of the ConvNetJS demo net, model-level gradient check, and training on a synthetic digit task. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convNetJsDemo, createCNN, leNet5 } from '../../../src/engine/models/cnn.js';
import { ShapeError } from '../../../src/engine/nn/shape.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { checkParamGradients, randomTensor } from '../oracle.js';

test('ConvNetJS demo net has the published shapes on 24×24 and 28×28', () => {
  for (const size of [24, 28] as const) {
    const m = convNetJsDemo(size);
    const shapes = m.layers.map((l) => `${l.name}:${l.outShape.join('x')}`);
    assert.deepEqual(shapes.filter((s) => /^(conv|pool|flatten|dense)/.test(s)), [
      'conv1:8x24x24', 'pool1:8x12x12', 'conv2:16x12x12', 'pool2:16x4x4', 'flatten:256', 'dense1:10',
    ]);
  }
  assert.deepEqual(leNet5().outShape, [10]);
});

test('a convolution that does not fit names the layer and the arithmetic', () => {
  assert.throws(
    () => createCNN({ input: [1, 12, 12], layers: [{ type: 'conv', filters: 4, kernel: 5, stride: 2 }], classes: 2 }),
    (e: unknown) => e instanceof ShapeError && /conv1 \(height\): N = \(W − F \+ 2P\)\/S \+ 1 = \(12 − 5 \+ 2·0\)\/2 \+ 1/.test(e.message),
  );
});

test('CNN gradients match finite differences', () => {
  const m = createCNN(
    { input: [2, 6, 6], layers: [{ type: 'conv', filters: 3, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'pool', kernel: 2 }], classes: 3 },
    { seed: 3 },
  );
  const x = randomTensor([2, 2, 6, 6], 4);
  const t = Tensor.from([1, 0, 0, 0, 0, 1], [2, 3]);
  checkParamGradients(() => m.computeGradients(x, t), () => m.evaluate(x, t), m.params(), 8);
});

/** Ten classes of S×S images: class k is a stroke at a class-specific place and direction, plus noise and jitter. */
function strokes(rng: Rng, n: number, S = 12): { x: Tensor; y: Tensor; labels: number[] } {
  const x = Tensor.zeros([n, 1, S, S]), y = Tensor.zeros([n, 10]), labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.int(10);
    labels.push(k);
    y.data[i * 10 + k] = 1;
    const off = rng.int(2);
    for (let j = 2; j < S - 2; j++) {
      const pos = 1 + 2 * (k % 5) + off;
      const [r, c] = k < 5 ? [pos, j] : [j, pos];
      x.data[i * S * S + r * S + c] = 1;
    }
    for (let p = 0; p < S * S; p++) x.data[i * S * S + p]! += 0.3 * rng.next();
  }
  return { x, y, labels };
}

test('a LeNet-style CNN learns a 10-class synthetic stroke task (≥ 90 % held-out accuracy)', () => {
  const m = createCNN(
    {
      input: [1, 12, 12],
      layers: [
        { type: 'conv', filters: 6, kernel: 5, padding: 2, activation: 'relu' },
        { type: 'pool', kernel: 2 },
        { type: 'conv', filters: 8, kernel: 3, padding: 1, activation: 'relu' },
        { type: 'pool', kernel: 2 },
      ],
      classes: 10,
    },
    { seed: 1, optimizer: { name: 'adam', lr: 0.01 } },
  );
  const rng = new Rng(11);
  for (let i = 0; i < 150; i++) {
    const b = strokes(rng, 16);
    m.trainBatch(b.x, b.y);
  }
  const held = strokes(new Rng(99), 200);
  const acc = m.accuracy(held.x, held.labels);
  assert.ok(acc >= 0.9, `held-out accuracy ${acc}`);
});

test('the ConvNetJS demo net takes training steps on 24×24 input and its loss falls', () => {
  const m = convNetJsDemo(24, { seed: 1, optimizer: { name: 'adam', lr: 0.005 } });
  const rng = new Rng(3);
  const b = strokes(rng, 8, 24);
  const first = m.trainBatch(b.x, b.y);
  let last = first;
  for (let i = 0; i < 5; i++) last = m.trainBatch(b.x, b.y);
  assert.ok(last < first * 0.7, `loss ${first} → ${last}`);
});
