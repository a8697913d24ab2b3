/**
 * The data and sizes every contestant of a workload shares. Built once per run and handed, unchanged, to each
 * contestant, so a table compares libraries and not inputs.
 */
import { mnistPixelsToFloat, type MnistSet } from '../../../src/engine/data/mnist-format.js';
import { loadOrPackMnist } from '../../data/pack-mnist.js';
import { mulberry32 } from '../../data/rng.js';
import type { CnnWorkload, LstmWorkload, MlpWorkload } from './types.js';

/** Seed used by every workload unless a test asks for another. */
export const BENCH_SEED = 42;

/**
 * Two interleaved spirals (the classic hard toy problem for a small MLP): `count` points, half per spiral, each
 * arm making 1.5 turns out from the centre, with a little seeded noise. Points are interleaved (spiral 0, 1, 0,
 * 1, …) so every mini-batch holds both classes. Coordinates lie within about [-1, 1].
 */
export function makeSpirals(count: number, seed = BENCH_SEED): { inputs: Float32Array; targets: Float32Array } {
  if (!Number.isInteger(count) || count < 2 || count % 2 !== 0) throw new RangeError(`count must be an even integer ≥ 2, got ${count}`);
  const random = mulberry32(seed);
  const inputs = new Float32Array(count * 2);
  const targets = new Float32Array(count);
  const perArm = count / 2;
  for (let i = 0; i < count; i++) {
    const arm = i % 2;
    const k = Math.floor(i / 2);
    const r = 0.1 + (0.85 * k) / perArm;
    const angle = (3 * Math.PI * k) / perArm + arm * Math.PI;
    const noise = () => (random() - 0.5) * 0.04;
    inputs[2 * i] = r * Math.cos(angle) + noise();
    inputs[2 * i + 1] = r * Math.sin(angle) + noise();
    targets[i] = arm;
  }
  return { inputs, targets };
}

/** The MLP workload: 2-8-8-1 sigmoid on 500 spiral points, SGD at the given batch size. */
export function makeMlpWorkload(batchSize: number, count = 500): MlpWorkload {
  const { inputs, targets } = makeSpirals(count);
  return { kind: 'mlp', seed: BENCH_SEED, learningRate: 0.5, layers: [2, 8, 8, 1], count, inputs, targets, batchSize };
}

/** The CNN workload on the packed, class-balanced MNIST split (packed on first use). */
export function makeCnnWorkload(sets: { train: MnistSet; test: MnistSet } = loadOrPackMnist()): CnnWorkload {
  return { kind: 'cnn', seed: BENCH_SEED, learningRate: 0.01, momentum: 0.9, batchSize: 20, train: sets.train, test: sets.test };
}

/**
 * The LSTM workload: brain.js `LSTMTimeStep`'s default size (1 → 20 → 1) learning 16 sine waves of different
 * phase and frequency, 20 timesteps each, scaled into [0.1, 0.9] — a sequence a reader can watch being learned.
 */
export function makeLstmWorkload(seqLength = 20, sequenceCount = 16): LstmWorkload {
  const random = mulberry32(BENCH_SEED);
  const sequences: Float32Array[] = [];
  for (let s = 0; s < sequenceCount; s++) {
    const phase = random() * 2 * Math.PI;
    const period = 8 + random() * 8;
    const seq = new Float32Array(seqLength);
    for (let t = 0; t < seqLength; t++) seq[t] = 0.5 + 0.4 * Math.sin((2 * Math.PI * t) / period + phase);
    sequences.push(seq);
  }
  return { kind: 'lstm', seed: BENCH_SEED, learningRate: 0.05, inputSize: 1, hiddenSize: 20, outputSize: 1, sequences, seqLength };
}

/** All pixels of a set as floats in [0, 1], one image after another (the layout every CNN adapter wants). */
export function mnistFloats(set: MnistSet): Float32Array {
  return mnistPixelsToFloat(set);
}
