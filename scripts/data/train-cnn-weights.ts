/**
 * `npm run data:weights`: trains the CNN demo's net (ConvNetJS's MNIST net on 28×28, `convNetJsDemo(28)`) on the
 * demo's training split, exactly as the page receives it (compact 4-bit pixels), with fixed seeds on the reference
 * backend, and writes `src/demos/cnn/weights.json`: the pre-trained weights the site ships so a reader can draw a
 * digit before training in the page has got anywhere. Deterministic: the same command writes the same bytes.
 *
 * Options: `--steps N` (default 3000 steps of 20 digits, 12 epochs of the 5 000), `--out FILE`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Batcher, convNetJsDemo, Momentum, oneHot, Rng, Tensor, type CNN } from '../../src/engine/index.js';
import { mnistPixelsToFloat, type MnistSet } from '../../src/engine/data/mnist-format.js';
import { demoMnist } from '../../src/site/emit/demo-data.js';

/** Where the shipped weights live (a product file, committed). */
export const WEIGHTS_PATH = fileURLToPath(new URL('../../src/demos/cnn/weights.json', import.meta.url));

/** The training run's settings: the demo's defaults (momentum 0.9, lr 0.01, batch 20, seed 1). */
export const WEIGHTS_TRAINING = { steps: 3000, batchSize: 20, lr: 0.01, mu: 0.9, seed: 1 } as const;

/** Held-out accuracy of `net` on `set`, 100 digits at a time. */
export function accuracyOn(net: CNN, set: MnistSet): number {
  const x = mnistPixelsToFloat(set);
  let right = 0;
  for (let i = 0; i < set.count; i += 100) {
    const n = Math.min(100, set.count - i);
    right += n * net.accuracy(new Tensor(x.subarray(i * 784, (i + n) * 784), [n, 1, 28, 28]), set.labels.subarray(i, i + n));
  }
  return right / set.count;
}

/**
 * The weights as the site ships them: 6 significant digits per value (a relative change below 10⁻⁵, which moves no
 * prediction of the test split) instead of the 9 that round-trip a float32: 123 KB → ~75 KB for the reader.
 */
export function weightsText(net: CNN): string {
  return JSON.stringify(net.save(), (_key, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v));
}

/** Trains the demo net on the demo split; returns it and its held-out accuracy. */
export async function trainDemoWeights(steps: number = WEIGHTS_TRAINING.steps): Promise<{ net: CNN; accuracy: number; ms: number }> {
  const { train, test } = await demoMnist();
  const { batchSize, lr, mu, seed } = WEIGHTS_TRAINING;
  const net = convNetJsDemo(28, { seed, backend: 'reference', optimizer: new Momentum(lr, mu) });
  const data = new Batcher(new Tensor(mnistPixelsToFloat(train), [train.count, 1, 28, 28]), oneHot(train.labels, 10), batchSize, new Rng(seed));
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) net.trainBatch(data.next().x, data.y);
  return { net, accuracy: accuracyOn(net, test), ms: performance.now() - t0 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  let steps: number = WEIGHTS_TRAINING.steps;
  let out = WEIGHTS_PATH;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--steps') steps = Number(args[++i]);
    else if (args[i] === '--out') out = resolve(args[++i] ?? '');
    else throw new Error(`unknown option ${args[i]}; use --steps N --out FILE`);
  }
  if (!Number.isInteger(steps) || steps <= 0) throw new Error('--steps needs a positive whole number');
  const { net, accuracy, ms } = await trainDemoWeights(steps);
  const json = `${weightsText(net)}\n`;
  writeFileSync(out, json);
  console.log(`trained ${steps} steps of ${WEIGHTS_TRAINING.batchSize} in ${(ms / 1000).toFixed(1)} s; test accuracy ${(accuracy * 100).toFixed(2)} %; wrote ${out} (${json.length} bytes)`);
}
