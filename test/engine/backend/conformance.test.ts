/**
 * Backend conformance (tfjs ALL_ENVS, tinygrad helper_test_op): every kernel of the contract runs on every backend
 * available in Node and is compared with the reference backend on the same random inputs. A kernel added to the
 * contract without a case here fails to type-check (`cases` is a Record over every KernelName).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { referenceKernels } from '../../../src/engine/backend/cpu/index.js';
import { createBackend } from '../../../src/engine/backend/registry.js';
import { KERNEL_NAMES, type Backend, type KernelTable } from '../../../src/engine/backend/types.js';
import { cases } from './conformance-cases.js';
import '../../../src/engine/backend/gpu/register.js';

function assertClose(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= 1e-5 + 1e-4 * Math.abs(want[i]!))) assert.fail(`${what}[${i}]: got ${got[i]}, reference ${want[i]}`);
  }
}

const backends: Backend[] = [];
for (const name of ['gpu.js-cpu', 'gpu.js-webasm']) {
  describe(`conformance: ${name} vs reference`, () => {
    const b = createBackend(name);
    backends.push(b);
    for (const kernel of KERNEL_NAMES) {
      test(kernel, () => {
        const want = cases[kernel](referenceKernels);
        const got = cases[kernel](b.kernels as KernelTable);
        want.forEach((w, i) => assertClose(got[i]!, w, `${name} ${kernel} output ${i}`));
      });
    }
    test('really ran on the requested gpu.js mode', () => {
      assert.equal(b.executed(), `gpu.js ${name.slice('gpu.js-'.length)}`);
    });
  });
}
after(() => backends.forEach((b) => b.dispose()));
