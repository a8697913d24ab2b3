/** The pre-trained weights the site ships for the CNN demo: they fit the demo's net and read the test digits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { convNetJsDemo } from '../../../src/engine/models/cnn.js';
import type { WeightsJson } from '../../../src/engine/nn/serialize.js';
import { accuracyOn, trainDemoWeights, weightsText, WEIGHTS_PATH } from '../../../scripts/data/train-cnn-weights.js';
import { demoMnist } from '../../../src/site/emit/demo-data.js';

const shipped = JSON.parse(readFileSync(WEIGHTS_PATH, 'utf8')) as WeightsJson;

test('the shipped weights fit the demo net and classify ≥ 95 % of the held-out test split', async () => {
  const net = convNetJsDemo(28);
  assert.deepEqual(shipped.config, net.config);
  assert.deepEqual(Object.keys(shipped.params), net.params().map((p) => p.name));
  for (const p of net.params()) assert.deepEqual(shipped.params[p.name]!.shape, [...p.value.shape], p.name);
  net.load(shipped);
  const { test: held } = await demoMnist();
  const accuracy = accuracyOn(net, held);
  console.log(`shipped weights: ${(accuracy * 100).toFixed(2)} % of ${held.count} test digits; ${readFileSync(WEIGHTS_PATH).length} bytes`);
  assert.ok(accuracy >= 0.95, `accuracy ${accuracy}`);
  // The file is what the script writes (6 significant digits): rounding it again changes nothing.
  assert.equal(`${weightsText(net)}\n`, readFileSync(WEIGHTS_PATH, 'utf8'));
  // Random weights are at chance: the accuracy is the training's, not the test's.
  assert.ok(accuracyOn(convNetJsDemo(28), held) < 0.3);
});

test('the weights script is deterministic: the same steps give the same weights', async () => {
  const a = await trainDemoWeights(30);
  const b = await trainDemoWeights(30);
  assert.deepEqual(a.net.save(), b.net.save());
});
