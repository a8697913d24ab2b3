/**
 * A single-layer LSTM in plain Float32Array loops with full backpropagation through time and plain SGD
 * (gradients clipped to ±5, as brain.js does), predicting the next value of a sequence through a linear
 * read-out. It shows what the LSTM costs with no framework, next to brain.js, and doubles as a reference the
 * engine's LSTM can be compared with.
 */
import { mulberry32 } from '../../data/rng.js';
import type { Contestant, LstmWorkload } from './types.js';

const CLIP = 5;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** LSTM parameters and their gradients. Gate rows are ordered input, forget, output, candidate (4·H rows). */
export class PlainLstm {
  readonly I: number;
  readonly H: number;
  readonly O: number;
  /** 4H × I */ readonly Wx: Float32Array;
  /** 4H × H */ readonly Wh: Float32Array;
  /** 4H */ readonly b: Float32Array;
  /** O × H */ readonly Wy: Float32Array;
  /** O */ readonly by: Float32Array;
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
  // Per-timestep activations, sized for the longest sequence seen.
  private cap = 0;
  private gates = new Float32Array(0); // T × 4H (post-activation)
  private cells = new Float32Array(0); // (T+1) × H, row 0 = initial state
  private hiddens = new Float32Array(0); // (T+1) × H
  private tanhC = new Float32Array(0); // T × H
  private outs = new Float32Array(0); // T × O
  private readonly dz: Float32Array;
  private readonly dhNext: Float32Array;
  private readonly dcNext: Float32Array;

  constructor(inputSize: number, hiddenSize: number, outputSize: number, seed: number) {
    this.I = inputSize;
    this.H = hiddenSize;
    this.O = outputSize;
    const random = mulberry32(seed);
    const init = (n: number) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * 0.08);
    this.Wx = init(4 * hiddenSize * inputSize);
    this.Wh = init(4 * hiddenSize * hiddenSize);
    this.b = new Float32Array(4 * hiddenSize);
    this.Wy = init(outputSize * hiddenSize);
    this.by = new Float32Array(outputSize);
    this.params = [this.Wx, this.Wh, this.b, this.Wy, this.by];
    this.grads = this.params.map((p) => new Float32Array(p.length));
    this.dz = new Float32Array(4 * hiddenSize);
    this.dhNext = new Float32Array(hiddenSize);
    this.dcNext = new Float32Array(hiddenSize);
  }

  private ensure(T: number): void {
    if (T <= this.cap) return;
    const { H, O } = this;
    this.cap = T;
    this.gates = new Float32Array(T * 4 * H);
    this.cells = new Float32Array((T + 1) * H);
    this.hiddens = new Float32Array((T + 1) * H);
    this.tanhC = new Float32Array(T * H);
    this.outs = new Float32Array(T * O);
  }

  /**
   * Run `T` steps over `xs` (T × I) from a zero state; outputs land in the returned view (T × O).
   */
  forward(xs: Float32Array, T: number): Float32Array {
    this.ensure(T);
    const { I, H, O, Wx, Wh, b, Wy, by, gates, cells, hiddens, tanhC, outs } = this;
    cells.fill(0, 0, H);
    hiddens.fill(0, 0, H);
    for (let t = 0; t < T; t++) {
      const g0 = t * 4 * H;
      const hPrev = t * H;
      const hNow = (t + 1) * H;
      for (let r = 0; r < 4 * H; r++) {
        let z = b[r]!;
        for (let k = 0; k < I; k++) z += Wx[r * I + k]! * xs[t * I + k]!;
        for (let k = 0; k < H; k++) z += Wh[r * H + k]! * hiddens[hPrev + k]!;
        gates[g0 + r] = r < 3 * H ? sigmoid(z) : Math.tanh(z);
      }
      for (let j = 0; j < H; j++) {
        const c = gates[g0 + H + j]! * cells[hPrev + j]! + gates[g0 + j]! * gates[g0 + 3 * H + j]!;
        cells[hNow + j] = c;
        const tc = Math.tanh(c);
        tanhC[t * H + j] = tc;
        hiddens[hNow + j] = gates[g0 + 2 * H + j]! * tc;
      }
      for (let o = 0; o < O; o++) {
        let y = by[o]!;
        for (let j = 0; j < H; j++) y += Wy[o * H + j]! * hiddens[hNow + j]!;
        outs[t * O + o] = y;
      }
    }
    return outs.subarray(0, T * O);
  }

  /**
   * Gradient of ½Σ_t Σ_o (y_t − target_t)² over a forwarded run of `T` steps, into `grads` (overwritten).
   * Returns the loss.
   */
  backward(xs: Float32Array, targets: Float32Array, T: number): number {
    const { I, H, O, Wh, Wy, gates, cells, hiddens, tanhC, outs, dz, dhNext, dcNext } = this;
    const [gWx, gWh, gb, gWy, gby] = this.grads as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    for (const g of this.grads) g.fill(0);
    dhNext.fill(0);
    dcNext.fill(0);
    let loss = 0;
    for (let t = T - 1; t >= 0; t--) {
      const g0 = t * 4 * H;
      const hPrev = t * H;
      const hNow = (t + 1) * H;
      for (let o = 0; o < O; o++) {
        const dy = outs[t * O + o]! - targets[t * O + o]!;
        loss += 0.5 * dy * dy;
        gby[o] = gby[o]! + dy;
        for (let j = 0; j < H; j++) {
          gWy[o * H + j] = gWy[o * H + j]! + dy * hiddens[hNow + j]!;
          dhNext[j] = dhNext[j]! + Wy[o * H + j]! * dy;
        }
      }
      for (let j = 0; j < H; j++) {
        const i = gates[g0 + j]!;
        const f = gates[g0 + H + j]!;
        const o = gates[g0 + 2 * H + j]!;
        const g = gates[g0 + 3 * H + j]!;
        const tc = tanhC[t * H + j]!;
        const dh = dhNext[j]!;
        const dc = dh * o * (1 - tc * tc) + dcNext[j]!;
        dz[j] = dc * g * i * (1 - i);
        dz[H + j] = dc * cells[hPrev + j]! * f * (1 - f);
        dz[2 * H + j] = dh * tc * o * (1 - o);
        dz[3 * H + j] = dc * i * (1 - g * g);
        dcNext[j] = dc * f;
      }
      dhNext.fill(0);
      for (let r = 0; r < 4 * H; r++) {
        const d = dz[r]!;
        gb[r] = gb[r]! + d;
        for (let k = 0; k < I; k++) gWx[r * I + k] = gWx[r * I + k]! + d * xs[t * I + k]!;
        for (let k = 0; k < H; k++) {
          gWh[r * H + k] = gWh[r * H + k]! + d * hiddens[hPrev + k]!;
          dhNext[k] = dhNext[k]! + Wh[r * H + k]! * d;
        }
      }
    }
    return loss;
  }

  /** One SGD step on one sequence (`seq` has L·I values; predicts steps 1..L−1 from 0..L−2). Returns the loss. */
  trainSequence(seq: Float32Array, L: number, learningRate: number): number {
    const T = L - 1;
    const xs = seq.subarray(0, T * this.I);
    const targets = seq.subarray(this.I, L * this.I);
    this.forward(xs, T);
    const loss = this.backward(xs, targets, T);
    this.params.forEach((p, n) => {
      const g = this.grads[n]!;
      for (let k = 0; k < p.length; k++) {
        const gk = g[k]!;
        p[k] = p[k]! - learningRate * (gk > CLIP ? CLIP : gk < -CLIP ? -CLIP : gk);
      }
    });
    return loss;
  }
}

/** Mean squared next-step error of `predict` (which maps a sequence to its T one-step predictions). */
export function nextStepMse(w: LstmWorkload, predict: (seq: Float32Array) => ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (const seq of w.sequences) {
    const out = predict(seq);
    for (let t = 0; t + 1 < w.seqLength; t++) {
      const d = out[t]! - seq[t + 1]!;
      sum += d * d;
      n++;
    }
  }
  return sum / n;
}

/** The plain-loops LSTM contestant. */
export function createContestants(w: LstmWorkload): Contestant[] {
  if (w.inputSize !== w.outputSize) throw new RangeError('next-step prediction needs inputSize === outputSize');
  let net: PlainLstm | undefined;
  let cursor = 0;
  return [
    {
      name: 'plain Float32Array loops',
      backend: 'js',
      async setup() {
        net = new PlainLstm(w.inputSize, w.hiddenSize, w.outputSize, w.seed);
        cursor = 0;
      },
      async trainSteps(n) {
        const m = net!;
        for (let s = 0; s < n; s++) {
          m.trainSequence(w.sequences[cursor]!, w.seqLength, w.learningRate);
          cursor = (cursor + 1) % w.sequences.length;
        }
        return n * (w.seqLength - 1);
      },
      async evaluate() {
        const m = net!;
        return nextStepMse(w, (seq) => m.forward(seq, w.seqLength - 1));
      },
    },
  ];
}
