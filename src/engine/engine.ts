import { createReferenceBackend } from './backend/cpu/index.js';
import { createBackend, getKernel, hasKernel } from './backend/registry.js';
import { KERNEL_NAMES, type Backend, type BackendCounters, type ConvGeom, type F32, type KernelName, type KernelTable, type PoolGeom, zeroCounters } from './backend/types.js';
import { conv2dOutputShape, pool2dOutputShape, ShapeError } from './nn/shape.js';
import { fmtShape, liveTensorCount, type Tensor } from './tensor.js';

/** What {@link Engine.stats} reports: counters of the engine's backend plus the live tensor storages. */
export interface EngineStats {
  /** Device → host reads so far on this backend (GL readPixels; every kernel result on a non-resident gpu.js backend). */
  readbacks: number;
  /** Kernels dispatched so far (through any engine on this backend; the fused CPU paths dispatch none). */
  kernelCalls: number;
  /** Tensor storages created and not disposed, process-wide (reshape views share one). */
  liveTensors: number;
  /** Device buffers (textures on GL) this backend holds for tensors now. */
  liveBuffers: number;
  /** Host arrays uploaded to resident kernels so far (inputs such as batches). */
  uploads: number;
  /** True when this engine keeps results on the device. */
  resident: boolean;
}

/** Options for {@link Engine}. */
export interface EngineOptions {
  /** Run kernels the backend lacks on the reference backend instead of throwing (listed in {@link Engine.report}). */
  fallback?: boolean;
}

/** Transpose/accumulate flags of {@link Engine.matmul}. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  accumulate?: boolean;
}
/** Shared option objects, so hot paths do not allocate one per call. */
export const NO_TRANSPOSE: MatmulOptions = Object.freeze({});
/** a is transposed (xᵀ·dy: weight gradients). */
export const TRANS_A: MatmulOptions = Object.freeze({ transA: true });
/** b is transposed (dy·wᵀ: input gradients). */
export const TRANS_B: MatmulOptions = Object.freeze({ transB: true });
/** aᵀ·b added to out (gradients accumulated over time steps). */
export const TRANS_A_ACC: MatmulOptions = Object.freeze({ transA: true, accumulate: true });
/** a·b added to out. */
export const ACCUMULATE: MatmulOptions = Object.freeze({ accumulate: true });

/** Activation kinds with a kernel pair in the contract. */
export type Activation = 'sigmoid' | 'tanh' | 'relu';

/**
 * The dispatcher between layers and a backend: it checks shapes once here (not in every kernel, as in tfjs), derives
 * the sizes kernels need, and calls the backend's kernel table. Kernels are resolved once at construction, so a
 * missing kernel fails early with a message naming kernel and backend.
 */
export class Engine {
  /** The backend kernels run on. */
  readonly backend: Backend;
  /** Kernels that run on the reference backend because `backend` lacks them (only with `fallback`). */
  readonly fellBack: KernelName[] = [];
  private readonly k: KernelTable;
  private readonly counters: BackendCounters;
  private isResident: boolean;

  /** Wraps a backend (or a registered backend name). */
  constructor(backend: Backend | string = 'reference', options: EngineOptions = {}) {
    this.backend = typeof backend === 'string' ? createBackend(backend) : backend;
    const table: Partial<KernelTable> = {};
    let ref: Backend | null = null;
    for (const name of KERNEL_NAMES) {
      if (hasKernel(this.backend, name) || !options.fallback) {
        (table as Record<string, unknown>)[name] = getKernel(this.backend, name);
      } else {
        ref ??= createReferenceBackend();
        (table as Record<string, unknown>)[name] = getKernel(ref, name);
        this.fellBack.push(name);
      }
    }
    this.k = table as KernelTable;
    this.counters = this.backend.counters ?? zeroCounters();
    // Kernels that fell back to the reference take host arrays, so a mixed table runs the host path.
    this.isResident = this.backend.resident === true && this.fellBack.length === 0;
  }

  /** True when kernels keep their results on the device (a resident gpu.js backend, see README "Storage"). */
  get resident(): boolean {
    return this.isResident;
  }

  /**
   * Runs this engine's kernels on host arrays from now on (gpu.js's copy-into-`out` path): for models whose code
   * reads and writes tensor values between kernels (the LSTM's per-timestep slices). Device values come back once.
   */
  useHostPath(): void {
    this.isResident = false;
  }

  /**
   * True when the backend queues its kernels (gpu.js webgpu): a call returns before it runs, tensor values can
   * only be read with `await t.read()`, and a loop awaits {@link flush} to keep the queue short.
   */
  get queued(): boolean {
    return (this.backend as { queued?: boolean }).queued === true;
  }

  /** Waits until the backend has run (submitted) every kernel called so far; rethrows a queued kernel's error. */
  async flush(): Promise<void> {
    await (this.backend as { flush?: () => Promise<void> }).flush?.();
  }

  /** {@link flush}, then waits for the device to finish that work (what a timing of a queued backend waits for). */
  async sync(): Promise<void> {
    const b = this.backend as { sync?: () => Promise<void>; flush?: () => Promise<void> };
    await (b.sync ?? b.flush)?.call(b);
  }

  /** Readbacks, kernel calls, live tensors and device buffers (see {@link EngineStats}). */
  stats(): EngineStats {
    const c = this.counters;
    return { readbacks: c.readbacks, kernelCalls: c.kernelCalls, liveTensors: liveTensorCount(), liveBuffers: c.liveBuffers, uploads: c.uploads, resident: this.isResident };
  }

  // The kernel table, counting one call per use (every dispatch below reads it exactly once).
  private get kc(): KernelTable {
    this.counters.kernelCalls++;
    return this.k;
  }

  // A kernel argument: the storage on a resident backend (the kernel reads its device handle), else the host array.
  private b(t: Tensor): F32 {
    return this.isResident ? (t.storage as unknown as F32) : t.data;
  }

  /** What ran: backend name, executed mode, and any kernels that fell back. */
  report(): { backend: string; executed: string; fellBack: KernelName[]; isGpu: boolean } {
    return { backend: this.backend.name, executed: this.backend.executed(), fellBack: [...this.fellBack], isGpu: this.backend.isGpu };
  }

  /** Releases backend resources. */
  dispose(): void {
    this.backend.dispose();
  }

  /** out = op(a)·op(b) (+ out). a is [m,k] ([k,m] when transA), b is [k,n] ([n,k] when transB), out is [m,n]. */
  matmul(a: Tensor, b: Tensor, out: Tensor, opts: MatmulOptions = NO_TRANSPOSE, where = 'matmul'): void {
    const ta = opts.transA ?? false;
    const tb = opts.transB ?? false;
    if (a.shape.length !== 2 || b.shape.length !== 2 || out.shape.length !== 2) {
      throw new ShapeError(`${where}: matmul needs 2-D tensors, got ${fmtShape(a.shape)}·${fmtShape(b.shape)} → ${fmtShape(out.shape)}`);
    }
    const m = ta ? a.shape[1]! : a.shape[0]!;
    const k = ta ? a.shape[0]! : a.shape[1]!;
    const kb = tb ? b.shape[1]! : b.shape[0]!;
    const n = tb ? b.shape[0]! : b.shape[1]!;
    if (k !== kb || out.shape[0] !== m || out.shape[1] !== n) {
      throw new ShapeError(
        `${where}: cannot multiply ${fmtShape(a.shape)}${ta ? 'ᵀ' : ''} by ${fmtShape(b.shape)}${tb ? 'ᵀ' : ''} into ${fmtShape(out.shape)} ` +
          `(inner sizes ${k} and ${kb} must match, output must be [${m}, ${n}])`,
      );
    }
    this.kc.matmul(this.b(a), this.b(b), this.b(out), m, k, n, ta, tb, opts.accumulate ?? false);
  }

  /** out[i,j] = x[i,j] + v[j]. */
  addRowVector(x: Tensor, v: Tensor, out: Tensor, where = 'addRowVector'): void {
    const cols = x.shape[x.shape.length - 1] ?? 1;
    if (v.size !== cols || out.size !== x.size) {
      throw new ShapeError(`${where}: cannot add a vector of ${v.size} to rows of ${fmtShape(x.shape)}`);
    }
    this.kc.addRowVector(this.b(x), this.b(v), this.b(out), x.size / cols, cols);
  }

  /** out[j] = Σ_i x[i,j] (+ out). */
  sumRows(x: Tensor, out: Tensor, accumulate = false, where = 'sumRows'): void {
    const cols = x.shape[x.shape.length - 1] ?? 1;
    if (out.size !== cols) throw new ShapeError(`${where}: column sums of ${fmtShape(x.shape)} need ${cols} values, out has ${out.size}`);
    this.kc.sumRows(this.b(x), this.b(out), x.size / cols, cols, accumulate);
  }

  // Fixed arity on purpose: a rest parameter would allocate an array on every kernel call of every step.
  private same(where: string, a: Tensor, b: Tensor, c?: Tensor, d?: Tensor): number {
    const n = a.size;
    if (b.size !== n || (c !== undefined && c.size !== n) || (d !== undefined && d.size !== n)) {
      const all = [a, b, c, d].filter((t): t is Tensor => t !== undefined);
      throw new ShapeError(`${where}: sizes differ: ${all.map((u) => fmtShape(u.shape)).join(' vs ')}`);
    }
    return n;
  }

  /** out = a + b (same sizes). */
  add(a: Tensor, b: Tensor, out: Tensor, where = 'add'): void {
    this.kc.add(this.b(a), this.b(b), this.b(out), this.same(where, a, b, out));
  }
  /** out = a − b. */
  sub(a: Tensor, b: Tensor, out: Tensor, where = 'sub'): void {
    this.kc.sub(this.b(a), this.b(b), this.b(out), this.same(where, a, b, out));
  }
  /** out = a ⊙ b. */
  mul(a: Tensor, b: Tensor, out: Tensor, where = 'mul'): void {
    this.kc.mul(this.b(a), this.b(b), this.b(out), this.same(where, a, b, out));
  }
  /** out = alpha·x + beta·y. */
  axpby(x: Tensor, y: Tensor, out: Tensor, alpha: number, beta: number, where = 'axpby'): void {
    this.kc.axpby(this.b(x), this.b(y), this.b(out), this.same(where, x, y, out), alpha, beta);
  }
  /** out = act(x). */
  activate(kind: Activation, x: Tensor, out: Tensor, where: string = kind): void {
    this.kc[kind](this.b(x), this.b(out), this.same(where, x, out));
  }
  /**
   * out = dy ⊙ act'(·). For sigmoid and tanh pass the forward *output* y (the derivative is a function of it, which
   * is exactly the seed note's o(1 − o)); for relu pass the forward *input* x.
   */
  activateBackward(kind: Activation, yOrX: Tensor, dy: Tensor, out: Tensor, where = `${kind} backward`): void {
    const n = this.same(where, yOrX, dy, out);
    if (kind === 'sigmoid') this.kc.sigmoidBackward(this.b(yOrX), this.b(dy), this.b(out), n);
    else if (kind === 'tanh') this.kc.tanhBackward(this.b(yOrX), this.b(dy), this.b(out), n);
    else this.kc.reluBackward(this.b(yOrX), this.b(dy), this.b(out), n);
  }
  /** Row-wise softmax over the last axis. */
  softmaxRows(x: Tensor, out: Tensor, where = 'softmax'): void {
    const cols = x.shape[x.shape.length - 1] ?? 1;
    this.same(where, x, out);
    this.kc.softmaxRows(this.b(x), this.b(out), x.size / cols, cols);
  }
  /** out = (p − t)/rows. */
  softmaxCrossEntropyBackward(p: Tensor, t: Tensor, out: Tensor, where = 'softmax cross-entropy'): void {
    const cols = p.shape[p.shape.length - 1] ?? 1;
    this.same(where, p, t, out);
    this.kc.softmaxCrossEntropyBackward(this.b(p), this.b(t), this.b(out), p.size / cols, cols);
  }

  /** Geometry of a convolution of x[N,C,H,W] with w[F,C,K,K]; throws a ShapeError naming `where` and the shapes. */
  convGeom(x: Tensor, w: Tensor, stride: number, pad: number, where = 'conv2d'): ConvGeom {
    if (x.shape.length !== 4) throw new ShapeError(`${where}: input must be [N, C, H, W], got ${fmtShape(x.shape)}`);
    if (w.shape.length !== 4 || w.shape[2] !== w.shape[3]) {
      throw new ShapeError(`${where}: filters must be [F, C, K, K], got ${fmtShape(w.shape)}`);
    }
    const [n, c, h, wd] = x.shape as [number, number, number, number];
    const [f, wc, k] = w.shape as [number, number, number, number];
    if (wc !== c) throw new ShapeError(`${where}: input has ${c} channels but filters ${fmtShape(w.shape)} expect ${wc}`);
    const o = conv2dOutputShape({ channels: c, height: h, width: wd }, { filters: f, kernel: k, stride, padding: pad }, where);
    return { n, c, h, w: wd, f, k, stride, pad, oh: o.height, ow: o.width };
  }

  private expectOut(t: Tensor, shape: number[], where: string, what: string): void {
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${where}: ${what} must be ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
    }
  }

  /** Batched NCHW convolution into out[N,F,OH,OW]. */
  conv2d(x: Tensor, w: Tensor, b: Tensor, out: Tensor, g: ConvGeom, where = 'conv2d'): void {
    this.expectOut(out, [g.n, g.f, g.oh, g.ow], where, 'output');
    if (b.size !== g.f) throw new ShapeError(`${where}: bias must have ${g.f} values, got ${b.size}`);
    this.kc.conv2d(this.b(x), this.b(w), this.b(b), this.b(out), g);
  }
  /** dx[N,C,H,W] from dy[N,F,OH,OW]. */
  conv2dBackwardInput(dy: Tensor, w: Tensor, dx: Tensor, g: ConvGeom, where = 'conv2d backward'): void {
    this.expectOut(dy, [g.n, g.f, g.oh, g.ow], where, 'dy');
    this.expectOut(dx, [g.n, g.c, g.h, g.w], where, 'dx');
    this.kc.conv2dBackwardInput(this.b(dy), this.b(w), this.b(dx), g);
  }
  /** dw[F,C,K,K] (+ dw). */
  conv2dBackwardFilter(x: Tensor, dy: Tensor, dw: Tensor, g: ConvGeom, accumulate = false, where = 'conv2d backward'): void {
    this.expectOut(dw, [g.f, g.c, g.k, g.k], where, 'dw');
    this.kc.conv2dBackwardFilter(this.b(x), this.b(dy), this.b(dw), g, accumulate);
  }
  /** db[F] (+ db). */
  conv2dBackwardBias(dy: Tensor, db: Tensor, g: ConvGeom, accumulate = false, where = 'conv2d backward'): void {
    if (db.size !== g.f) throw new ShapeError(`${where}: bias gradient must have ${g.f} values, got ${db.size}`);
    this.kc.conv2dBackwardBias(this.b(dy), this.b(db), g, accumulate);
  }

  /** Geometry of a max-pool over x[N,C,H,W]; stride defaults to the window size. */
  poolGeom(x: Tensor, k: number, stride = k, pad = 0, where = 'maxpool'): PoolGeom {
    if (x.shape.length !== 4) throw new ShapeError(`${where}: input must be [N, C, H, W], got ${fmtShape(x.shape)}`);
    const [n, c, h, w] = x.shape as [number, number, number, number];
    if (pad >= k) throw new ShapeError(`${where}: padding ${pad} must be smaller than the window ${k}`);
    const o = pool2dOutputShape({ channels: c, height: h, width: w }, { kernel: k, stride, padding: pad }, where);
    return { n, c, h, w, k, stride, pad, oh: o.height, ow: o.width };
  }
  /** Max-pool into out[N,C,OH,OW]. */
  maxPool(x: Tensor, out: Tensor, g: PoolGeom, where = 'maxpool'): void {
    this.expectOut(out, [g.n, g.c, g.oh, g.ow], where, 'output');
    this.kc.maxPool(this.b(x), this.b(out), g);
  }
  /** dx[N,C,H,W] from dy[N,C,OH,OW]. */
  maxPoolBackward(x: Tensor, dy: Tensor, dx: Tensor, g: PoolGeom, where = 'maxpool backward'): void {
    this.expectOut(dy, [g.n, g.c, g.oh, g.ow], where, 'dy');
    this.expectOut(dx, [g.n, g.c, g.h, g.w], where, 'dx');
    this.kc.maxPoolBackward(this.b(x), this.b(dy), this.b(dx), g);
  }

  /** LSTM gate activations of z[N,4H]. */
  lstmGates(z: Tensor, acts: Tensor, n: number, h: number): void {
    if (z.size !== n * 4 * h || acts.size !== z.size) throw new ShapeError(`lstm: gates must be [${n}, ${4 * h}], got ${fmtShape(z.shape)}`);
    this.kc.lstmGates(this.b(z), this.b(acts), n, h);
  }
  // LSTM cell tensors: gates are [N, 4H], states [N, H].
  private lstmShapes(where: string, n: number, h: number, gates: Tensor[], states: Tensor[]): void {
    for (const t of gates) if (t.size !== n * 4 * h) throw new ShapeError(`${where}: gates must be [${n}, ${4 * h}], got ${fmtShape(t.shape)}`);
    for (const t of states) if (t.size !== n * h) throw new ShapeError(`${where}: states must be [${n}, ${h}], got ${fmtShape(t.shape)}`);
  }
  /** c = f⊙cPrev + i⊙g. */
  lstmState(acts: Tensor, cPrev: Tensor, c: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm state', n, h, [acts], [cPrev, c]);
    this.kc.lstmState(this.b(acts), this.b(cPrev), this.b(c), n, h);
  }
  /** h = o⊙tanh(c). */
  lstmOutput(acts: Tensor, c: Tensor, hOut: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm output', n, h, [acts], [c, hOut]);
    this.kc.lstmOutput(this.b(acts), this.b(c), this.b(hOut), n, h);
  }
  /** Gate pre-activation gradients. */
  lstmBackwardGates(acts: Tensor, c: Tensor, cPrev: Tensor, dh: Tensor, dcNext: Tensor, dz: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm backward', n, h, [acts, dz], [c, cPrev, dh, dcNext]);
    this.kc.lstmBackwardGates(this.b(acts), this.b(c), this.b(cPrev), this.b(dh), this.b(dcNext), this.b(dz), n, h);
  }
  /** Cell gradient handed back one step. */
  lstmBackwardCell(acts: Tensor, c: Tensor, dh: Tensor, dcNext: Tensor, dcPrev: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm backward', n, h, [acts], [c, dh, dcNext, dcPrev]);
    this.kc.lstmBackwardCell(this.b(acts), this.b(c), this.b(dh), this.b(dcNext), this.b(dcPrev), n, h);
  }
  /** out = beta·v + (1−beta)·g². */
  emaSquare(v: Tensor, g: Tensor, out: Tensor, beta: number): void {
    this.kc.emaSquare(this.b(v), this.b(g), this.b(out), this.same('adam', v, g, out), beta);
  }
  /** loss[0] = ½Σ(pred − t)²/rows (rows = pred's first dimension), reduced by a kernel. */
  mseLoss(pred: Tensor, t: Tensor, loss: Tensor, where = 'mse'): void {
    this.same(where, pred, t);
    if (loss.size !== 1) throw new ShapeError(`${where}: the loss tensor holds 1 value, got ${fmtShape(loss.shape)}`);
    this.kc.mseLoss(this.b(pred), this.b(t), this.b(loss), pred.shape[0] ?? 1, pred.size);
  }
  /** loss[0] = −Σ t·log p / rows for probabilities p. */
  crossEntropyLoss(p: Tensor, t: Tensor, loss: Tensor, where = 'cross-entropy'): void {
    this.same(where, p, t);
    if (loss.size !== 1) throw new ShapeError(`${where}: the loss tensor holds 1 value, got ${fmtShape(loss.shape)}`);
    this.kc.crossEntropyLoss(this.b(p), this.b(t), this.b(loss), p.shape[0] ?? 1, p.size);
  }
  /** out = [loss, loss + (reset ? 0 : acc[1])]: the training loop's running loss sum, kept on the device. */
  lossAccumulate(acc: Tensor, loss: Tensor, out: Tensor, reset: boolean): void {
    if (acc.size !== 2 || out.size !== 2 || loss.size !== 1) throw new ShapeError(`loss accumulator: needs [2], [1] → [2], got ${fmtShape(acc.shape)}, ${fmtShape(loss.shape)} → ${fmtShape(out.shape)}`);
    this.kc.lossAccumulate(this.b(acc), this.b(loss), this.b(out), reset);
  }
  /** out = dst with n values from src[srcOffset…] at dstOffset (out may be dst): timestep slices on the device. */
  copySlice(src: Tensor, dst: Tensor, out: Tensor, srcOffset: number, dstOffset: number, n: number, where = 'copySlice'): void {
    if (out.size !== dst.size || srcOffset < 0 || dstOffset < 0 || srcOffset + n > src.size || dstOffset + n > dst.size) {
      throw new ShapeError(`${where}: cannot copy ${n} values from ${fmtShape(src.shape)}@${srcOffset} into ${fmtShape(dst.shape)}@${dstOffset} → ${fmtShape(out.shape)}`);
    }
    this.kc.copySlice(this.b(src), this.b(dst), this.b(out), out.size, srcOffset, dstOffset, n);
  }
  /** count[0] = rows of y[rows, cols] whose arg-max is labels[row] (labels: [rows]). */
  argmaxMatches(y: Tensor, labels: Tensor, count: Tensor, where = 'accuracy'): void {
    const cols = y.shape[y.shape.length - 1] ?? 1;
    const rows = y.size / cols;
    if (labels.size !== rows || count.size !== 1) throw new ShapeError(`${where}: ${rows} rows need ${rows} labels and a [1] count, got ${fmtShape(labels.shape)} and ${fmtShape(count.shape)}`);
    this.kc.argmaxMatches(this.b(y), this.b(labels), this.b(count), rows, cols);
  }
  /** out = clamp(x, ±maxAbs). */
  clip(x: Tensor, out: Tensor, maxAbs: number, where = 'clip'): void {
    this.kc.clip(this.b(x), this.b(out), this.same(where, x, out), maxAbs);
  }
  /** out = p − lr·m/(√v + eps). */
  adamApply(p: Tensor, m: Tensor, v: Tensor, out: Tensor, lr: number, eps: number): void {
    this.kc.adamApply(this.b(p), this.b(m), this.b(v), this.b(out), this.same('adam', p, m, v, out), lr, eps);
  }
}
