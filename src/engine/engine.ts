import { createReferenceBackend } from './backend/cpu/index.js';
import { createBackend, getKernel, hasKernel } from './backend/registry.js';
import { KERNEL_NAMES, type Backend, type ConvGeom, type KernelName, type KernelTable, type PoolGeom } from './backend/types.js';
import { conv2dOutputShape, pool2dOutputShape, ShapeError } from './nn/shape.js';
import { fmtShape, type Tensor } from './tensor.js';

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
    this.k.matmul(a.data, b.data, out.data, m, k, n, ta, tb, opts.accumulate ?? false);
  }

  /** out[i,j] = x[i,j] + v[j]. */
  addRowVector(x: Tensor, v: Tensor, out: Tensor, where = 'addRowVector'): void {
    const cols = x.shape[x.shape.length - 1] ?? 1;
    if (v.size !== cols || out.size !== x.size) {
      throw new ShapeError(`${where}: cannot add a vector of ${v.size} to rows of ${fmtShape(x.shape)}`);
    }
    this.k.addRowVector(x.data, v.data, out.data, x.size / cols, cols);
  }

  /** out[j] = Σ_i x[i,j] (+ out). */
  sumRows(x: Tensor, out: Tensor, accumulate = false, where = 'sumRows'): void {
    const cols = x.shape[x.shape.length - 1] ?? 1;
    if (out.size !== cols) throw new ShapeError(`${where}: column sums of ${fmtShape(x.shape)} need ${cols} values, out has ${out.size}`);
    this.k.sumRows(x.data, out.data, x.size / cols, cols, accumulate);
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
    this.k.add(a.data, b.data, out.data, this.same(where, a, b, out));
  }
  /** out = a − b. */
  sub(a: Tensor, b: Tensor, out: Tensor, where = 'sub'): void {
    this.k.sub(a.data, b.data, out.data, this.same(where, a, b, out));
  }
  /** out = a ⊙ b. */
  mul(a: Tensor, b: Tensor, out: Tensor, where = 'mul'): void {
    this.k.mul(a.data, b.data, out.data, this.same(where, a, b, out));
  }
  /** out = alpha·x + beta·y. */
  axpby(x: Tensor, y: Tensor, out: Tensor, alpha: number, beta: number, where = 'axpby'): void {
    this.k.axpby(x.data, y.data, out.data, this.same(where, x, y, out), alpha, beta);
  }
  /** out = act(x). */
  activate(kind: Activation, x: Tensor, out: Tensor, where: string = kind): void {
    this.k[kind](x.data, out.data, this.same(where, x, out));
  }
  /**
   * out = dy ⊙ act'(·). For sigmoid and tanh pass the forward *output* y (the derivative is a function of it, which
   * is exactly the seed note's o(1 − o)); for relu pass the forward *input* x.
   */
  activateBackward(kind: Activation, yOrX: Tensor, dy: Tensor, out: Tensor, where = `${kind} backward`): void {
    const n = this.same(where, yOrX, dy, out);
    if (kind === 'sigmoid') this.k.sigmoidBackward(yOrX.data, dy.data, out.data, n);
    else if (kind === 'tanh') this.k.tanhBackward(yOrX.data, dy.data, out.data, n);
    else this.k.reluBackward(yOrX.data, dy.data, out.data, n);
  }
  /** Row-wise softmax over the last axis. */
  softmaxRows(x: Tensor, out: Tensor, where = 'softmax'): void {
    const cols = x.shape[x.shape.length - 1] ?? 1;
    this.same(where, x, out);
    this.k.softmaxRows(x.data, out.data, x.size / cols, cols);
  }
  /** out = (p − t)/rows. */
  softmaxCrossEntropyBackward(p: Tensor, t: Tensor, out: Tensor, where = 'softmax cross-entropy'): void {
    const cols = p.shape[p.shape.length - 1] ?? 1;
    this.same(where, p, t, out);
    this.k.softmaxCrossEntropyBackward(p.data, t.data, out.data, p.size / cols, cols);
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
    this.k.conv2d(x.data, w.data, b.data, out.data, g);
  }
  /** dx[N,C,H,W] from dy[N,F,OH,OW]. */
  conv2dBackwardInput(dy: Tensor, w: Tensor, dx: Tensor, g: ConvGeom, where = 'conv2d backward'): void {
    this.expectOut(dy, [g.n, g.f, g.oh, g.ow], where, 'dy');
    this.expectOut(dx, [g.n, g.c, g.h, g.w], where, 'dx');
    this.k.conv2dBackwardInput(dy.data, w.data, dx.data, g);
  }
  /** dw[F,C,K,K] (+ dw). */
  conv2dBackwardFilter(x: Tensor, dy: Tensor, dw: Tensor, g: ConvGeom, accumulate = false, where = 'conv2d backward'): void {
    this.expectOut(dw, [g.f, g.c, g.k, g.k], where, 'dw');
    this.k.conv2dBackwardFilter(x.data, dy.data, dw.data, g, accumulate);
  }
  /** db[F] (+ db). */
  conv2dBackwardBias(dy: Tensor, db: Tensor, g: ConvGeom, accumulate = false, where = 'conv2d backward'): void {
    if (db.size !== g.f) throw new ShapeError(`${where}: bias gradient must have ${g.f} values, got ${db.size}`);
    this.k.conv2dBackwardBias(dy.data, db.data, g, accumulate);
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
    this.k.maxPool(x.data, out.data, g);
  }
  /** dx[N,C,H,W] from dy[N,C,OH,OW]. */
  maxPoolBackward(x: Tensor, dy: Tensor, dx: Tensor, g: PoolGeom, where = 'maxpool backward'): void {
    this.expectOut(dy, [g.n, g.c, g.oh, g.ow], where, 'dy');
    this.expectOut(dx, [g.n, g.c, g.h, g.w], where, 'dx');
    this.k.maxPoolBackward(x.data, dy.data, dx.data, g);
  }

  /** LSTM gate activations of z[N,4H]. */
  lstmGates(z: Tensor, acts: Tensor, n: number, h: number): void {
    if (z.size !== n * 4 * h || acts.size !== z.size) throw new ShapeError(`lstm: gates must be [${n}, ${4 * h}], got ${fmtShape(z.shape)}`);
    this.k.lstmGates(z.data, acts.data, n, h);
  }
  // LSTM cell tensors: gates are [N, 4H], states [N, H].
  private lstmShapes(where: string, n: number, h: number, gates: Tensor[], states: Tensor[]): void {
    for (const t of gates) if (t.size !== n * 4 * h) throw new ShapeError(`${where}: gates must be [${n}, ${4 * h}], got ${fmtShape(t.shape)}`);
    for (const t of states) if (t.size !== n * h) throw new ShapeError(`${where}: states must be [${n}, ${h}], got ${fmtShape(t.shape)}`);
  }
  /** c = f⊙cPrev + i⊙g. */
  lstmState(acts: Tensor, cPrev: Tensor, c: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm state', n, h, [acts], [cPrev, c]);
    this.k.lstmState(acts.data, cPrev.data, c.data, n, h);
  }
  /** h = o⊙tanh(c). */
  lstmOutput(acts: Tensor, c: Tensor, hOut: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm output', n, h, [acts], [c, hOut]);
    this.k.lstmOutput(acts.data, c.data, hOut.data, n, h);
  }
  /** Gate pre-activation gradients. */
  lstmBackwardGates(acts: Tensor, c: Tensor, cPrev: Tensor, dh: Tensor, dcNext: Tensor, dz: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm backward', n, h, [acts, dz], [c, cPrev, dh, dcNext]);
    this.k.lstmBackwardGates(acts.data, c.data, cPrev.data, dh.data, dcNext.data, dz.data, n, h);
  }
  /** Cell gradient handed back one step. */
  lstmBackwardCell(acts: Tensor, c: Tensor, dh: Tensor, dcNext: Tensor, dcPrev: Tensor, n: number, h: number): void {
    this.lstmShapes('lstm backward', n, h, [acts], [c, dh, dcNext, dcPrev]);
    this.k.lstmBackwardCell(acts.data, c.data, dh.data, dcNext.data, dcPrev.data, n, h);
  }
  /** out = beta·v + (1−beta)·g². */
  emaSquare(v: Tensor, g: Tensor, out: Tensor, beta: number): void {
    this.k.emaSquare(v.data, g.data, out.data, this.same('adam', v, g, out), beta);
  }
  /** out = p − lr·m/(√v + eps). */
  adamApply(p: Tensor, m: Tensor, v: Tensor, out: Tensor, lr: number, eps: number): void {
    this.k.adamApply(p.data, m.data, v.data, out.data, this.same('adam', p, m, v, out), lr, eps);
  }
}
