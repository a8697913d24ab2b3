/** Bad shapes and NaN inputs get errors that name the layer and the shape. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import { NonFiniteError } from '../../../src/engine/errors.js';
import { createCNN } from '../../../src/engine/models/cnn.js';
import { createLSTM } from '../../../src/engine/models/lstm.js';
import { createMLP } from '../../../src/engine/models/mlp.js';
import { ShapeError } from '../../../src/engine/nn/shape.js';
import { Tensor } from '../../../src/engine/tensor.js';

test('an MLP fed the wrong width names the expected and actual shapes', () => {
  const m = createMLP({ sizes: [2, 3, 1] });
  assert.throws(() => m.forward(Tensor.zeros([4, 3])), (e: unknown) => e instanceof ShapeError && e.message === 'mlp: input must be [N, 2], got [4, 3]');
  assert.throws(() => m.trainBatch(Tensor.zeros([4, 2]), Tensor.zeros([4, 2])), /mlp: target \[4, 2\] does not match output \[4, 1\]/);
});

test('NaN or Infinity in the input names the layer, the shape and the index', () => {
  const m = createMLP({ sizes: [2, 3, 1] });
  const x = Tensor.from([0, 1, NaN, 2], [2, 2]);
  assert.throws(() => m.trainBatch(x, Tensor.zeros([2, 1])), (e: unknown) =>
    e instanceof NonFiniteError && /mlp \(dense1\) input: input of shape \[2, 2\] has NaN at flat index 2/.test(e.message));
  const l = createLSTM({ inputs: 1, hidden: 2, outputs: 1 });
  assert.throws(() => l.forward(Tensor.from([1, Infinity], [2, 1, 1])), /lstm input: input of shape \[2, 1, 1\] has Infinity at flat index 1/);
});

test('a diverging loss is reported, not trained on', () => {
  const m = createMLP({ sizes: [1, 1], output: 'linear' }, { optimizer: { name: 'sgd', lr: 1e30 } });
  const x = Tensor.from([1e20], [1, 1]);
  assert.throws(() => {
    for (let i = 0; i < 5; i++) m.trainBatch(x, Tensor.from([1], [1, 1]));
  }, (e: unknown) => e instanceof NonFiniteError && /mlp mse loss/.test(e.message));
});

test('a CNN given an image of the wrong size names the expected input', () => {
  const m = createCNN({ input: [1, 8, 8], layers: [{ type: 'conv', filters: 2, kernel: 3 }], classes: 2 });
  assert.throws(() => m.forward(Tensor.zeros([1, 1, 9, 9])), /cnn: input must be \[N, 1, 8, 8\], got \[1, 1, 9, 9\]/);
});

test('the dispatcher rejects mismatched matmul and pooling shapes', () => {
  const e = new Engine();
  assert.throws(() => e.matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 2]), Tensor.zeros([2, 2])), /inner sizes 3 and 4 must match/);
  assert.throws(() => e.poolGeom(Tensor.zeros([1, 1, 7, 7]), 2), /maxpool \(height\): N = \(W − F \+ 2P\)\/S \+ 1 = \(7 − 2 \+ 2·0\)\/2 \+ 1 = 3.5 is not an integer/);
  assert.throws(() => new Tensor(new Float32Array(5), [2, 3]), /shape \[2, 3\] holds 6 values but the data has 5/);
});
