/** The asynchronous training loop: chunks, real yields, progress, stop, pause/step, learning-rate changes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convNetJsDemo } from '../../src/engine/models/cnn.js';
import { createLSTM } from '../../src/engine/models/lstm.js';
import { createMLP } from '../../src/engine/models/mlp.js';
import { Tensor } from '../../src/engine/tensor.js';
import { PauseGate, train, type TrainProgress } from '../../src/engine/train.js';
import { oneHot } from '../../src/engine/data.js';

const xor = { x: Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]), y: Tensor.from([0, 1, 1, 0], [4, 1]) };
const mlp = (lr = 0.1) => createMLP({ sizes: [2, 8, 1] }, { seed: 1, optimizer: { name: 'adam', lr } });

test('train() runs the steps in growing chunks, reports every N steps and the loss falls', async () => {
  const m = mlp();
  const seen: TrainProgress[] = [];
  const r = await train(m, { data: xor, steps: 2000, every: 100, onStep: (p) => seen.push(p) });
  assert.equal(r.steps, 2000);
  assert.equal(r.reason, 'steps');
  assert.equal(r.stopped, false);
  assert.deepEqual(seen.map((p) => p.step), Array.from({ length: 20 }, (_, i) => (i + 1) * 100));
  assert.ok(seen.at(-1)!.loss < seen[0]!.loss * 0.5, `${seen[0]!.loss} → ${seen.at(-1)!.loss}`);
  assert.ok(r.chunks > 1 && r.chunks < 2000, `chunks ${r.chunks}`);
  assert.ok(Math.max(...seen.map((p) => p.chunkSteps)) > 1, 'chunks grow past one step once the step time is known');
});

test('train() yields with a macrotask: a timer queued before it fires before it ends', async () => {
  let fired = false;
  setTimeout(() => (fired = true), 0);
  // budget 0 → one step per chunk, so there are many yields; the timer must get in before the loop ends.
  const r = await train(mlp(), { data: xor, steps: 50, budgetMs: 0, until: () => fired });
  assert.equal(fired, true);
  assert.equal(r.reason, 'until');
  assert.ok(r.steps < 50);
});

test('an AbortSignal stops train() between steps and it resolves with stopped: true', async () => {
  const ac = new AbortController();
  const r = await train(mlp(), { data: xor, signal: ac.signal, every: 5, onStep: (p) => p.step >= 40 && ac.abort() });
  assert.equal(r.stopped, true);
  assert.equal(r.reason, 'aborted');
  assert.equal(r.steps, 40);
  const again = await train(mlp(), { data: xor, steps: 10, signal: ac.signal });
  assert.equal(again.steps, 0);
  assert.equal(again.stopped, true);
});

test('train() without steps, until or signal is refused', async () => {
  await assert.rejects(train(mlp(), { data: xor }), /never ends/);
});

test('a paused loop waits, runs the steps it is given, reports, and resumes', async () => {
  const gate = new PauseGate();
  gate.pause();
  const seen: number[] = [];
  const done = train(mlp(), { data: xor, steps: 30, every: 100, gate, onStep: (p) => seen.push(p.step) });
  gate.step(3);
  await waitFor(() => seen.length === 1);
  assert.deepEqual(seen, [3]);
  gate.resume();
  const r = await done;
  assert.equal(r.steps, 30);
  assert.deepEqual(seen, [3, 30]);
});

test('setLearningRate between steps changes the next updates (0 freezes the weights)', async () => {
  const m = mlp();
  await train(m, { data: xor, steps: 20 });
  m.optimizer.setLearningRate(0);
  const before = JSON.stringify(m.save());
  await train(m, { data: xor, steps: 20 });
  assert.equal(JSON.stringify(m.save()), before);
  m.optimizer.setLearningRate(0.05);
  assert.equal(m.optimizer.lr, 0.05);
  await train(m, { data: xor, steps: 5 });
  assert.notEqual(JSON.stringify(m.save()), before);
  assert.throws(() => m.optimizer.setLearningRate(NaN), RangeError);
});

test('train() drives the CNN and the LSTM too', async () => {
  const cnn = convNetJsDemo(24, { seed: 1, optimizer: { name: 'adam', lr: 0.01 } });
  const n = 4;
  const px = new Float32Array(n * 24 * 24);
  for (let i = 0; i < n; i++) for (let r = 0; r < 24; r++) px[i * 576 + r * 24 + (i % 2 ? r : 12)] = 1;
  const c = await train(cnn, { data: { x: new Tensor(px, [n, 1, 24, 24]), y: oneHot([0, 1, 0, 1], 10) }, steps: 30, every: 10 });
  assert.equal(c.steps, 30);
  assert.ok(Number.isFinite(c.loss));
  const lstm = createLSTM({ inputs: 1, hidden: 8, outputs: 1 }, { seed: 1, optimizer: { name: 'adam', lr: 0.02 } });
  const T = 10;
  const xs = Tensor.from(Array.from({ length: T }, (_, t) => Math.sin(t / 2)), [T, 1, 1]);
  const ys = Tensor.from(Array.from({ length: T }, (_, t) => Math.sin((t + 1) / 2)), [T, 1, 1]);
  const losses: number[] = [];
  await train(lstm, { data: { x: xs, y: ys }, steps: 200, every: 50, onStep: (p) => losses.push(p.loss) });
  assert.ok(losses.at(-1)! < losses[0]!, losses.join(' → '));
});

/** Resolves once `cond` holds, checking after each macrotask. */
async function waitFor(cond: () => boolean, max = 10_000): Promise<void> {
  for (let i = 0; i < max && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'condition never held');
}
