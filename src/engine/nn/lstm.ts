import '../backend/cpu/lstm-kernels.js';
import { ACCUMULATE, type Engine, NO_TRANSPOSE, TRANS_A, TRANS_A_ACC, TRANS_B } from '../engine.js';
import type { Rng } from '../random.js';
import { fmtShape, Tensor, keep } from '../tensor.js';
import { type Param, param } from './layer.js';
import { ShapeError } from './shape.js';

/** Per (T, N) buffers of one unrolled sequence. */
interface Unroll {
  t: number;
  n: number;
  hs: Tensor; // [T, N, H] — the layer's output
  z: Tensor[];
  acts: Tensor[];
  c: Tensor[];
  h: Tensor[]; // views into hs (host), or tensors copied into hs (resident)
  x: Tensor[]; // host views into the current input
  dxs: Tensor; // [T, N, D]
  dx: Tensor[]; // like h
  /** Built for a resident engine. */
  resident: boolean;
  /** Timestep t of dhs, copied out on a resident engine. */
  dhT: Tensor;
  zeroState: Tensor;
  dh: Tensor;
  dhNext: Tensor;
  dcA: Tensor;
  dcB: Tensor;
  dz: Tensor;
}

/** Tensor over rows [t·rows, (t+1)·rows) of a [T, N, …] buffer, sharing memory. */
function step(t: Tensor, i: number, rows: number, cols: number): Tensor {
  return Tensor.hostView(t.data.subarray(i * rows * cols, (i + 1) * rows * cols), [rows, cols]);
}

/**
 * One sequence (N = 1) run a step at a time through the backend's own kernels, in buffers of its own: what a demo
 * reads (gates, cell and hidden state per timestep) without touching the buffers BPTT keeps between forward and
 * backward, so inspecting between training steps changes nothing in training.
 */
export class LstmProbe {
  /** Gate activations [i | f | o | g] of the latest step, [1, 4H]. */
  readonly acts: Tensor;
  /** Cell state of the latest step, [1, H]. */
  readonly c: Tensor;
  /** Hidden state of the latest step, [1, H]. */
  readonly h: Tensor;
  private readonly z: Tensor;
  private readonly cPrev: Tensor;
  private readonly hPrev: Tensor;
  private first = true;

  /** Buffers for `layer`; the state starts at zero. */
  constructor(private readonly layer: LSTM) {
    const H = layer.hidden;
    this.z = keep(Tensor.zeros([1, 4 * H]));
    this.acts = keep(Tensor.zeros([1, 4 * H]));
    this.c = keep(Tensor.zeros([1, H]));
    this.h = keep(Tensor.zeros([1, H]));
    this.cPrev = keep(Tensor.zeros([1, H]));
    this.hPrev = keep(Tensor.zeros([1, H]));
  }

  /** Back to the zero state. */
  reset(): void {
    this.first = true;
    this.cPrev.data.fill(0);
    this.hPrev.data.fill(0);
  }

  /** Advances by one input x [1, D] with the layer's current weights; the step's values land in acts, c, h. */
  step(x: Tensor): void {
    const l = this.layer, e = l.engine, H = l.hidden, name = `${l.name} probe`;
    if (x.size !== l.inputs) throw new ShapeError(`${name}: one step's input must have ${l.inputs} features, got ${fmtShape(x.shape)}`);
    const x1 = x.shape.length === 2 ? x : x.reshape([1, l.inputs]);
    e.matmul(x1, l.wx.value, this.z, NO_TRANSPOSE, name);
    if (!this.first) e.matmul(this.hPrev, l.wh.value, this.z, ACCUMULATE, name);
    e.addRowVector(this.z, l.b.value, this.z, name);
    e.lstmGates(this.z, this.acts, 1, H);
    e.lstmState(this.acts, this.cPrev, this.c, 1, H);
    e.lstmOutput(this.acts, this.c, this.h, 1, H);
    this.cPrev.data.set(this.c.data);
    this.hPrev.data.set(this.h.data);
    this.first = false;
  }
}

/**
 * An LSTM layer unrolled over a whole sequence with backpropagation through time. Gates are [i | f | o | g]:
 * z = x·Wx + h·Wh + b, c = f⊙c₋ + i⊙g, h = o⊙tanh(c). The forget-gate bias starts at 1 (Jozefowicz et al. 2015) so
 * early training remembers rather than forgets.
 */
export class LSTM {
  readonly wx: Param;
  readonly wh: Param;
  readonly b: Param;
  private u: Unroll | null = null;

  /** Creates a layer of `inputs` → `hidden` units. */
  constructor(
    readonly name: string,
    readonly engine: Engine,
    readonly inputs: number,
    readonly hidden: number,
    rng: Rng,
  ) {
    if (!Number.isInteger(inputs) || inputs <= 0 || !Number.isInteger(hidden) || hidden <= 0) {
      throw new ShapeError(`${name}: LSTM sizes must be positive integers, got ${inputs} → ${hidden}`);
    }
    const h4 = 4 * hidden;
    const init = (rows: number) => {
      const t = keep(Tensor.zeros([rows, h4]));
      const lim = Math.sqrt(6 / (rows + h4));
      for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-lim, lim);
      return t;
    };
    this.wx = param(`${name}.wx`, init(inputs));
    this.wh = param(`${name}.wh`, init(hidden));
    const b = keep(Tensor.zeros([h4]));
    b.data.fill(1, hidden, 2 * hidden);
    this.b = param(`${name}.b`, b);
  }

  /** Trainable parameters. */
  params(): Param[] {
    return [this.wx, this.wh, this.b];
  }

  private unroll(T: number, N: number): Unroll {
    const res = this.engine.resident;
    if (this.u && this.u.t === T && this.u.n === N && this.u.resident === res) return this.u;
    const H = this.hidden, D = this.inputs;
    const hs = keep(Tensor.zeros([T, N, H]));
    const dxs = keep(Tensor.zeros([T, N, D]));
    const mk = (cols: number) => Array.from({ length: T }, () => keep(Tensor.zeros([N, cols])));
    this.u = {
      t: T, n: N, hs, dxs,
      z: mk(4 * H), acts: mk(4 * H), c: mk(H),
      // On the host the per-timestep h and dx are views into hs and dxs; on a resident engine (textures cannot be
      // sliced) they are tensors of their own, copied into hs / dxs by a copySlice kernel.
      h: res ? mk(H) : Array.from({ length: T }, (_, i) => step(hs, i, N, H)),
      dx: res ? mk(D) : Array.from({ length: T }, (_, i) => step(dxs, i, N, D)),
      x: [],
      resident: res,
      dhT: keep(Tensor.zeros([N, H])),
      zeroState: keep(Tensor.zeros([N, H])), dh: keep(Tensor.zeros([N, H])), dhNext: keep(Tensor.zeros([N, H])),
      dcA: keep(Tensor.zeros([N, H])), dcB: keep(Tensor.zeros([N, H])), dz: keep(Tensor.zeros([N, 4 * H])),
    };
    return this.u;
  }

  /** Runs xs[T, N, D] from a zero state; returns hs[T, N, H] (a reused buffer). */
  forward(xs: Tensor): Tensor {
    if (xs.shape.length !== 3 || xs.shape[2] !== this.inputs) {
      throw new ShapeError(`${this.name}: input must be [T, N, ${this.inputs}], got ${fmtShape(xs.shape)}`);
    }
    const [T, N] = xs.shape as [number, number, number];
    const u = this.unroll(T, N);
    const e = this.engine, H = this.hidden;
    u.x = Array.from({ length: T }, (_, i) => step(xs, i, N, this.inputs));
    for (let t = 0; t < T; t++) {
      e.matmul(u.x[t]!, this.wx.value, u.z[t]!, NO_TRANSPOSE, this.name);
      if (t > 0) e.matmul(u.h[t - 1]!, this.wh.value, u.z[t]!, ACCUMULATE, this.name);
      e.addRowVector(u.z[t]!, this.b.value, u.z[t]!, this.name);
      e.lstmGates(u.z[t]!, u.acts[t]!, N, H);
      e.lstmState(u.acts[t]!, t > 0 ? u.c[t - 1]! : u.zeroState, u.c[t]!, N, H);
      e.lstmOutput(u.acts[t]!, u.c[t]!, u.h[t]!, N, H);
      if (u.resident) e.copySlice(u.h[t]!, u.hs, u.hs, 0, t * N * H, N * H, this.name);
    }
    return u.hs;
  }

  /** BPTT from dhs[T, N, H]: fills the parameter gradients and returns dxs[T, N, D] when asked. */
  backward(dhs: Tensor, needDx: boolean): Tensor | null {
    const u = this.u;
    if (!u) throw new Error(`${this.name}: backward before forward`);
    const e = this.engine, H = this.hidden, N = u.n;
    if (dhs.size !== u.hs.size) throw new ShapeError(`${this.name}: gradient ${fmtShape(dhs.shape)} does not match output [${u.t}, ${N}, ${H}]`);
    u.dhNext.fill(0);
    let dcNext = u.dcA, dcPrev = u.dcB;
    dcNext.fill(0);
    for (let t = u.t - 1; t >= 0; t--) {
      const acc = t < u.t - 1;
      if (u.resident) e.copySlice(dhs, u.dhT, u.dhT, t * N * H, 0, N * H, this.name);
      e.add(u.resident ? u.dhT : step(dhs, t, N, H), u.dhNext, u.dh, this.name);
      const cPrev = t > 0 ? u.c[t - 1]! : u.zeroState;
      e.lstmBackwardGates(u.acts[t]!, u.c[t]!, cPrev, u.dh, dcNext, u.dz, N, H);
      e.lstmBackwardCell(u.acts[t]!, u.c[t]!, u.dh, dcNext, dcPrev, N, H);
      [dcNext, dcPrev] = [dcPrev, dcNext];
      e.matmul(u.x[t]!, u.dz, this.wx.grad, acc ? TRANS_A_ACC : TRANS_A, this.name);
      if (t > 0) e.matmul(u.h[t - 1]!, u.dz, this.wh.grad, t < u.t - 1 ? TRANS_A_ACC : TRANS_A, this.name);
      else if (u.t === 1) this.wh.grad.fill(0);
      e.sumRows(u.dz, this.b.grad, acc, this.name);
      e.matmul(u.dz, this.wh.value, u.dhNext, TRANS_B, this.name);
      if (needDx) {
        e.matmul(u.dz, this.wx.value, u.dx[t]!, TRANS_B, this.name);
        if (u.resident) e.copySlice(u.dx[t]!, u.dxs, u.dxs, 0, t * N * this.inputs, N * this.inputs, this.name);
      }
    }
    return needDx ? u.dxs : null;
  }
}
