/**
 * The baseline every MLP number is divided by: a fully-connected sigmoid network written as plain loops over
 * Float32Arrays, with the seed note's hand-derived backprop (δ_k = (o_k − t_k)·o_k(1 − o_k) at the output,
 * δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk below, ∂L/∂w_ij = δ_j·o_i) and mini-batch SGD on ½Σ(o − t)².
 * It is what "no framework at all" costs, so it sets the bar for per-call overhead at demo sizes.
 */
import { mulberry32 } from '../../data/rng.js';
import type { Contestant, MlpWorkload } from './types.js';

/** A sigmoid MLP in plain loops. Weights of layer l are `sizes[l+1] × sizes[l]`, row j = into unit j. */
export class PlainMlp {
  readonly sizes: readonly number[];
  /** weights[l][j·in + i] connects unit i of layer l to unit j of layer l+1. */
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
  /** Gradient accumulators, same shapes as weights/biases; hold the batch *mean* after {@link computeGradients}. */
  readonly gradW: Float32Array[];
  readonly gradB: Float32Array[];
  /** Activations of the last example run, layer 0 = input. */
  readonly outputs: Float32Array[];
  /** δ of the last example run, per non-input layer (index l+1 ↔ layer l+1). */
  readonly deltas: Float32Array[];

  constructor(sizes: readonly number[], seed: number) {
    if (sizes.length < 2) throw new RangeError('an MLP needs at least an input and an output layer');
    this.sizes = sizes;
    const random = mulberry32(seed);
    this.weights = [];
    this.biases = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      // Glorot-uniform: keeps sigmoid units out of saturation at the start.
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float32Array(fanIn * fanOut);
      for (let k = 0; k < w.length; k++) w[k] = (random() * 2 - 1) * limit;
      this.weights.push(w);
      this.biases.push(new Float32Array(fanOut));
    }
    this.gradW = this.weights.map((w) => new Float32Array(w.length));
    this.gradB = this.biases.map((b) => new Float32Array(b.length));
    this.outputs = sizes.map((n) => new Float32Array(n));
    this.deltas = sizes.map((n) => new Float32Array(n));
  }

  /** Forward one example (`inputs[offset .. offset+sizes[0])`); returns the output layer's activations. */
  forward(inputs: Float32Array, offset: number): Float32Array {
    const { sizes, weights, biases, outputs } = this;
    const first = outputs[0]!;
    for (let i = 0; i < sizes[0]!; i++) first[i] = inputs[offset + i]!;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inp = outputs[l]!;
      const out = outputs[l + 1]!;
      const w = weights[l]!;
      const b = biases[l]!;
      const nIn = sizes[l]!;
      const nOut = sizes[l + 1]!;
      for (let j = 0; j < nOut; j++) {
        let sum = b[j]!;
        const row = j * nIn;
        for (let i = 0; i < nIn; i++) sum += w[row + i]! * inp[i]!;
        out[j] = 1 / (1 + Math.exp(-sum));
      }
    }
    return outputs[sizes.length - 1]!;
  }

  /** Backward the example just forwarded against `targets[offset ..]`, adding its gradient to gradW/gradB. */
  private accumulate(targets: Float32Array, offset: number): number {
    const { sizes, weights, outputs, deltas, gradW, gradB } = this;
    const last = sizes.length - 1;
    const o = outputs[last]!;
    const dOut = deltas[last]!;
    let loss = 0;
    for (let k = 0; k < sizes[last]!; k++) {
      const diff = o[k]! - targets[offset + k]!;
      loss += 0.5 * diff * diff;
      dOut[k] = diff * o[k]! * (1 - o[k]!);
    }
    for (let l = last - 1; l >= 0; l--) {
      const nIn = sizes[l]!;
      const nOut = sizes[l + 1]!;
      const below = outputs[l]!;
      const dAbove = deltas[l + 1]!;
      const w = weights[l]!;
      const gw = gradW[l]!;
      const gb = gradB[l]!;
      for (let j = 0; j < nOut; j++) {
        const d = dAbove[j]!;
        gb[j] = gb[j]! + d;
        const row = j * nIn;
        for (let i = 0; i < nIn; i++) gw[row + i] = gw[row + i]! + d * below[i]!;
      }
      if (l > 0) {
        const dHere = deltas[l]!;
        for (let i = 0; i < nIn; i++) {
          let sum = 0;
          for (let j = 0; j < nOut; j++) sum += dAbove[j]! * w[j * nIn + i]!;
          dHere[i] = below[i]! * (1 - below[i]!) * sum;
        }
      }
    }
    return loss;
  }

  /**
   * Mean gradient of ½Σ(o − t)² over examples `[start, start + count)` (wrapping around `total`), left in
   * gradW/gradB. Returns the mean loss of those examples (before any update).
   */
  computeGradients(inputs: Float32Array, targets: Float32Array, total: number, start: number, count: number): number {
    for (const g of this.gradW) g.fill(0);
    for (const g of this.gradB) g.fill(0);
    const nIn = this.sizes[0]!;
    const nOut = this.sizes[this.sizes.length - 1]!;
    let loss = 0;
    for (let e = 0; e < count; e++) {
      const idx = (start + e) % total;
      this.forward(inputs, idx * nIn);
      loss += this.accumulate(targets, idx * nOut);
    }
    const scale = 1 / count;
    for (const g of this.gradW) for (let k = 0; k < g.length; k++) g[k] = g[k]! * scale;
    for (const g of this.gradB) for (let k = 0; k < g.length; k++) g[k] = g[k]! * scale;
    return loss * scale;
  }

  /** One SGD step on a mini-batch; returns its mean loss. */
  trainBatch(inputs: Float32Array, targets: Float32Array, total: number, start: number, count: number, learningRate: number): number {
    const loss = this.computeGradients(inputs, targets, total, start, count);
    for (let l = 0; l < this.weights.length; l++) {
      const w = this.weights[l]!;
      const gw = this.gradW[l]!;
      for (let k = 0; k < w.length; k++) w[k] = w[k]! - learningRate * gw[k]!;
      const b = this.biases[l]!;
      const gb = this.gradB[l]!;
      for (let k = 0; k < b.length; k++) b[k] = b[k]! - learningRate * gb[k]!;
    }
    return loss;
  }
}

/** Share of points whose single sigmoid output lands on the right side of 0.5. */
export function binaryAccuracy(predict: (x: number, y: number) => number, w: MlpWorkload): number {
  let correct = 0;
  for (let i = 0; i < w.count; i++) {
    const o = predict(w.inputs[2 * i]!, w.inputs[2 * i + 1]!);
    if ((o >= 0.5 ? 1 : 0) === w.targets[i]) correct++;
  }
  return correct / w.count;
}

/** The plain-loops contestant: the MLP table's ratio baseline. */
export function createContestants(w: MlpWorkload): Contestant[] {
  let net: PlainMlp | undefined;
  let cursor = 0;
  const xy = new Float32Array(2);
  return [
    {
      name: 'plain Float32Array loops',
      backend: 'js',
      async setup() {
        net = new PlainMlp(w.layers, w.seed);
        cursor = 0;
      },
      async trainSteps(n) {
        const m = net!;
        for (let s = 0; s < n; s++) {
          m.trainBatch(w.inputs, w.targets, w.count, cursor, w.batchSize, w.learningRate);
          cursor = (cursor + w.batchSize) % w.count;
        }
        return n * w.batchSize;
      },
      async evaluate() {
        const m = net!;
        return binaryAccuracy((x, y) => {
          xy[0] = x;
          xy[1] = y;
          return m.forward(xy, 0)[0]!;
        }, w);
      },
    },
  ];
}
