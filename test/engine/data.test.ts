/** Seeded batching: every example once per epoch, reproducible order, fixed shapes, and one-hot labels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher, oneHot } from '../../src/engine/data.js';
import { Rng } from '../../src/engine/random.js';
import { Tensor } from '../../src/engine/tensor.js';

const x = Tensor.from(Array.from({ length: 20 }, (_, i) => i), [10, 2]);
const y = Tensor.from(Array.from({ length: 10 }, (_, i) => i), [10, 1]);

test('an epoch visits every example once, in a seeded order that repeats with the seed', () => {
  const seen = (seed: number) => {
    const b = new Batcher(x, y, 5, new Rng(seed));
    const ids: number[] = [];
    for (let s = 0; s < 2; s++) {
      b.next();
      for (let r = 0; r < 5; r++) {
        assert.equal(b.x.data[r * 2], b.y.data[r]! * 2, 'inputs and targets stay paired');
        ids.push(b.y.data[r]!);
      }
    }
    assert.equal(b.epoch, 0);
    b.next();
    assert.equal(b.epoch, 1);
    return ids;
  };
  const a = seen(3);
  assert.deepEqual([...a].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(seen(3), a);
  assert.notDeepEqual(seen(4), a);
});

test('a short last batch is dropped so shapes never change; bad sizes are named', () => {
  const b = new Batcher(x, y, 4, new Rng(1));
  b.next();
  b.next();
  b.next();
  assert.equal(b.epoch, 1);
  assert.deepEqual(b.x.shape, [4, 2]);
  assert.throws(() => new Batcher(x, y, 11, new Rng(1)), /batch size must be between 1 and 10, got 11/);
  assert.throws(() => new Batcher(x, Tensor.zeros([9, 1]), 2, new Rng(1)), /differ in length/);
});

test('oneHot', () => {
  assert.deepEqual(oneHot([2, 0], 3).toArray(), [[0, 0, 1], [1, 0, 0]]);
  assert.throws(() => oneHot([3], 3), /label 3 at index 0 is not in \[0, 3\)/);
});
