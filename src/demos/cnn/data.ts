/**
 * What the CNN demo fetches when it starts: the compact MNIST split (train and test) and, when asked for, the
 * pre-trained weights; all emitted by the build with hashed names (`env.asset`). Decoding happens here, once, into
 * the float inputs and one-hot targets the net and the Worker take.
 */
import { decodeMnist, mnistPixelsToFloat, type MnistSet } from '../../engine/data/mnist-format.js';
import type { WeightsJson } from '../../engine/nn/serialize.js';
import type { DemoEnv } from '../types.js';
import { yieldToPage } from '../../engine/yield.js';

/** One side of the split, ready for the net: x [count·784] in 0..1, one-hot y [count·10], labels. */
export interface DigitSet {
  count: number;
  x: Float32Array;
  y: Float32Array;
  labels: Uint8Array;
}

/** What {@link loadDemoData} gives back, with the bytes it fetched (the page reports them). */
export interface DemoData {
  test: DigitSet;
  weights: WeightsJson | undefined;
  bytes: number;
}

function toDigits(set: MnistSet): DigitSet {
  const y = new Float32Array(set.count * 10);
  for (let i = 0; i < set.count; i++) y[i * 10 + set.labels[i]!] = 1;
  return { count: set.count, x: mnistPixelsToFloat(set), y, labels: set.labels };
}

async function fetchBytes(env: DemoEnv, name: 'mnist-train' | 'mnist-test' | 'cnn-weights'): Promise<ArrayBuffer> {
  const url = env.asset(name);
  if (!url) throw new Error(`the site was built without the ${name} file (the build's demo data)`);
  const r = await fetch(url);
  if (!r.ok) throw new Error(`could not load ${name}: HTTP ${r.status}`);
  return r.arrayBuffer();
}

/**
 * What the demo needs to show anything: the test digits (feature maps, test accuracy) and, when `withWeights`,
 * the pre-trained weights (drawing). ~250 KB; the training digits wait for {@link loadTrainSet}.
 */
export async function loadDemoData(env: DemoEnv, withWeights: boolean): Promise<DemoData> {
  const [test, weights] = await Promise.all([
    fetchBytes(env, 'mnist-test'),
    withWeights ? fetchBytes(env, 'cnn-weights') : Promise.resolve(undefined),
  ]);
  return {
    test: toDigits(decodeMnist(test)),
    weights: weights ? (JSON.parse(new TextDecoder().decode(weights)) as WeightsJson) : undefined,
    bytes: test.byteLength + (weights?.byteLength ?? 0),
  };
}

/** The training digits (~640 KB, decoded: one byte a pixel), fetched when training first starts. */
export async function loadTrainSet(env: DemoEnv): Promise<{ set: MnistSet; bytes: number }> {
  const bytes = await fetchBytes(env, 'mnist-train');
  return { set: decodeMnist(bytes), bytes: bytes.byteLength };
}

/**
 * The first `count` digits of `set` as the net takes them, made a slice of 1 000 digits at a time with a yield
 * between: the 5 000 training digits' 3.9 M floats in one go, or a copy of them, were the one task over 50 ms that
 * pressing Play made (scripts/bench/browser/demo-profile.ts --from-play). Each run hands fresh ones to the Worker.
 */
export async function digitsOf(set: MnistSet, count = set.count): Promise<DigitSet> {
  const size = set.rows * set.cols, x = new Float32Array(count * size);
  for (let start = 0; start < count; start += 1000) {
    const n = Math.min(1000, count - start);
    mnistPixelsToFloat(set, start, n, x.subarray(start * size, (start + n) * size));
    if (start + n < count) await yieldToPage();
  }
  const y = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) y[i * 10 + set.labels[i]!] = 1;
  return { count, x, y, labels: set.labels.subarray(0, count) };
}
