/** selectBackend's per-device cache (Node, a Map-backed store): hits build without timing; misses measure and store. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choiceKey, type ChoiceStore } from '../../src/engine/device.js';
import { createMLP, type MLP } from '../../src/engine/models/mlp.js';
import { selectBackend } from '../../src/engine/select.js';
import { Tensor } from '../../src/engine/tensor.js';
import type { Engine } from '../../src/engine/engine.js';
import '../../src/engine/backend/gpu/register.js';

const x = Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
const y = Tensor.from([0, 1, 1, 0], [4, 1]);
const build = (engine: Engine): MLP => createMLP({ sizes: [2, 8, 8, 1] }, { backend: engine, seed: 1 });

function counting() {
  const counts = { steps: 0 };
  return { counts, step: (m: MLP) => (counts.steps++, m.trainBatch(x, y)) };
}
const mapStore = (): ChoiceStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
};
const candidates = ['gpu.js-cpu', 'reference'];

test('a stored pick is built without a timed step; a miss measures and stores under renderer and workload', async () => {
  const store = mapStore();
  const cache = { store, workload: 'xor 2-8-8-1', renderer: 'Test GPU' };
  const a = counting();
  const first = await selectBackend({ build, step: a.step, candidates, cache });
  assert.equal(first.fromCache, false);
  assert.ok(a.counts.steps > 0);
  assert.equal(store.map.get(choiceKey('xor 2-8-8-1', 'Test GPU')), first.backend);
  first.engine.dispose();

  const b = counting();
  const second = await selectBackend({ build, step: b.step, candidates, cache });
  assert.equal(second.fromCache, true);
  assert.equal(b.counts.steps, 0);
  assert.equal(second.backend, first.backend);
  assert.equal(second.engine.backend.name, first.backend);
  second.engine.dispose();

  // Another device (renderer) or workload has no pick yet.
  const c = counting();
  const other = await selectBackend({ build, step: c.step, candidates, cache: { ...cache, renderer: 'Other GPU' } });
  assert.equal(other.fromCache, false);
  assert.ok(c.counts.steps > 0);
  assert.equal(store.map.size, 2);
  other.engine.dispose();
});

test('a stored pick that is not a candidate or does not start is measured again; an override neither reads nor writes', async () => {
  const store = mapStore();
  const cache = { store, workload: 'xor', renderer: null };
  const key = choiceKey('xor', null);
  store.setItem(key, 'gpu.js-webgl2'); // a candidate that cannot start in Node
  const a = counting();
  const r = await selectBackend({ build, step: a.step, candidates: ['gpu.js-webgl2', ...candidates], cache });
  assert.equal(r.fromCache, false);
  assert.ok(a.counts.steps > 0);
  assert.equal(store.getItem(key), r.backend);
  r.engine.dispose();

  store.setItem(key, 'gpu.js-webasm'); // starts, but is not among the candidates
  const again = await selectBackend({ build, step: counting().step, candidates, cache });
  assert.equal(again.fromCache, false);
  assert.notEqual(again.backend, 'gpu.js-webasm');
  again.engine.dispose();

  const before = store.getItem(key);
  const o = await selectBackend({ build, step: counting().step, candidates, cache, override: 'gpu.js-webasm' });
  assert.equal(o.backend, 'gpu.js-webasm');
  assert.equal(o.fromCache, false);
  assert.equal(store.getItem(key), before);
  o.engine.dispose();
});

test('a store that throws (privacy mode, quota) only means measuring every time', async () => {
  const store: ChoiceStore = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
  const r = await selectBackend({ build, step: counting().step, candidates, cache: { store, workload: 'xor', renderer: null } });
  assert.equal(r.fromCache, false);
  r.engine.dispose();
});
