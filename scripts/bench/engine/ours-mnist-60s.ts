/**
 * `npx tsx scripts/bench/engine/ours-mnist-60s.ts [seconds] [lr]`: the CNN quality goal, "≥ 95 % accuracy
 * on held-out digits within 60 s of training". Trains ConvNetJS's demo net (28×28 variant, `convNetJsDemo(28)`)
 * on the packed MNIST training split with SGD + momentum 0.9, batch 20, seeded shuffles, on the engine's best CPU
 * path, and prints held-out accuracy every 10 s (evaluation time counts against the budget).
 */
import { Batcher, convNetJsDemo, Momentum, oneHot, Rng, Tensor } from '../../../src/engine/index.js';
import { mnistPixelsToFloat } from '../../../src/engine/data/mnist-format.js';
import { makeCnnWorkload } from './workloads.js';

const seconds = Number(process.argv[2] ?? 60);
const lr = Number(process.argv[3] ?? 0.01);
const w = makeCnnWorkload();
const trainX = new Tensor(mnistPixelsToFloat(w.train), [w.train.count, 1, 28, 28]);
const testX = new Tensor(mnistPixelsToFloat(w.test), [w.test.count, 1, 28, 28]);
const net = convNetJsDemo(28, { seed: 1, optimizer: new Momentum(lr, 0.9) });
const data = new Batcher(trainX, oneHot(w.train.labels, 10), 20, new Rng(1));

function heldOut(): number {
  let right = 0;
  for (let s = 0; s < w.test.count; s += 100) {
    const n = Math.min(100, w.test.count - s);
    right += n * net.accuracy(new Tensor(testX.data.subarray(s * 784, (s + n) * 784), [n, 1, 28, 28]), w.test.labels.subarray(s, s + n));
  }
  return right / w.test.count;
}

console.log(`training on ${w.train.count} digits, testing on ${w.test.count}; backend ${net.engine.report().executed}`);
const t0 = performance.now();
let seen = 0;
let checkpoint = 10;
while (performance.now() - t0 < seconds * 1000) {
  net.trainBatch(data.next().x, data.y);
  seen += 20;
  if ((performance.now() - t0) / 1000 >= checkpoint) {
    console.log(`${checkpoint} s: ${seen} examples, held-out accuracy ${(heldOut() * 100).toFixed(1)} %`);
    checkpoint += 10;
  }
}
console.log(`after ${seconds} s: ${seen} examples (${Math.round(seen / seconds)}/s incl. evaluations), held-out accuracy ${(heldOut() * 100).toFixed(2)} %`);
