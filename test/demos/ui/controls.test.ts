/** The kit's pure parts: the speed readout's rounding and which backends it rules out without a page. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendMayStart, formatRate } from '../../../src/demos/ui/controls.js';

test('rates keep 2–3 significant figures with a thin space between thousands', () => {
  assert.equal(formatRate(631_234), '631\u202f000');
  assert.equal(formatRate(12_345), '12\u202f300');
  assert.equal(formatRate(456.7), '457');
  assert.equal(formatRate(45.67), '45.7');
  assert.equal(formatRate(9.384), '9.38');
  assert.equal(formatRate(0), '0');
  assert.equal(formatRate(Number.NaN), '0');
});

test('reference and gpu.js cpu may always start; webgpu needs navigator.gpu (Node has none); webasm and unknown names are not offered', () => {
  assert.deepEqual(backendMayStart('reference'), { ok: true });
  assert.deepEqual(backendMayStart('gpu.js-cpu'), { ok: true });
  assert.equal(backendMayStart('gpu.js-webasm').ok, false, 'the pages\' gpu.js has no webasm');
  assert.equal(backendMayStart('gpu.js-webgpu').ok, typeof navigator === 'object' && 'gpu' in navigator);
  if (!backendMayStart('gpu.js-webgpu').ok) assert.match(backendMayStart('gpu.js-webgpu').reason ?? '', /WebGPU/);
  assert.equal(backendMayStart('tfjs').ok, false);
});
