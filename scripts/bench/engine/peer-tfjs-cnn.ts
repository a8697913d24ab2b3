/**
 * Peer: TensorFlow.js (`cpu` and `wasm` backends) running the same ConvNetJS MNIST demo net, NHWC, written with
 * variables and `optimizer.minimize` under momentum SGD. Weights use ConvNetJS's initialisation
 * (normal with std √(1/fan-in)), drawn from the seeded generator.
 */
import type * as TF from '@tensorflow/tfjs';
import { mulberry32 } from '../../data/rng.js';
import { TF_BACKENDS, useTf, type TfBackend } from './tfjs-env.js';
import type { CnnWorkload, Contestant } from './types.js';

/** `n` normal samples with standard deviation `std` (Box–Muller over the seeded generator). */
function gaussian(n: number, std: number, random: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - random();
    const v = random();
    out[i] = std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

function tfCnn(w: CnnWorkload, backend: TfBackend): Contestant {
  let tf: typeof TF | undefined;
  let params: TF.Variable[] = [];
  let opt: TF.Optimizer | undefined;
  let xs: TF.Tensor4D | undefined;
  let ys: TF.Tensor2D | undefined;
  let cursor = 0;
  const { rows, cols } = w.train;
  const logits = (x: TF.Tensor4D): TF.Tensor2D => {
    const [f1, b1, f2, b2, W, b] = params as [TF.Variable<TF.Rank.R4>, TF.Variable, TF.Variable<TF.Rank.R4>, TF.Variable, TF.Variable<TF.Rank.R2>, TF.Variable];
    const t = tf!;
    let h: TF.Tensor4D = t.relu(t.add(t.conv2d(x, f1, 1, 'same'), b1));
    h = t.maxPool(h, 2, 2, 'valid');
    h = t.relu(t.add(t.conv2d(h, f2, 1, 'same'), b2));
    h = t.maxPool(h, 3, 3, 'valid');
    const flat = t.reshape(h, [x.shape[0], -1]) as TF.Tensor2D;
    return t.add(t.matMul(flat, W), b);
  };
  const images = (set: CnnWorkload['train']) => {
    const f = new Float32Array(set.pixels.length);
    for (let i = 0; i < f.length; i++) f[i] = set.pixels[i]! / 255;
    return tf!.tensor4d(f, [set.count, rows, cols, 1]);
  };
  return {
    name: 'TensorFlow.js',
    get backend() {
      return tf ? `tfjs-${tf.getBackend()}` : `tfjs-${backend}`;
    },
    async setup() {
      tf = await useTf(backend);
      const random = mulberry32(w.seed);
      const pooled = Math.floor(Math.floor(rows / 2) / 3) * Math.floor(Math.floor(cols / 2) / 3) * 16;
      const v = (shape: number[], fanIn: number) => tf!.variable(tf!.tensor(gaussian(shape.reduce((a, b) => a * b, 1), Math.sqrt(1 / fanIn), random), shape));
      params = [
        v([5, 5, 1, 8], 25),
        tf.variable(tf.zeros([8])),
        v([5, 5, 8, 16], 200),
        tf.variable(tf.zeros([16])),
        v([pooled, 10], pooled),
        tf.variable(tf.zeros([10])),
      ];
      opt = tf.train.momentum(w.learningRate, w.momentum);
      xs = images(w.train);
      ys = tf.oneHot(tf.tensor1d(Array.from(w.train.labels), 'int32'), 10).toFloat() as TF.Tensor2D;
      cursor = 0;
    },
    async trainSteps(n) {
      const t = tf!;
      let cost: TF.Scalar | null = null;
      for (let s = 0; s < n; s++) {
        const start = cursor;
        const b = Math.min(w.batchSize, w.train.count - start);
        cursor = start + b === w.train.count ? 0 : start + b;
        cost?.dispose();
        cost = opt!.minimize(() => {
          const x = t.slice(xs!, [start, 0, 0, 0], [b, rows, cols, 1]);
          const y = t.slice(ys!, [start, 0], [b, 10]);
          return t.losses.softmaxCrossEntropy(y, logits(x)) as TF.Scalar;
        }, true);
      }
      if (cost) {
        await cost.data();
        cost.dispose();
      }
      return n * w.batchSize;
    },
    async evaluate() {
      const t = tf!;
      const x = images(w.test);
      let correct = 0;
      for (let start = 0; start < w.test.count; start += 250) {
        const b = Math.min(250, w.test.count - start);
        const pred = t.tidy(() => t.argMax(logits(t.slice(x, [start, 0, 0, 0], [b, rows, cols, 1])), 1));
        const p = await pred.data();
        pred.dispose();
        for (let i = 0; i < b; i++) if (p[i] === w.test.labels[start + i]) correct++;
      }
      x.dispose();
      return correct / w.test.count;
    },
    dispose() {
      for (const p of params) p.dispose();
      params = [];
      xs?.dispose();
      ys?.dispose();
      opt?.dispose();
    },
  };
}

/** TF.js on each backend it can initialise in this process. */
export function createContestants(w: CnnWorkload): Contestant[] {
  return TF_BACKENDS.map((b) => tfCnn(w, b));
}
