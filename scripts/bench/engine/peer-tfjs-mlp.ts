/**
 * Peer: TensorFlow.js on its `cpu` and `wasm` backends, the MLP written with variables and
 * `optimizer.minimize` (the leanest tfjs training path; the Layers API adds more per-call overhead). Weights
 * start from the same Glorot values as the plain-loops baseline, so both descend the same loss surface.
 */
import type * as TF from '@tensorflow/tfjs';
import { PlainMlp, binaryAccuracy } from './plain-mlp.js';
import { TF_BACKENDS, useTf } from './tfjs-env.js';
import type { Contestant, MlpWorkload } from './types.js';

function tfMlp(w: MlpWorkload, backend: 'cpu' | 'wasm'): Contestant {
  let tf: typeof TF | undefined;
  let vars: { W: TF.Variable; b: TF.Variable }[] = [];
  let opt: TF.Optimizer | undefined;
  const batches = new Map<number, { x: TF.Tensor2D; y: TF.Tensor2D }>();
  let cursor = 0;
  const forward = (x: TF.Tensor2D): TF.Tensor2D => {
    let h = x;
    for (const { W, b } of vars) h = tf!.sigmoid(tf!.add(tf!.matMul(h, W), b));
    return h;
  };
  const batchAt = (start: number) => {
    let got = batches.get(start);
    if (!got) {
      const xs = new Float32Array(w.batchSize * 2);
      const ys = new Float32Array(w.batchSize);
      for (let e = 0; e < w.batchSize; e++) {
        const i = (start + e) % w.count;
        xs[2 * e] = w.inputs[2 * i]!;
        xs[2 * e + 1] = w.inputs[2 * i + 1]!;
        ys[e] = w.targets[i]!;
      }
      got = { x: tf!.tensor2d(xs, [w.batchSize, 2]), y: tf!.tensor2d(ys, [w.batchSize, 1]) };
      batches.set(start, got);
    }
    return got;
  };
  return {
    name: 'TensorFlow.js',
    get backend() {
      return tf ? `tfjs-${tf.getBackend()}` : `tfjs-${backend}`;
    },
    async setup() {
      tf = await useTf(backend);
      const init = new PlainMlp(w.layers, w.seed);
      vars = init.weights.map((weights, l) => {
        const nIn = w.layers[l]!;
        const nOut = w.layers[l + 1]!;
        // PlainMlp stores W as out×in; tfjs multiplies x·W, so it wants in×out.
        const t = new Float32Array(nIn * nOut);
        for (let j = 0; j < nOut; j++) for (let i = 0; i < nIn; i++) t[i * nOut + j] = weights[j * nIn + i]!;
        return { W: tf!.variable(tf!.tensor2d(t, [nIn, nOut])), b: tf!.variable(tf!.zeros([nOut])) };
      });
      opt = tf.train.sgd(w.learningRate);
      cursor = 0;
    },
    async trainSteps(n) {
      const scale = 0.5 / w.batchSize;
      let cost: TF.Scalar | null = null;
      for (let s = 0; s < n; s++) {
        const { x, y } = batchAt(cursor);
        cursor = (cursor + w.batchSize) % w.count;
        cost?.dispose();
        cost = opt!.minimize(() => tf!.mul(tf!.sum(tf!.square(tf!.sub(forward(x), y))), scale) as TF.Scalar, true);
      }
      // Read back so asynchronous backends have really finished.
      if (cost) {
        await cost.data();
        cost.dispose();
      }
      return n * w.batchSize;
    },
    async evaluate() {
      const x = tf!.tensor2d(w.inputs, [w.count, 2]);
      const out = tf!.tidy(() => forward(x));
      const o = await out.data();
      x.dispose();
      out.dispose();
      let k = 0;
      return binaryAccuracy(() => o[k++]!, w);
    },
    dispose() {
      for (const { x, y } of batches.values()) {
        x.dispose();
        y.dispose();
      }
      batches.clear();
      for (const { W, b } of vars) {
        W.dispose();
        b.dispose();
      }
      opt?.dispose();
    },
  };
}

/** TF.js on each backend it can initialise in this process. */
export function createContestants(w: MlpWorkload): Contestant[] {
  return TF_BACKENDS.map((b) => tfMlp(w, b));
}
