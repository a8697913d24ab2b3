/** Save/load round trip: JSON text in, the same predictions out, and clear errors for mismatched files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convNetJsDemo } from '../../../src/engine/models/cnn.js';
import { createLSTM } from '../../../src/engine/models/lstm.js';
import { createMLP } from '../../../src/engine/models/mlp.js';
import { ShapeError } from '../../../src/engine/nn/shape.js';
import { randomTensor } from '../oracle.js';

test('MLP, CNN and LSTM weights survive JSON.stringify → JSON.parse bit-exactly', () => {
  const pairs = [
    [createMLP({ sizes: [3, 4, 2] }, { seed: 1 }), createMLP({ sizes: [3, 4, 2] }, { seed: 2 }), randomTensor([2, 3], 5)],
    [convNetJsDemo(24, { seed: 1 }), convNetJsDemo(24, { seed: 2 }), randomTensor([1, 1, 24, 24], 6)],
    [createLSTM({ inputs: 1, hidden: 4, outputs: 1 }, { seed: 1 }), createLSTM({ inputs: 1, hidden: 4, outputs: 1 }, { seed: 2 }), randomTensor([6, 2, 1], 7)],
  ] as const;
  for (const [a, b, x] of pairs) {
    const before = Array.from(a.forward(x).data);
    assert.notDeepEqual(Array.from(b.forward(x).data), before, 'different seeds differ');
    b.load(JSON.parse(JSON.stringify(a.save())));
    assert.deepEqual(Array.from(b.forward(x).data), before);
  }
});

test('loading into the wrong architecture names the parameter and both shapes', () => {
  const saved = createMLP({ sizes: [3, 4, 2] }).save();
  assert.throws(() => createMLP({ sizes: [3, 5, 2] }).load(saved), (e: unknown) =>
    e instanceof ShapeError && e.message === 'weights: dense1.w was saved as [3, 4] but the model has [3, 5]');
  assert.throws(() => createLSTM({ inputs: 1, hidden: 4, outputs: 1 }).load(saved), /saved for a mlp model, not a lstm/);
});
