/**
 * The reference backend's kernel families: convolution and LSTM kernels are added by the modules that use them, so a
 * bundle without a CNN or an LSTM leaves them out. Before its family is imported a kernel says which import adds it;
 * after, it runs. (Its own process: node --test runs each file apart, so nothing else has loaded the families.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceKernels } from '../../../../src/engine/backend/cpu/index.js';
import { KernelNotFoundError } from '../../../../src/engine/errors.js';

test('conv and LSTM kernels throw, naming their import, until their family is loaded; then they run', async () => {
  const geom = { n: 1, c: 1, h: 3, w: 3, f: 1, k: 1, stride: 1, pad: 0, oh: 3, ow: 3 };
  assert.throws(() => referenceKernels.conv2d(new Float32Array(9), new Float32Array(1), new Float32Array(1), new Float32Array(9), geom),
    (e: unknown) => e instanceof KernelNotFoundError && /conv-kernels\.js/.test(e.message));
  assert.throws(() => referenceKernels.lstmGates(new Float32Array(4), new Float32Array(4), 1, 1),
    (e: unknown) => e instanceof KernelNotFoundError && /lstm-kernels\.js/.test(e.message));
  // The MLP's kernels are there from the start.
  const out = new Float32Array(1);
  referenceKernels.add(Float32Array.of(1), Float32Array.of(2), out, 1);
  assert.equal(out[0], 3);

  await import('../../../../src/engine/models/lstm.js');
  const acts = new Float32Array(4);
  referenceKernels.lstmGates(Float32Array.of(0, 0, 0, 0), acts, 1, 1);
  assert.ok(acts.every((v) => Number.isFinite(v)));
  await import('../../../../src/engine/models/cnn.js');
  const pooled = new Float32Array(1);
  referenceKernels.maxPool(Float32Array.of(1, 4, 2, 3), pooled, { n: 1, c: 1, h: 2, w: 2, k: 2, stride: 2, pad: 0, oh: 1, ow: 1 });
  assert.equal(pooled[0], 4);
});
