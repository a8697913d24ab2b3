/**
 * `npx tsx scripts/data/compare-compact.ts [steps]`: what the compact MNIST format's choices cost. Prints the bytes
 * of the demo split in version 1 (raw), version 2 with 8-bit pixels (lossless, zero runs) and with 4-bit pixels,
 * and the held-out accuracy of the demo net trained (same seed, same steps) on 8-bit and on 4-bit pixels, tested on
 * the original and on the 4-bit test digits, so the loss of precision is measured, not guessed.
 */
import { Batcher, convNetJsDemo, Momentum, oneHot, Rng, Tensor } from '../../src/engine/index.js';
import { decodeMnist, encodeMnist, encodeMnistCompact, mnistPixelsToFloat, type CompactBits, type MnistSet } from '../../src/engine/data/mnist-format.js';
import { DEMO_SPLIT } from './mnist-split.js';
import { loadMnistPackage, splitMnist } from './pack-mnist.js';

const steps = Number(process.argv[2] ?? 1500);
const { train, test } = splitMnist(loadMnistPackage(), DEMO_SPLIT);
const roundTrip = (s: MnistSet, bits: CompactBits): MnistSet => decodeMnist(encodeMnistCompact(s, bits));
for (const [name, s] of [['train', train], ['test', test]] as const) {
  console.log(`${name} ${s.count} digits: v1 ${encodeMnist(s).length} B, v2 8-bit ${encodeMnistCompact(s, 8).length} B, v2 4-bit ${encodeMnistCompact(s, 4).length} B`);
}

function accuracy(net: ReturnType<typeof convNetJsDemo>, s: MnistSet): number {
  const x = mnistPixelsToFloat(s);
  let right = 0;
  for (let i = 0; i < s.count; i += 100) {
    const n = Math.min(100, s.count - i);
    right += n * net.accuracy(new Tensor(x.subarray(i * 784, (i + n) * 784), [n, 1, 28, 28]), s.labels.subarray(i, i + n));
  }
  return right / s.count;
}

for (const bits of [8, 4] as const) {
  const t = roundTrip(train, bits);
  const net = convNetJsDemo(28, { seed: 1, optimizer: new Momentum(0.01, 0.9) });
  const data = new Batcher(new Tensor(mnistPixelsToFloat(t), [t.count, 1, 28, 28]), oneHot(t.labels, 10), 20, new Rng(1));
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) net.trainBatch(data.next().x, data.y);
  const ms = performance.now() - t0;
  console.log(`trained on ${bits}-bit pixels, ${steps} steps of 20 (${(ms / 1000).toFixed(1)} s): test accuracy ${(accuracy(net, test) * 100).toFixed(2)} % on original digits, ${(accuracy(net, roundTrip(test, 4)) * 100).toFixed(2)} % on 4-bit digits`);
}
