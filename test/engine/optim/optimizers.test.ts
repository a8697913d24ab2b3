/** One update of each optimizer against its formula, and gradient clipping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import { param } from '../../../src/engine/nn/layer.js';
import { Adam, createOptimizer, Momentum, SGD } from '../../../src/engine/optim/optimizers.js';
import { Tensor } from '../../../src/engine/tensor.js';

const e = new Engine();
const make = () => {
  const p = param('w', Tensor.from([1, -2], [2]));
  p.grad.data.set([0.5, -4]);
  return p;
};
const close = (a: ArrayLike<number>, b: number[]) => b.forEach((v, i) => assert.ok(Math.abs(a[i]! - v) < 1e-6, `${a[i]} vs ${v}`));

test('SGD: p − lr·g', () => {
  const p = make();
  new SGD(0.1).step(e, [p]);
  close(p.value.data, [0.95, -1.6]);
});

test('momentum: v = μv − lr·g; p += v (twice)', () => {
  const p = make();
  const o = new Momentum(0.1, 0.9);
  o.step(e, [p]);
  close(p.value.data, [0.95, -1.6]);
  o.step(e, [p]);
  // v = 0.9·(−0.05, 0.4) − 0.1·(0.5, −4) = (−0.095, 0.76)
  close(p.value.data, [0.855, -0.84]);
});

test('Adam: the first step moves each weight by lr against the gradient sign', () => {
  const p = make();
  new Adam(0.01).step(e, [p]);
  close(p.value.data, [0.99, -1.99]);
});

test('clip clamps gradients before the update', () => {
  const p = make();
  const o = createOptimizer({ name: 'sgd', lr: 0.1, clip: 1 });
  o.step(e, [p]);
  close(p.grad.data, [0.5, -1]);
  close(p.value.data, [0.95, -1.9]);
  assert.equal(o.config().clip, 1);
});
