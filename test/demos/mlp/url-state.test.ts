/** The playground's URL state: a shared hash restores the configuration, bad values are dropped, other parts kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySchema } from '../../../src/demos/options.js';
import { mlpSchema } from '../../../src/demos/mlp/config.js';
import { decodeState, encodeState, hashKey, readHash, writeHash } from '../../../src/demos/mlp/url-state.js';

const defaults = applySchema(mlpSchema, {}).config;

test('a configuration written to the hash reads back the same, custom points included', () => {
  const config = { ...defaults, dataset: 'custom', hidden: [8, 3, 2], activation: 'tanh', learningRate: 0.003, optimizer: 'momentum', batchSize: 25, noise: 0.35, trainRatio: 0.7, points: 250, seed: 42 };
  const custom = [{ x: 0.5, y: -0.25, label: 1 as const }, { x: -1, y: 1, label: -1 as const }];
  const hash = writeHash('#intro', hashKey(0), encodeState(config, custom));
  assert.match(hash, /^#intro&mlp=dataset:custom~hidden:8,3,2~/);
  const back = readHash(hash, 'mlp')!;
  assert.deepEqual({ ...defaults, ...back.config }, config);
  assert.deepEqual(back.custom, custom);
});

test("each demo has its own key and another demo's part survives a write", () => {
  assert.equal(hashKey(1), 'mlp-2');
  const one = writeHash('', 'mlp', encodeState({ ...defaults, dataset: 'xor' }, []));
  const two = writeHash(one, 'mlp-2', encodeState({ ...defaults, dataset: 'spiral' }, []));
  assert.equal(readHash(two, 'mlp')!.config.dataset, 'xor');
  assert.equal(readHash(two, 'mlp-2')!.config.dataset, 'spiral');
  assert.equal(readHash(writeHash(two, 'mlp', encodeState({ ...defaults, dataset: 'gauss' }, [])), 'mlp-2')!.config.dataset, 'spiral');
});

test('values a note could not set are dropped, the rest kept; no zero hidden layer list is lost', () => {
  const s = decodeState('dataset:moons~hidden:4,99~learningRate:abc~seed:7~activation:relu~pts:500,0,1_10,10,1_1,2,3');
  assert.deepEqual(s.config, { seed: 7, activation: 'relu' });
  assert.deepEqual(s.custom, [{ x: 0.1, y: 0.1, label: 1 }]);
  assert.deepEqual(decodeState(encodeState({ ...defaults, hidden: [] }, [])).config.hidden, []);
  assert.equal(readHash('#mlp=%E0%A4%A', 'mlp'), undefined, 'a malformed hash is ignored');
});
