/** Backend selection: measures real steps, keeps the fastest, honours an override and reports what ran. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMLP, type MLP } from '../../src/engine/models/mlp.js';
import { selectBackend } from '../../src/engine/select.js';
import { Tensor } from '../../src/engine/tensor.js';
import type { Engine } from '../../src/engine/engine.js';
import '../../src/engine/backend/gpu/register.js';

const x = Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
const y = Tensor.from([0, 1, 1, 0], [4, 1]);
const build = (engine: Engine): MLP => createMLP({ sizes: [2, 8, 8, 1] }, { backend: engine, seed: 1 });
const step = (m: MLP) => m.trainBatch(x, y);

test('selectBackend times every candidate, skips those that cannot start, and keeps the fastest', async () => {
  const choice = await selectBackend({ build, step, candidates: ['gpu.js-webgl2', 'gpu.js-cpu', 'reference'], dropSlowerThan: Infinity });
  const byName = Object.fromEntries(choice.timings.map((t) => [t.backend, t]));
  assert.equal(byName['gpu.js-webgl2']!.msPerStep, null);
  assert.match(byName['gpu.js-webgl2']!.note!, /not available/);
  const measured = choice.timings.filter((t) => t.msPerStep !== null);
  assert.equal(measured.length, 2);
  const fastest = measured.reduce((a, b) => (a.msPerStep! <= b.msPerStep! ? a : b));
  assert.equal(choice.backend, fastest.backend);
  assert.equal(choice.engine.backend.name, choice.backend);
  assert.ok(choice.executed.length > 0);
  assert.equal(choice.isGpu, false);
});

test('an override skips measuring and reports the backend that actually ran', async () => {
  const choice = await selectBackend({ build, step, override: 'gpu.js-webasm' });
  assert.equal(choice.backend, 'gpu.js-webasm');
  assert.equal(choice.executed, 'gpu.js webasm');
  choice.model.trainBatch(x, y);
  choice.engine.dispose();
});

test('selectBackend hands back a fresh model (the seed\'s weights, not the measured one) and yields with macrotasks', async () => {
  let yields = 0;
  let timerRan = false;
  setTimeout(() => (timerRan = true), 0);
  const choice = await selectBackend({
    build, step, candidates: ['gpu.js-cpu', 'reference'], warmupMs: 10, dropSlowerThan: Infinity,
    yieldFn: async () => {
      yields++;
      await new Promise((r) => setTimeout(r, 0));
    },
  });
  assert.deepEqual(choice.model.save().params, build(choice.engine).save().params);
  // 2 builds + ≥ 2 warm-up slices + 3 rounds × 2 candidates.
  assert.ok(yields >= 10, `${yields} yields`);
  assert.ok(timerRan);
});

test('a candidate far slower in the warm-up is dropped before the timed rounds', async () => {
  const choice = await selectBackend({ build, step, candidates: ['gpu.js-cpu', 'reference'], dropSlowerThan: 1.0001, warmupMs: 10 });
  const notes = choice.timings.filter((t) => t.note?.startsWith('dropped after warm-up'));
  assert.equal(notes.length, 1, JSON.stringify(choice.timings));
  assert.notEqual(notes[0]!.backend, choice.backend);
  choice.engine.dispose();
});
