/**
 * The playground's run without a page: it trains (loss falls) through the frame-budgeted loop, stops when asked,
 * keeps its weights when only the data or the learning rate change, resets to the seed's weights, and its grid,
 * losses and traced example agree with the model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySchema } from '../../../src/demos/options.js';
import { mlpSchema, type MlpConfig } from '../../../src/demos/mlp/config.js';
import { gridInputs, PlaygroundSession, pointsOf } from '../../../src/demos/mlp/session.js';

const cfg = (o: Record<string, unknown>): MlpConfig => applySchema(mlpSchema, o).config;

test('circle: 1500 steps bring the training loss from ~0.125 under 0.03, and stop() stops the loop', async () => {
  const s = await PlaygroundSession.create(cfg({ dataset: 'circle', learningRate: 0.03 }), [], 'reference');
  const before = s.losses().train;
  await new Promise<void>((resolve, reject) => s.start(() => undefined, 1500, (e) => (e ? reject(e) : resolve())));
  assert.equal(s.steps, 1500);
  const after = s.losses();
  assert.ok(before > 0.1 && after.train < 0.03, `train loss ${before} → ${after.train}`);
  assert.ok(after.test < before, `test loss ${after.test}`);
  s.start(() => undefined);
  assert.ok(s.running);
  await s.stop();
  assert.ok(!s.running);
  const at = s.steps;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(s.steps, at, 'no step after stop()');
});

test('data and learning-rate changes keep the weights; reset() restores the seed weights', async () => {
  const s = await PlaygroundSession.create(cfg({ dataset: 'xor', hidden: [3] }), [], 'reference');
  const w0 = s.model.save();
  await new Promise<void>((r) => s.start(() => undefined, 50, () => r()));
  const w1 = JSON.stringify(s.model.save());
  assert.notEqual(w1, JSON.stringify(w0));
  s.setLearningRate(0.3);
  s.config = { ...s.config, batchSize: 3 };
  s.setData();
  assert.equal(JSON.stringify(s.model.save()), w1);
  await s.reset();
  assert.deepEqual(s.model.save(), w0);
  assert.equal(s.steps, 0);
});

test('custom points: fewer than 10 all train; the grid and the trace agree with the model', async () => {
  const custom = [{ x: 0.5, y: 0.5, label: 1 as const }, { x: -0.5, y: -0.5, label: -1 as const }];
  const s = await PlaygroundSession.create(cfg({ dataset: 'custom', hidden: [2, 2] }), custom, 'reference');
  assert.equal(s.train.n, 2);
  assert.equal(s.test.n, 0);
  assert.ok(Number.isNaN(s.losses().test));
  const g = s.grid(5);
  assert.deepEqual(g.layers.map((l) => l.length), [2, 2, 1]);
  const probe = s.model.predict(gridInputs(5)).data;
  g.layers[2]![0]!.forEach((v, k) => assert.ok(Math.abs(v - probe[k]!) < 1e-6));
  const tr = s.traceExample(1)!;
  assert.deepEqual(tr.x, [-0.5, -0.5]);
  assert.equal(tr.t, 0);
  const o = tr.activations[3]![0]!;
  assert.ok(Math.abs(tr.deltas[2]![0]! - (o - 0) * o * (1 - o)) < 1e-7, 'δ_k = (o − t)·o(1 − o)');
  assert.equal(s.traceExample(2), undefined);
  assert.equal(pointsOf(cfg({ dataset: 'custom' }), []).train.n, 0);
});
