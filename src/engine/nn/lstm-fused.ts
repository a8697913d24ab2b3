import type { Param } from './layer.js';

/**
 * The LSTM sequence model's forward pass and backpropagation through time as one plain-JS function over the
 * model's own weight and gradient arrays: the reference backend's "best CPU path". A timestep at demo sizes is a
 * few thousand multiply-adds, so the ~20 kernel dispatches per step of the layered path dominated; here there are
 * none, and buffers are allocated once per (T, N). Same gates, same loss and the same gradients as
 * `LSTM` + `Dense` head + MSE (a test compares them).
 */
export class FusedLstm {
  private T = -1;
  private N = -1;
  private acts = new Float32Array(0); // [T, N, 4H] gate activations [i | f | o | g]
  private c = new Float32Array(0); // [T, N, H]
  private tc = new Float32Array(0); // [T, N, H] tanh(c)
  private h = new Float32Array(0); // [T, N, H]
  private y = new Float32Array(0); // [T, N, O]
  private dy = new Float32Array(0);
  private dhNext = new Float32Array(0); // [N, H]
  private dcNext = new Float32Array(0);
  private dz = new Float32Array(0); // [4H]
  private dh = new Float32Array(0); // [H]

  /**
   * Binds to `[wx, wh, b]` of the LSTM and `[w, b]` of the head. `softmax`: the head's outputs are logits of a
   * softmax trained with cross-entropy (a character model) instead of values trained with MSE.
   */
  constructor(
    readonly inputs: number,
    readonly hidden: number,
    readonly outputs: number,
    private readonly lstm: readonly Param[],
    private readonly head: readonly Param[],
    readonly softmax = false,
  ) {}

  /** A plain-JS single-sequence stepper over the same weights (for reading gates; never touches training buffers). */
  probe(): FusedLstmProbe {
    return new FusedLstmProbe(this.inputs, this.hidden, this.lstm);
  }

  private ensure(T: number, N: number): void {
    if (T === this.T && N === this.N) return;
    this.T = T;
    this.N = N;
    const H = this.hidden;
    this.acts = new Float32Array(T * N * 4 * H);
    this.c = new Float32Array(T * N * H);
    this.tc = new Float32Array(T * N * H);
    this.h = new Float32Array(T * N * H);
    this.y = new Float32Array(T * N * this.outputs);
    this.dy = new Float32Array(T * N * this.outputs);
    this.dhNext = new Float32Array(N * H);
    this.dcNext = new Float32Array(N * H);
    this.dz = new Float32Array(4 * H);
    this.dh = new Float32Array(H);
  }

  /**
   * Forward over xs [T, N, D], loss against ys [T, N, O] (½Σ(y − t)², or with `softmax` −Σ t·log softmax(y),
   * averaged over T·N rows), and BPTT.
   */
  computeGradients(xs: Float32Array, ys: Float32Array, T: number, N: number): number {
    this.ensure(T, N);
    const D = this.inputs, H = this.hidden, O = this.outputs, G = 4 * H;
    const Wx = this.lstm[0]!.value.data, Wh = this.lstm[1]!.value.data, Bz = this.lstm[2]!.value.data;
    const HW = this.head[0]!.value.data, HB = this.head[1]!.value.data;
    const GWx = this.lstm[0]!.grad.data, GWh = this.lstm[1]!.grad.data, GBz = this.lstm[2]!.grad.data;
    const GHW = this.head[0]!.grad.data, GHB = this.head[1]!.grad.data;
    const { acts, c, tc, h, y, dy, dhNext, dcNext, dz, dh } = this;

    for (let t = 0; t < T; t++) {
      for (let r = 0; r < N; r++) {
        const row = t * N + r;
        const a = row * G, s = row * H, prev = (row - N) * H;
        // z = b + x·Wx + h₋·Wh, accumulated in the acts row, then squashed in place.
        for (let k = 0; k < G; k++) acts[a + k] = Bz[k]!;
        for (let i = 0; i < D; i++) {
          const xi = xs[row * D + i]!;
          const wr = i * G;
          for (let k = 0; k < G; k++) acts[a + k]! += xi * Wx[wr + k]!;
        }
        if (t > 0) {
          for (let j = 0; j < H; j++) {
            const hj = h[prev + j]!;
            const wr = j * G;
            for (let k = 0; k < G; k++) acts[a + k]! += hj * Wh[wr + k]!;
          }
        }
        for (let k = 0; k < 3 * H; k++) acts[a + k] = 1 / (1 + Math.exp(-acts[a + k]!));
        for (let k = 3 * H; k < G; k++) acts[a + k] = Math.tanh(acts[a + k]!);
        for (let j = 0; j < H; j++) {
          const cp = t > 0 ? c[prev + j]! : 0;
          const cv = acts[a + H + j]! * cp + acts[a + j]! * acts[a + 3 * H + j]!;
          c[s + j] = cv;
          const tv = Math.tanh(cv);
          tc[s + j] = tv;
          h[s + j] = acts[a + 2 * H + j]! * tv;
        }
        for (let o = 0; o < O; o++) {
          let v = HB[o]!;
          for (let j = 0; j < H; j++) v += h[s + j]! * HW[j * O + o]!;
          y[row * O + o] = v;
        }
      }
    }

    const rows = T * N;
    let loss = 0;
    if (this.softmax) {
      // dL/dy = p − t per row (the fused softmax + cross-entropy gradient), as the layered softmaxCrossEntropy.
      for (let r = 0; r < rows; r++) {
        const b = r * O;
        let mx = -Infinity;
        for (let o = 0; o < O; o++) if (y[b + o]! > mx) mx = y[b + o]!;
        let sum = 0;
        for (let o = 0; o < O; o++) sum += Math.exp(y[b + o]! - mx);
        for (let o = 0; o < O; o++) {
          const p = Math.exp(y[b + o]! - mx) / sum, t = ys[b + o]!;
          if (t !== 0) loss -= t * Math.log(Math.max(p, 1e-30));
          dy[b + o] = (p - t) / rows;
        }
      }
    } else {
      for (let i = 0; i < rows * O; i++) {
        const d = y[i]! - ys[i]!;
        loss += d * d;
        dy[i] = d / rows;
      }
      loss *= 0.5;
    }

    GWx.fill(0);
    GWh.fill(0);
    GBz.fill(0);
    GHW.fill(0);
    GHB.fill(0);
    dhNext.fill(0);
    dcNext.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      for (let r = 0; r < N; r++) {
        const row = t * N + r;
        const a = row * G, s = row * H, prev = (row - N) * H, st = r * H;
        // Head: dh = dhNext + dy·HWᵀ, and the head's own gradients.
        for (let j = 0; j < H; j++) {
          let v = dhNext[st + j]!;
          const hj = h[s + j]!;
          for (let o = 0; o < O; o++) {
            const d = dy[row * O + o]!;
            v += d * HW[j * O + o]!;
            GHW[j * O + o]! += hj * d;
          }
          dh[j] = v;
        }
        for (let o = 0; o < O; o++) GHB[o]! += dy[row * O + o]!;
        // Cell: gate pre-activation gradients, and the cell gradient handed to t − 1.
        for (let j = 0; j < H; j++) {
          const ig = acts[a + j]!, fg = acts[a + H + j]!, og = acts[a + 2 * H + j]!, gg = acts[a + 3 * H + j]!;
          const tv = tc[s + j]!;
          const cp = t > 0 ? c[prev + j]! : 0;
          const dc = dh[j]! * og * (1 - tv * tv) + dcNext[st + j]!;
          dz[j] = dc * gg * ig * (1 - ig);
          dz[H + j] = dc * cp * fg * (1 - fg);
          dz[2 * H + j] = dh[j]! * tv * og * (1 - og);
          dz[3 * H + j] = dc * ig * (1 - gg * gg);
          dcNext[st + j] = dc * fg;
        }
        for (let k = 0; k < G; k++) GBz[k]! += dz[k]!;
        for (let i = 0; i < D; i++) {
          const xi = xs[row * D + i]!;
          const wr = i * G;
          for (let k = 0; k < G; k++) GWx[wr + k]! += xi * dz[k]!;
        }
        // Recurrent weights: gradient from h₋, and dh₋ = Wh·dz for the previous step (Wh not yet updated).
        for (let j = 0; j < H; j++) {
          const hp = t > 0 ? h[prev + j]! : 0;
          const wr = j * G;
          let v = 0;
          for (let k = 0; k < G; k++) {
            const d = dz[k]!;
            GWh[wr + k]! += hp * d;
            v += Wh[wr + k]! * d;
          }
          dhNext[st + j] = v;
        }
      }
    }
    return loss / rows;
  }
}

/**
 * One sequence stepped in plain JS with its own state and buffers: the fused path's way to show a demo the gates,
 * the candidate, the cell and the hidden state of each timestep, with exactly the arithmetic of the training step.
 */
export class FusedLstmProbe {
  /** Gate activations [i | f | o | g] of the latest step. */
  readonly acts: Float32Array;
  /** Cell state of the latest step. */
  readonly c: Float32Array;
  /** Hidden state of the latest step. */
  readonly h: Float32Array;
  private first = true;

  /** Buffers for an LSTM of `inputs` → `hidden` with weights `[wx, wh, b]`; the state starts at zero. */
  constructor(
    readonly inputs: number,
    readonly hidden: number,
    private readonly lstm: readonly Param[],
  ) {
    this.acts = new Float32Array(4 * hidden);
    this.c = new Float32Array(hidden);
    this.h = new Float32Array(hidden);
  }

  /** Back to the zero state. */
  reset(): void {
    this.first = true;
    this.c.fill(0);
    this.h.fill(0);
  }

  /** Advances by one input of `inputs` features with the current weights. */
  step(x: ArrayLike<number>): void {
    const D = this.inputs, H = this.hidden, G = 4 * H;
    const Wx = this.lstm[0]!.value.data, Wh = this.lstm[1]!.value.data, Bz = this.lstm[2]!.value.data;
    const { acts, c, h } = this;
    for (let k = 0; k < G; k++) acts[k] = Bz[k]!;
    for (let i = 0; i < D; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const wr = i * G;
      for (let k = 0; k < G; k++) acts[k]! += xi * Wx[wr + k]!;
    }
    if (!this.first) {
      for (let j = 0; j < H; j++) {
        const hj = h[j]!;
        const wr = j * G;
        for (let k = 0; k < G; k++) acts[k]! += hj * Wh[wr + k]!;
      }
    }
    for (let k = 0; k < 3 * H; k++) acts[k] = 1 / (1 + Math.exp(-acts[k]!));
    for (let k = 3 * H; k < G; k++) acts[k] = Math.tanh(acts[k]!);
    for (let j = 0; j < H; j++) {
      const cv = acts[H + j]! * (this.first ? 0 : c[j]!) + acts[j]! * acts[3 * H + j]!;
      c[j] = cv;
      h[j] = acts[2 * H + j]! * Math.tanh(cv);
    }
    this.first = false;
  }
}
