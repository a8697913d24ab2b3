/** The LSTM demo's data: seeded sine windows and one-hot text windows, and that the demo's model learns them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySchema } from '../../../src/demos/options.js';
import { lstmSchema, type LstmConfig } from '../../../src/demos/lstm/config.js';
import { dataFor, inspectShown, modelFor, predictedChars } from '../../../src/demos/lstm/model.js';
import { alphabetOf, cleanSine, sineData, textData } from '../../../src/demos/lstm/sequences.js';

const config = (o: Partial<LstmConfig> = {}): LstmConfig => ({ ...(applySchema(lstmSchema, {}).config as LstmConfig), ...o });

test('sine windows: y(t) = x(t + 1), the same for the same seed, noise of the asked size', () => {
  const a = sineData({ steps: 30, windows: 8, noise: 0.1, seed: 3 }), b = sineData({ steps: 30, windows: 8, noise: 0.1, seed: 3 });
  assert.deepEqual(a.x.data, b.x.data);
  assert.deepEqual(a.x.shape, [30, 8, 1]);
  for (let t = 0; t < 29; t++) for (let n = 0; n < 8; n++) assert.equal(a.y.data[t * 8 + n], a.x.data[(t + 1) * 8 + n]);
  assert.notDeepEqual(sineData({ steps: 30, windows: 8, noise: 0.1, seed: 4 }).x.data, a.x.data);
  // Window 0 is the shown sequence, from phase 0: residuals against the clean sine have sd ≈ noise.
  const res = Array.from({ length: 30 }, (_, k) => a.shown.data[k]! - cleanSine(k));
  const sd = Math.sqrt(res.reduce((s, v) => s + v * v, 0) / res.length);
  assert.ok(sd > 0.05 && sd < 0.16, `sd ${sd}`);
  const clean = sineData({ steps: 30, windows: 2, noise: 0, seed: 1 });
  clean.shown.data.forEach((v, k) => assert.ok(Math.abs(v - cleanSine(k)) < 1e-6));
});

test('text windows: one-hot over the sorted alphabet, the next character as target, wrapping at the end', () => {
  const d = textData({ text: 'abca', steps: 6, windows: 8 });
  assert.deepEqual(d.alphabet, ['a', 'b', 'c']);
  assert.deepEqual(d.x.shape, [6, 4, 3]); // at most one window per character
  const decode = (data: Float32Array, t: number, n: number) => d.alphabet[data.subarray((t * 4 + n) * 3, (t * 4 + n + 1) * 3).indexOf(1)];
  assert.equal([0, 1, 2, 3, 4, 5].map((t) => decode(d.x.data, t, 0)).join(''), 'abcaab');
  assert.equal([0, 1, 2, 3, 4, 5].map((t) => decode(d.y.data, t, 0)).join(''), 'bcaabc');
  assert.equal([0, 1, 2].map((t) => decode(d.x.data, t, 1)).join(''), 'bca');
  assert.deepEqual(d.shownTargets.map((k) => d.alphabet[k]).join(''), 'bcaabc');
  assert.deepEqual(alphabetOf('汉字 汉'), [' ', '字', '汉']);
  assert.throws(() => textData({ text: 'aaaa', steps: 4, windows: 2 }), /two different characters/);
});

test('the demo model learns the noisy sine and continues it near the clean curve', () => {
  const cfg = config();
  const data = dataFor(cfg), m = modelFor(cfg, data);
  let loss = Infinity;
  for (let i = 0; i < 600 && loss > 0.01; i++) loss = m.trainBatch(data.x, data.y);
  assert.ok(loss < 0.01, `loss ${loss}`);
  const r = inspectShown(m, cfg, data);
  assert.equal(r.steps, 60);
  let err = 0;
  for (let t = 30; t < 40; t++) err = Math.max(err, Math.abs(r.y[t]! - cleanSine(t + 1)));
  assert.ok(err < 0.35, `continuation off the sine by ${err}`);
});

test('the demo model learns the text and its greedy continuation repeats it', () => {
  const cfg = config({ sequence: 'text', text: 'hello world ', learningRate: 0.03 });
  const data = dataFor(cfg);
  assert.equal(data.kind, 'text');
  const m = modelFor(cfg, data);
  let loss = Infinity;
  for (let i = 0; i < 600 && loss > 0.1; i++) loss = m.trainBatch(data.x, data.y);
  assert.ok(loss < 0.1, `loss ${loss}`);
  const r = inspectShown(m, cfg, data);
  const chars = predictedChars(r, data.kind === 'text' ? data.alphabet : []);
  // After the 30 shown characters "hello world hello world hello " it goes on with the text.
  assert.equal(chars.slice(29, 41).join(''), 'world hello ');
});
