/**
 * Peers of `npm run bench:browser`, in the page: TensorFlow.js (webgl, wasm, cpu) and ConvNetJS on the same three
 * workloads, with the same data arrays and the same layer sizes as danlu's models (built from danlu's own model
 * spec, so a change there changes the peers too). Equal work, stated per workload:
 *
 * - MLP 2-8-8-1, sigmoid hidden and output, squared error, batch 32, Adam lr 0.05 (TF.js). ConvNetJS has no Adam
 *   and no sigmoid output unit: momentum SGD, and a linear `regression` output (8 → 1) — one sigmoid less per
 *   example, noise at this size.
 * - CNN: danlu's `convNetJsDemo(28)` config, layer by layer: conv 5×5×8 with the *same padding as danlu* (0 on
 *   conv1, so 24×24×8), relu, pool 2, conv 5×5×16 pad 2, relu, pool 3, dense 256 → 10, softmax cross-entropy,
 *   momentum SGD 0.01/0.9, batch 20. ConvNetJS's own MNIST demo pads conv1 by 2 (28×28×8: 1.36× the arithmetic,
 *   issue 12); here both ConvNetJS and TF.js get danlu's padding, so the three do the same arithmetic.
 * - LSTM 1-20-1 (TF.js only; ConvNetJS has no recurrent layer): a hand-written cell, z = [x_t, h]·W + b with W
 *   21×80 in gate blocks i|f|o|g, c = σ(f)⊙c + σ(i)⊙tanh(g), h = σ(o)⊙tanh(c), a dense 20 → 1 head on every h_t, mean
 *   squared error over 16 sequences × 20 timesteps, full BPTT, Adam lr 0.01 — danlu's LSTMModel, op for op.
 *
 * Every peer trains as a demo would: steps in chunks of ≤ 8 ms with a macrotask yield between chunks (danlu's
 * `train()` budget), the loss read once per chunk (TF.js: `await loss.data()`, so the GPU has really finished).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import convnetjs from 'convnetjs';
import { CONVNETJS_MNIST_LAYERS } from '../engine/peer-convnetjs-cnn.js';
import { mulberry32 } from '../../data/rng.js';
import type { CNNConfig } from '../../../src/engine/models/cnn.js';
import type { DataSpec, ModelSpec } from '../../../src/engine/worker/protocol.js';
import { now, yieldToPage } from '../../../src/engine/yield.js';

/** The demo workloads. */
export type Workload = 'mlp' | 'cnn' | 'lstm';

/** A contestant the page times: set up, first step, then rounds of chunked training. */
export interface PagePeer {
  contestant: 'tfjs' | 'convnetjs';
  backend: string;
  /** Builds weights and data (untimed). */
  setup(): Promise<void>;
  /** One training step, awaited to completion (loss read back); returns the loss. */
  firstStep(): Promise<number>;
  /** Called before each of its rounds (TF.js: makes its backend the active one). */
  activate(): Promise<void>;
  /** Trains for about `ms` (at least one step) in ≤ 8 ms chunks with a yield between; returns steps and last loss. */
  round(ms: number): Promise<{ steps: number; loss: number }>;
  dispose(): void;
}

/** Chunked training loop shared by the peers: `step` issues one step, `read` awaits the last loss. */
async function chunked(ms: number, step: () => void, read: () => Promise<number>, budgetMs = 8): Promise<{ steps: number; loss: number }> {
  const t0 = now();
  let steps = 0;
  let loss = NaN;
  while (steps === 0 || now() - t0 < ms) {
    const c0 = now();
    do {
      step();
      steps++;
    } while (now() - c0 < budgetMs && now() - t0 < ms);
    loss = await read();
    await yieldToPage();
  }
  return { steps, loss };
}

/** `n` normal samples with standard deviation `std`, from the seeded generator (Box–Muller). */
function gaussian(n: number, std: number, random: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = std * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return out;
}

/** TF.js backends measured, in table order. */
export const TF_BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type TfBackend = (typeof TF_BACKENDS)[number];

let wasmPathSet = false;
/** Makes `backend` TF.js's active backend (its instance, programs and tensors are kept across switches). */
async function useTf(backend: TfBackend, wasmBase: string): Promise<void> {
  if (backend === 'wasm' && !wasmPathSet) {
    // Served by run.ts from node_modules/@tensorflow/tfjs-backend-wasm/dist/ (page.route). The page is not
    // cross-origin isolated (as on a static host), so TF.js loads the SIMD, single-threaded binary.
    setWasmPaths(wasmBase);
    wasmPathSet = true;
  }
  tf.env().set('PROD', true);
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend "${backend}" failed to initialise`);
  }
  await tf.ready();
}

/** What TF.js ran on, e.g. `webgl` or `wasm (simd)`. */
function tfBackendLabel(b: TfBackend): string {
  if (b !== 'wasm') return b;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT' as never) as unknown as boolean;
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT' as never) as unknown as boolean;
  return `wasm (${simd ? 'simd' : 'no simd'}${threads ? ', threads' : ''})`;
}

/** TF.js's optimizer for danlu's optimizer spec (same rule and settings). */
function tfOptimizer(spec: ModelSpec): tf.Optimizer {
  const o = spec.optimizer ?? { name: 'adam' as const, lr: 0.01 };
  if (o.name === 'sgd') return tf.train.sgd(o.lr ?? 0.01);
  if (o.name === 'momentum') return tf.train.momentum(o.lr ?? 0.01, o.mu ?? 0.9);
  return tf.train.adam(o.lr ?? 0.01, o.beta1, o.beta2, o.eps);
}

/** The TF.js peer of a workload on one backend. */
export function tfPeer(w: Workload, spec: ModelSpec, data: DataSpec, backend: TfBackend, wasmBase: string): PagePeer {
  let vars: tf.Variable[] = [];
  let opt: tf.Optimizer | undefined;
  let keep: tf.Tensor[] = [];
  let cost: tf.Scalar | null = null;
  let lossFn: (() => tf.Scalar) | undefined;
  let label: string = backend;
  const random = mulberry32(1);
  const v = (shape: number[], fanIn: number): tf.Variable => tf.variable(tf.tensor(gaussian(shape.reduce((a, b) => a * b, 1), Math.sqrt(1 / fanIn), random), shape));
  const zeros = (n: number): tf.Variable => tf.variable(tf.zeros([n]));
  const step = (): void => {
    cost?.dispose();
    cost = opt!.minimize(lossFn!, true) as tf.Scalar;
  };
  const read = async (): Promise<number> => (cost ? (await cost.data())[0]! : NaN);

  const setupMlp = (): void => {
    const sizes = 'config' in spec && spec.kind === 'mlp' ? spec.config.sizes : [2, 8, 8, 1];
    const layers: { W: tf.Variable; b: tf.Variable }[] = [];
    for (let l = 1; l < sizes.length; l++) layers.push({ W: v([sizes[l - 1]!, sizes[l]!], sizes[l - 1]!), b: zeros(sizes[l]!) });
    vars = layers.flatMap((l) => [l.W, l.b]);
    const n = data.x.shape[0]!;
    const bs = data.batchSize ?? n;
    // The batches of one epoch as resident tensors (the data never changes; danlu's Batcher copies rows per step).
    const batches: { x: tf.Tensor2D; y: tf.Tensor2D }[] = [];
    for (let s = 0; s + bs <= n; s += bs) {
      batches.push({ x: tf.tensor2d(data.x.data.subarray(s * sizes[0]!, (s + bs) * sizes[0]!), [bs, sizes[0]!]), y: tf.tensor2d(data.y.data.subarray(s, s + bs), [bs, 1]) });
    }
    keep = batches.flatMap((b) => [b.x, b.y]);
    let cursor = 0;
    opt = tfOptimizer(spec);
    lossFn = () => {
      const b = batches[cursor]!;
      cursor = (cursor + 1) % batches.length;
      let h: tf.Tensor2D = b.x;
      for (const { W, b: bias } of layers) h = tf.sigmoid(tf.add(tf.matMul(h, W), bias));
      return tf.mul(tf.sum(tf.square(tf.sub(h, b.y))), 0.5 / bs) as tf.Scalar;
    };
  };

  const setupCnn = (): void => {
    const cfg = cnnConfig(spec);
    const [c0, h0, w0] = cfg.input;
    const n = data.x.shape[0]!;
    const bs = data.batchSize ?? n;
    // NCHW with one channel is the same memory as NHWC with one channel.
    const xs = tf.tensor4d(data.x.data, [n, h0, w0, c0]);
    const ys = tf.tensor2d(data.y.data, [n, cfg.classes]);
    keep = [xs, ys];
    type L = { conv: { f: tf.Variable; b: tf.Variable; pad: number; stride: number; relu: boolean } } | { pool: { k: number; s: number } };
    const layers: L[] = [];
    let c = c0, h = h0, wd = w0;
    for (const l of cfg.layers) {
      if (l.type === 'conv') {
        const pad = l.padding ?? 0;
        const stride = l.stride ?? 1;
        layers.push({ conv: { f: v([l.kernel, l.kernel, c, l.filters], l.kernel * l.kernel * c), b: zeros(l.filters), pad, stride, relu: l.activation === 'relu' } });
        h = Math.floor((h - l.kernel + 2 * pad) / stride) + 1;
        wd = Math.floor((wd - l.kernel + 2 * pad) / stride) + 1;
        c = l.filters;
      } else if (l.type === 'pool') {
        const s = l.stride ?? l.kernel;
        layers.push({ pool: { k: l.kernel, s } });
        h = Math.floor((h - l.kernel) / s) + 1;
        wd = Math.floor((wd - l.kernel) / s) + 1;
      } else throw new Error('bench: the TF.js CNN peer supports conv and pool layers before the classifier only');
    }
    const flat = c * h * wd;
    const W = v([flat, cfg.classes], flat);
    const B = zeros(cfg.classes);
    vars = [...layers.flatMap((l) => ('conv' in l ? [l.conv.f, l.conv.b] : [])), W, B];
    opt = tfOptimizer(spec);
    let cursor = 0;
    lossFn = () => {
      const start = cursor;
      cursor = start + 2 * bs > n ? 0 : start + bs;
      let x: tf.Tensor4D = tf.slice(xs, [start, 0, 0, 0], [bs, h0, w0, c0]);
      for (const l of layers) {
        if ('conv' in l) {
          const z = tf.add(tf.conv2d(x, l.conv.f as tf.Variable<tf.Rank.R4>, l.conv.stride, l.conv.pad), l.conv.b) as tf.Tensor4D;
          x = l.conv.relu ? tf.relu(z) : z;
        } else x = tf.maxPool(x, l.pool.k, l.pool.s, 'valid');
      }
      const logits = tf.add(tf.matMul(tf.reshape(x, [bs, flat]) as tf.Tensor2D, W as tf.Variable<tf.Rank.R2>), B);
      return tf.losses.softmaxCrossEntropy(tf.slice(ys, [start, 0], [bs, cfg.classes]), logits) as tf.Scalar;
    };
  };

  const setupLstm = (): void => {
    const cfg = 'config' in spec && spec.kind === 'lstm' ? spec.config : { inputs: 1, hidden: 20, outputs: 1 };
    const [T, N] = data.x.shape as [number, number, number];
    const H = cfg.hidden, I = cfg.inputs, O = cfg.outputs;
    const W = v([I + H, 4 * H], I + H);
    const b = zeros(4 * H);
    const Wy = v([H, O], H);
    const by = zeros(O);
    vars = [W, b, Wy, by];
    const xs = tf.unstack(tf.tensor3d(data.x.data, [T, N, I])) as tf.Tensor2D[];
    const ys = tf.tensor2d(data.y.data, [T * N, O]);
    keep = [...xs, ys];
    opt = tfOptimizer(spec);
    lossFn = () => {
      let hState: tf.Tensor2D = tf.zeros([N, H]);
      let cState: tf.Tensor2D = tf.zeros([N, H]);
      const hs: tf.Tensor2D[] = [];
      for (let t = 0; t < T; t++) {
        const z = tf.add(tf.matMul(tf.concat([xs[t]!, hState], 1), W as tf.Variable<tf.Rank.R2>), b);
        const [i, f, o, g] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        cState = tf.add(tf.mul(tf.sigmoid(f), cState), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        hState = tf.mul(tf.sigmoid(o), tf.tanh(cState));
        hs.push(hState);
      }
      const out = tf.add(tf.matMul(tf.concat(hs, 0), Wy as tf.Variable<tf.Rank.R2>), by);
      return tf.mean(tf.square(tf.sub(out, ys))) as tf.Scalar;
    };
  };

  return {
    contestant: 'tfjs',
    get backend() {
      return label;
    },
    async setup() {
      await useTf(backend, wasmBase);
      label = tfBackendLabel(backend);
      if (w === 'mlp') setupMlp();
      else if (w === 'cnn') setupCnn();
      else setupLstm();
    },
    async firstStep() {
      await useTf(backend, wasmBase);
      step();
      return read();
    },
    activate: () => useTf(backend, wasmBase),
    round: (ms) => chunked(ms, step, read),
    dispose() {
      cost?.dispose();
      for (const t of [...vars, ...keep]) t.dispose();
      opt?.dispose();
      vars = [];
      keep = [];
    },
  };
}

/** danlu's CNN config from a model spec (the bench's CNN is `convNetJsDemo(28)`). */
function cnnConfig(spec: ModelSpec): CNNConfig {
  if (!('config' in spec) || spec.kind !== 'cnn') throw new Error('bench: CNN workload without a CNN config');
  return spec.config as CNNConfig;
}

/**
 * ConvNetJS layer definitions for danlu's CNN config: ConvNetJS's MNIST demo layers (scripts/bench/engine), with
 * each conv's padding and sizes taken from danlu's config, so conv1 is unpadded in both (equal work).
 */
export function convnetjsCnnLayers(cfg: CNNConfig): convnetjs.LayerDef[] {
  const [c, h, w] = cfg.input;
  const demoConvs = CONVNETJS_MNIST_LAYERS.filter((l) => l.type === 'conv');
  const out: convnetjs.LayerDef[] = [{ type: 'input', out_sx: w, out_sy: h, out_depth: c }];
  let conv = 0;
  for (const l of cfg.layers) {
    if (l.type === 'conv') {
      const demo = demoConvs[conv++];
      out.push({ ...demo, type: 'conv', sx: l.kernel, filters: l.filters, stride: l.stride ?? 1, pad: l.padding ?? 0, ...(l.activation ? { activation: l.activation as 'relu' } : {}) });
    } else if (l.type === 'pool') out.push({ type: 'pool', sx: l.kernel, stride: l.stride ?? l.kernel });
    else throw new Error('bench: the ConvNetJS CNN peer supports conv and pool layers before the classifier only');
  }
  out.push({ type: 'softmax', num_classes: cfg.classes });
  return out;
}

/** The ConvNetJS peer (plain JS, its only backend) of the MLP or the CNN. */
export function convnetjsPeer(w: 'mlp' | 'cnn', spec: ModelSpec, data: DataSpec): PagePeer {
  let trainer: convnetjs.Trainer | undefined;
  let vols: convnetjs.Vol[] = [];
  let targets: (number | number[])[] = [];
  let cursor = 0;
  let loss = NaN;
  const bs = data.batchSize ?? data.x.shape[0]!;
  const step = (): void => {
    // One batch: ConvNetJS's trainer accumulates `batch_size` examples and then updates.
    let sum = 0;
    for (let e = 0; e < bs; e++) {
      sum += trainer!.train(vols[cursor]!, targets[cursor]!).loss;
      cursor = cursor + 1 === vols.length ? 0 : cursor + 1;
    }
    loss = sum / bs;
  };
  return {
    contestant: 'convnetjs',
    backend: 'js',
    async setup() {
      const n = data.x.shape[0]!;
      const net = new convnetjs.Net();
      const random = Math.random;
      Math.random = mulberry32(1);
      try {
        if (w === 'cnn') {
          const cfg = cnnConfig(spec);
          net.makeLayers(convnetjsCnnLayers(cfg));
          const [c, h, wd] = cfg.input;
          const size = c * h * wd;
          vols = Array.from({ length: n }, (_, i) => {
            const vol = new convnetjs.Vol(wd, h, c, 0);
            for (let p = 0; p < size; p++) vol.w[p] = data.x.data[i * size + p]!;
            return vol;
          });
          targets = Array.from({ length: n }, (_, i) => {
            const row = data.y.data.subarray(i * cfg.classes, (i + 1) * cfg.classes);
            return row.indexOf(Math.max(...row));
          });
        } else {
          const sizes = 'config' in spec && spec.kind === 'mlp' ? spec.config.sizes : [2, 8, 8, 1];
          const defs: convnetjs.LayerDef[] = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: sizes[0]! }];
          for (let l = 1; l < sizes.length - 1; l++) defs.push({ type: 'fc', num_neurons: sizes[l]!, activation: 'sigmoid' });
          defs.push({ type: 'regression', num_neurons: sizes.at(-1)! });
          net.makeLayers(defs);
          const d = sizes[0]!;
          vols = Array.from({ length: n }, (_, i) => {
            const vol = new convnetjs.Vol(1, 1, d, 0);
            for (let p = 0; p < d; p++) vol.w[p] = data.x.data[i * d + p]!;
            return vol;
          });
          targets = Array.from({ length: n }, (_, i) => [data.y.data[i]!]);
        }
      } finally {
        Math.random = random;
      }
      // ConvNetJS has SGD with momentum but no Adam: the update rule differs for the MLP (≈100 weights, noise).
      const o = spec.optimizer;
      const mu = o?.name === 'momentum' ? (o.mu ?? 0.9) : o?.name === 'sgd' ? 0 : 0.9;
      trainer = new convnetjs.SGDTrainer(net, { method: 'sgd', learning_rate: o?.lr ?? 0.01, momentum: mu, batch_size: bs, l2_decay: 0 });
      cursor = 0;
    },
    async firstStep() {
      step();
      return loss;
    },
    activate: async () => {},
    round: (ms) => chunked(ms, step, async () => loss),
    dispose() {
      vols = [];
    },
  };
}
