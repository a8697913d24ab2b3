/** Registry: priority order, fallback when a backend cannot start, and errors that name kernel and backend. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReferenceBackend } from '../../../src/engine/backend/cpu/index.js';
import { backendNames, createBackend, createBestBackend, registerBackend, registerKernel, unregisterBackend } from '../../../src/engine/backend/registry.js';
import type { Backend } from '../../../src/engine/backend/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { BackendError, KernelNotFoundError } from '../../../src/engine/errors.js';
import { Tensor } from '../../../src/engine/tensor.js';
import '../../../src/engine/backend/gpu/register.js';

test('built-in backends are registered, GPUs first', () => {
  const names = backendNames();
  for (const n of ['reference', 'gpu.js-cpu', 'gpu.js-webasm', 'gpu.js-webgl2', 'gpu.js-webgl', 'gpu.js-webgpu']) assert.ok(names.includes(n), n);
  assert.ok(names.indexOf('gpu.js-webgl2') < names.indexOf('gpu.js-webasm'));
});

test('createBestBackend falls back past backends that cannot start here, saying why', () => {
  const best = createBestBackend(['gpu.js-webgl2', 'gpu.js-webasm', 'reference']);
  // In Node there is no WebGL: webgl2 is skipped with a reason and the next by priority (reference) starts.
  assert.equal(best.backend.name, 'reference');
  assert.deepEqual(best.skipped.map((s) => s.name), ['gpu.js-webgl2']);
  assert.match(best.skipped[0]!.reason, /webgl2 is not available/);
  best.backend.dispose();
});

test('unknown backends and missing kernels get errors naming them', () => {
  assert.throws(() => createBackend('tpu'), (e: unknown) => e instanceof BackendError && /unknown backend 'tpu'; registered: /.test(e.message));
  const partial: Backend = { ...createReferenceBackend(), name: 'partial', kernels: { add: createReferenceBackend().kernels.add! } };
  assert.throws(() => new Engine(partial), (e: unknown) =>
    e instanceof KernelNotFoundError && e.message.startsWith("kernel 'matmul' is not registered for backend 'partial'"));
  const withFallback = new Engine(partial, { fallback: true });
  assert.ok(withFallback.report().fellBack.includes('matmul'));
  assert.ok(!withFallback.report().fellBack.includes('add'));
});

test('registerKernel overrides one kernel of a backend; a failing factory becomes a BackendError', () => {
  let calls = 0;
  const ref = createReferenceBackend();
  registerBackend('counting', () => ({ ...ref, name: 'counting' }), 1);
  registerKernel('counting', 'add', (a, b, out, n) => {
    calls++;
    ref.kernels.add!(a, b, out, n);
  });
  const e = new Engine('counting');
  const out = Tensor.zeros([2]);
  e.add(Tensor.from([1, 2], [2]), Tensor.from([3, 4], [2]), out);
  assert.deepEqual(Array.from(out.data), [4, 6]);
  assert.equal(calls, 1);
  registerBackend('broken', () => {
    throw new Error('no device');
  }, 1);
  assert.throws(() => createBackend('broken'), /backend 'broken' failed to start: Error: no device/);
  unregisterBackend('counting');
  unregisterBackend('broken');
});
