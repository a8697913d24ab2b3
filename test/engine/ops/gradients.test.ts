/** Every differentiable op against finite differences, on every backend available in Node: one line per op. */
import { describe, test } from 'node:test';
import { relu, sigmoid, tanh } from '../../../src/engine/ops/activation.js';
import { conv2d, maxPool2d } from '../../../src/engine/ops/conv2d.js';
import '../../../src/engine/backend/cpu/conv-kernels.js';
import { dense } from '../../../src/engine/ops/dense.js';
import { checkOpGradients as check, engineFor, kinkFree, randomTensor as rnd } from '../oracle.js';
import '../../../src/engine/backend/gpu/register.js';

for (const backend of ['reference', 'gpu.js-cpu', 'gpu.js-webasm']) {
  describe(`op gradients on ${backend}`, () => {
    const e = engineFor(backend);
    test('dense', () => check(dense, [rnd([3, 4], 1), rnd([4, 5], 2), rnd([5], 3)], {}, e));
    test('sigmoid', () => check(sigmoid, [rnd([2, 6], 4, -3, 3)], {}, e));
    test('tanh', () => check(tanh, [rnd([2, 6], 5, -2, 2)], {}, e));
    test('relu', () => check(relu, [kinkFree([2, 6], 6)], {}, e));
    test('conv2d stride 1 pad 2', () => check(conv2d, [rnd([2, 2, 6, 6], 7), rnd([3, 2, 5, 5], 8), rnd([3], 9)], { stride: 1, pad: 2 }, e));
    test('conv2d stride 2 pad 1', () => check(conv2d, [rnd([1, 3, 7, 7], 10), rnd([2, 3, 3, 3], 11), rnd([2], 12)], { stride: 2, pad: 1 }, e));
    test('maxpool 2×2', () => check(maxPool2d, [kinkFree([2, 2, 4, 4], 13)], { kernel: 2 }, e));
    test('maxpool 3×3 stride 2 pad 1', () => check(maxPool2d, [kinkFree([1, 2, 7, 7], 14)], { kernel: 3, stride: 2, pad: 1 }, e));
  });
}

test('the oracle catches a wrong backward pass', async (t) => {
  const { activation } = await import('../../../src/engine/ops/activation.js');
  const good = activation('sigmoid');
  // Forgets the (1 − o) factor: the classic hand-derivation slip the seed note warns about.
  const broken = { ...good, backward: good.backward, name: 'broken sigmoid' };
  broken.backward = (e, inputs, a, out, dy, grads) => {
    if (grads[0]) e.mul(dy, out, grads[0]);
  };
  const { throws } = await import('node:assert/strict');
  throws(() => check(broken, [rnd([2, 3], 4, -3, 3)], {}), /broken sigmoid/);
  await t.test('and passes the real one', () => check(good, [rnd([2, 3], 4, -3, 3)], {}));
});
