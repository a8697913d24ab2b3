import type { Activation } from '../engine.js';
import type { Param } from '../nn/layer.js';

/** Output treatment of the fused MLP step. */
export type FusedOutput = Activation | 'linear' | 'softmax';

/**
 * The MLP's forward + backward as one plain-JS function over the model's own weight and gradient arrays: the
 * reference backend's "best CPU path". At 2-8-8-1 sizes a training step is a few thousand multiply-adds, so the
 * ~25 kernel dispatches of the layered path cost as much as the arithmetic; here one call does everything,
 * example by example (the working set stays in L1), with buffers allocated once per batch size.
 * Gradients and δ are bit-for-bit the same quantities as the layered path's (a test compares them).
 */
export class FusedMlp {
  /**
   * Batches up to this many examples keep every example's o and δ (for `trace()`); larger batches reuse one
   * example's rows, which stay in L1 cache (at batch 500 the full buffers no longer fit and cost ~10 %).
   */
  static readonly TRACE_LIMIT = 64;
  /** Whether the last batch kept every example's o and δ. */
  kept = true;
  private n = -1;
  /** o[l]: activations of layer l for the batch ([N, sizes[l]]); o[0] is the input. */
  o: Float32Array[] = [];
  /** d[l]: dL/dz of dense layer l for the batch ([N, sizes[l+1]]), L being the batch-mean loss. */
  d: Float32Array[] = [];

  // Weight, bias and gradient arrays per layer, and activations as small integers: the hot loops compare numbers
  // and index arrays instead of chasing Param objects and comparing strings.
  private readonly W: Float32Array[];
  private readonly B: Float32Array[];
  private readonly GW: Float32Array[];
  private readonly GB: Float32Array[];
  private readonly hiddenCode: number;
  private readonly outputCode: number;

  /** Binds to the dense layers' parameters (`[w0, b0, w1, b1, …]`, w stored [in, out]). */
  constructor(
    readonly sizes: readonly number[],
    readonly hidden: Activation,
    readonly output: FusedOutput,
    params: readonly Param[],
  ) {
    const layers = sizes.length - 1;
    this.W = Array.from({ length: layers }, (_, l) => params[2 * l]!.value.data);
    this.B = Array.from({ length: layers }, (_, l) => params[2 * l + 1]!.value.data);
    this.GW = Array.from({ length: layers }, (_, l) => params[2 * l]!.grad.data);
    this.GB = Array.from({ length: layers }, (_, l) => params[2 * l + 1]!.grad.data);
    this.hiddenCode = CODES[hidden];
    this.outputCode = CODES[output];
  }

  private ensure(n: number): void {
    if (n === this.n) return;
    this.n = n;
    this.kept = n <= FusedMlp.TRACE_LIMIT;
    const rows = this.kept ? n : 1;
    this.o = this.sizes.map((s, l) => new Float32Array((l === 0 ? n : rows) * s));
    this.d = this.sizes.slice(1).map((s) => new Float32Array(rows * s));
  }

  /** Fills every gradient for inputs x[N·in] and targets t[N·out]; returns the batch-mean loss. */
  computeGradients(x: Float32Array, t: Float32Array, n: number): number {
    this.ensure(n);
    const { sizes, o, d, W: Ws, B: Bs, GW: GWs, GB: GBs, hiddenCode, outputCode } = this;
    const L = sizes.length - 1;
    for (let l = 0; l < L; l++) {
      GWs[l]!.fill(0);
      GBs[l]!.fill(0);
    }
    const keep = this.kept;
    if (keep) o[0]!.set(x);
    const inv = 1 / n;
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const rb = keep ? r : 0; // buffer row of this example
      // Forward, layer by layer, for example r.
      for (let l = 0; l < L; l++) {
        const nin = sizes[l]!, nout = sizes[l + 1]!;
        const W = Ws[l]!, B = Bs[l]!;
        const inp = l === 0 ? x : o[l]!, out = o[l + 1]!;
        const ib = (l === 0 ? r : rb) * nin, ob = rb * nout;
        const act = l < L - 1 ? hiddenCode : outputCode;
        // One register accumulator per unit (a dot product down column j of W): at these widths a store per
        // multiply-add, as in the row-broadcast order, costs more than the strided reads.
        for (let j = 0; j < nout; j++) {
          let z = B[j]!;
          for (let i = 0; i < nin; i++) z += inp[ib + i]! * W[i * nout + j]!;
          out[ob + j] = act === SIGMOID ? 1 / (1 + Math.exp(-z)) : act === TANH ? Math.tanh(z) : act === RELU ? (z > 0 ? z : 0) : z;
        }
      }
      // Output δ: (p − t)/N for softmax + cross-entropy; (o − t)·act'(o)/N for ½Σ(o − t)².
      const nk = sizes[L]!, ob = rb * nk, tb = r * nk, ok = o[L]!, dk = d[L - 1]!;
      if (outputCode === SOFTMAX) {
        let mx = -Infinity;
        for (let k = 0; k < nk; k++) if (ok[ob + k]! > mx) mx = ok[ob + k]!;
        let s = 0;
        for (let k = 0; k < nk; k++) s += Math.exp(ok[ob + k]! - mx);
        for (let k = 0; k < nk; k++) {
          const p = Math.exp(ok[ob + k]! - mx) / s;
          const tk = t[tb + k]!;
          if (tk !== 0) loss -= tk * Math.log(Math.max(p, 1e-30));
          dk[ob + k] = (p - tk) * inv;
        }
      } else {
        for (let k = 0; k < nk; k++) {
          const v = ok[ob + k]!;
          const diff = v - t[tb + k]!;
          loss += 0.5 * diff * diff;
          dk[ob + k] = diff * inv * derivative(outputCode, v);
        }
      }
      // Backward: ∂L/∂w_ij += o_i·δ_j, ∂L/∂b_j += δ_j, δ_i = act'(o_i)·Σ_j w_ij δ_j.
      for (let l = L - 1; l >= 0; l--) {
        const nin = sizes[l]!, nout = sizes[l + 1]!;
        const W = Ws[l]!, GW = GWs[l]!, GB = GBs[l]!;
        const inp = l === 0 ? x : o[l]!, dl = d[l]!;
        const ib = (l === 0 ? r : rb) * nin, db = rb * nout;
        for (let j = 0; j < nout; j++) GB[j]! += dl[db + j]!;
        const below = l > 0 ? d[l - 1]! : null;
        for (let i = 0; i < nin; i++) {
          const xi = inp[ib + i]!;
          const wr = i * nout;
          let s = 0;
          for (let j = 0; j < nout; j++) {
            const dj = dl[db + j]!;
            GW[wr + j]! += xi * dj;
            s += W[wr + j]! * dj;
          }
          if (below) below[ib + i] = s * derivative(hiddenCode, xi);
        }
      }
    }
    return loss * inv;
  }
}

const LINEAR = 0, SIGMOID = 1, TANH = 2, RELU = 3, SOFTMAX = 4;
const CODES: Record<FusedOutput, number> = { linear: LINEAR, sigmoid: SIGMOID, tanh: TANH, relu: RELU, softmax: SOFTMAX };

/** act'(z) written in terms of the output o = act(z) (o(1 − o) for sigmoid, the seed note's form). */
function derivative(act: number, o: number): number {
  if (act === SIGMOID) return o * (1 - o);
  if (act === TANH) return 1 - o * o;
  if (act === RELU) return o > 0 ? 1 : 0;
  return 1;
}
