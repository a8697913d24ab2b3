/**
 * The primitive contract every backend implements: a table of kernels over flat Float32Arrays plus the sizes the
 * dispatcher (`engine.ts`) has already checked. Kernels write into a caller-owned `out` array, so layers
 * preallocate once and a training step allocates nothing on the reference backend; a gpu.js backend copies its
 * kernel result into `out` (which also sidesteps gpu.js's "a kernel fed its own output" trap).
 *
 * Unless stated otherwise `out` must not alias an input. Elementwise kernels (`add`, `axpby`, …) allow
 * `out === x` because each output cell reads only its own input cell.
 */

/** A flat float32 buffer. */
export type F32 = Float32Array;

/** Geometry of a batched NCHW convolution, computed by the dispatcher from `nn/shape.ts`. */
export interface ConvGeom {
  /** Batch size. */
  n: number;
  /** Input channels, height, width. */
  c: number;
  h: number;
  w: number;
  /** Filters (output channels) and square kernel size. */
  f: number;
  k: number;
  stride: number;
  pad: number;
  /** Output height and width, N = (W − F + 2P)/S + 1. */
  oh: number;
  ow: number;
}

/** Geometry of a batched NCHW max-pool. */
export interface PoolGeom {
  n: number;
  c: number;
  h: number;
  w: number;
  k: number;
  stride: number;
  pad: number;
  oh: number;
  ow: number;
}

/** The kernels. Shapes are in comments as row-major dims; all arrays are flat. */
export interface KernelTable {
  /** out[m,n] = op(a)·op(b) (+ out if `accumulate`), op(a) is [m,k] (a is [k,m] when `transA`), op(b) is [k,n]. */
  matmul(a: F32, b: F32, out: F32, m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean): void;
  /** out[i,j] = x[i,j] + v[j]. */
  addRowVector(x: F32, v: F32, out: F32, rows: number, cols: number): void;
  /** out[j] = Σ_i x[i,j] (+ out if `accumulate`). */
  sumRows(x: F32, out: F32, rows: number, cols: number, accumulate: boolean): void;
  /** out = a + b. */
  add(a: F32, b: F32, out: F32, n: number): void;
  /** out = a − b. */
  sub(a: F32, b: F32, out: F32, n: number): void;
  /** out = a ⊙ b. */
  mul(a: F32, b: F32, out: F32, n: number): void;
  /** out = alpha·x + beta·y (SGD, momentum and Adam's first moment are all this). */
  axpby(x: F32, y: F32, out: F32, n: number, alpha: number, beta: number): void;
  /** out = σ(x). */
  sigmoid(x: F32, out: F32, n: number): void;
  /** out = tanh(x). */
  tanh(x: F32, out: F32, n: number): void;
  /** out = max(0, x). */
  relu(x: F32, out: F32, n: number): void;
  /** out = dy·y(1−y), given y = σ(x). */
  sigmoidBackward(y: F32, dy: F32, out: F32, n: number): void;
  /** out = dy·(1−y²), given y = tanh(x). */
  tanhBackward(y: F32, dy: F32, out: F32, n: number): void;
  /** out = dy where x > 0, else 0. */
  reluBackward(x: F32, dy: F32, out: F32, n: number): void;
  /** Row-wise softmax of x[rows, cols], max-subtracted for stability. */
  softmaxRows(x: F32, out: F32, rows: number, cols: number): void;
  /** Gradient of mean cross-entropy w.r.t. the logits: out = (p − t)/rows. */
  softmaxCrossEntropyBackward(p: F32, t: F32, out: F32, rows: number, cols: number): void;
  /** out[n,f,oy,ox] = b[f] + Σ_{c,ky,kx} x[n,c,oy·S−P+ky,ox·S−P+kx]·w[f,c,ky,kx]. */
  conv2d(x: F32, w: F32, b: F32, out: F32, g: ConvGeom): void;
  /** dx[n,c,y,x] = Σ dy[n,f,oy,ox]·w[f,c,ky,kx] over the windows that read (y,x). */
  conv2dBackwardInput(dy: F32, w: F32, dx: F32, g: ConvGeom): void;
  /** dw[f,c,ky,kx] = Σ_{n,oy,ox} x[…]·dy[n,f,oy,ox] (+ dw if `accumulate`). */
  conv2dBackwardFilter(x: F32, dy: F32, dw: F32, g: ConvGeom, accumulate: boolean): void;
  /** db[f] = Σ_{n,oy,ox} dy[n,f,oy,ox] (+ db if `accumulate`). */
  conv2dBackwardBias(dy: F32, db: F32, g: ConvGeom, accumulate: boolean): void;
  /** out[n,c,oy,ox] = max over the window (padding cells are ignored). */
  maxPool(x: F32, out: F32, g: PoolGeom): void;
  /** Routes dy to the first maximal cell of each window (ties go to the lowest index, as in the forward pass). */
  maxPoolBackward(x: F32, dy: F32, dx: F32, g: PoolGeom): void;
  /** LSTM gate activations: z[n,4h] laid out [i|f|o|g] → σ, σ, σ, tanh. */
  lstmGates(z: F32, acts: F32, n: number, h: number): void;
  /** c = f⊙cPrev + i⊙g. */
  lstmState(acts: F32, cPrev: F32, c: F32, n: number, h: number): void;
  /** hOut = o⊙tanh(c). */
  lstmOutput(acts: F32, c: F32, hOut: F32, n: number, h: number): void;
  /** dz[n,4h] from dh and the cell gradient coming back from step t+1 (dc = dh⊙o⊙(1−tanh²c) + dcNext). */
  lstmBackwardGates(acts: F32, c: F32, cPrev: F32, dh: F32, dcNext: F32, dz: F32, n: number, h: number): void;
  /** dcPrev = dc⊙f, the cell gradient handed to step t−1. */
  lstmBackwardCell(acts: F32, c: F32, dh: F32, dcNext: F32, dcPrev: F32, n: number, h: number): void;
  /** out = beta·v + (1−beta)·g² (Adam's second moment). */
  emaSquare(v: F32, g: F32, out: F32, n: number, beta: number): void;
  /** out = p − lr·m/(√v + eps) (Adam's step, bias correction folded into lr by the caller). */
  adamApply(p: F32, m: F32, v: F32, out: F32, n: number, lr: number, eps: number): void;
  /** out[0] = ½Σ(p − t)²/rows over n values (the MSE loss, reduced where the predictions are). */
  mseLoss(p: F32, t: F32, out: F32, rows: number, n: number): void;
  /** out[0] = −Σ_{t≠0} t·log(max(p, 1e−30))/rows over n values (cross-entropy of probabilities p). */
  crossEntropyLoss(p: F32, t: F32, out: F32, rows: number, n: number): void;
  /** out[0] = loss[0]; out[1] = loss[0] + (reset ? 0 : acc[1]): the last loss and the sum since the last read. out may be acc. */
  lossAccumulate(acc: F32, loss: F32, out: F32, reset: boolean): void;
  /** out = clamp(x, −maxAbs, maxAbs) (gradient clipping); out may be x. */
  clip(x: F32, out: F32, n: number, maxAbs: number): void;
  /**
   * out[i] = src[srcOffset + i − dstOffset] for i in [dstOffset, dstOffset + n), else dst[i]; out and dst have
   * `size` values and out may be dst. A timestep's rows into (or out of) a [T, N, …] tensor on a resident backend.
   */
  copySlice(src: F32, dst: F32, out: F32, size: number, srcOffset: number, dstOffset: number, n: number): void;
  /** out[0] = the number of rows of y[rows, cols] whose first maximal column equals labels[row] (accuracy's count). */
  argmaxMatches(y: F32, labels: F32, out: F32, rows: number, cols: number): void;
}

/** Names of the kernels, for registries and error messages. */
export type KernelName = keyof KernelTable;

/** Every kernel name, in contract order (tests iterate over it so a new kernel cannot skip conformance). */
export const KERNEL_NAMES: readonly KernelName[] = [
  'matmul', 'addRowVector', 'sumRows', 'add', 'sub', 'mul', 'axpby', 'sigmoid', 'tanh', 'relu', 'sigmoidBackward',
  'tanhBackward', 'reluBackward', 'softmaxRows', 'softmaxCrossEntropyBackward', 'conv2d', 'conv2dBackwardInput',
  'conv2dBackwardFilter', 'conv2dBackwardBias', 'maxPool', 'maxPoolBackward', 'lstmGates', 'lstmState', 'lstmOutput',
  'lstmBackwardGates', 'lstmBackwardCell', 'emaSquare', 'adamApply', 'mseLoss', 'crossEntropyLoss', 'lossAccumulate', 'clip', 'copySlice',
  'argmaxMatches',
];

/**
 * Counters a backend keeps (read through `engine.stats()`): what the benchmark reports as readbacks per step and
 * what the leak test watches.
 */
export interface BackendCounters {
  /** Kernel results brought to host arrays: a GL readPixels on webgl2/webgl (a copy on gpu.js cpu/webasm). */
  readbacks: number;
  /** Kernels dispatched through an engine on this backend. */
  kernelCalls: number;
  /** Host arrays handed to a resident kernel (an upload on GL). */
  uploads: number;
  /** Device buffers this backend holds for tensors (textures on GL, kernel output arrays on cpu/webasm). */
  liveBuffers: number;
}

/** Fresh zero counters. */
export function zeroCounters(): BackendCounters {
  return { readbacks: 0, kernelCalls: 0, uploads: 0, liveBuffers: 0 };
}

/** A backend: a name, what actually executes (for gpu.js the mode its kernels really ran in), and its kernels. */
export interface Backend {
  /** Registry name, e.g. `reference`, `gpu.js-webasm`. */
  readonly name: string;
  /** What actually ran: for gpu.js the executed kernel mode (which may differ from the requested one). */
  executed(): string;
  /** The kernels this backend implements; a missing one is reported, or falls back, by the engine. */
  readonly kernels: Partial<KernelTable>;
  /** True when the backend runs on a real GPU (not a software renderer such as SwiftShader or llvmpipe). */
  readonly isGpu: boolean;
  /** Renderer or adapter description when the backend draws through one (WebGL, WebGPU), else absent/null. */
  readonly renderer?: string | null;
  /** Releases resources (gpu.js contexts, textures). */
  dispose(): void;
  /** Counters (see {@link BackendCounters}); a backend without them gets engine-side ones. */
  readonly counters?: BackendCounters;
  /**
   * True when kernels take tensor storages and keep their results on the device (gpu.js `pipeline`): the engine
   * then passes `TensorStorage`s instead of host arrays, and `out` receives a device handle instead of values.
   */
  readonly resident?: boolean;
}

/**
 * Software rasterisers that expose WebGL but are not a GPU (they lose to webasm on every workload we measured).
 * Here, not in the gpu.js backend, so code that must not load gpu.js (backend choice on the page) can test a
 * renderer string too.
 */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|lavapipe/i;

/**
 * True for a WebGL or WebGPU backend that is not a GPU (SwiftShader, llvmpipe, lavapipe): it loses to plain JS on
 * every workload we measured, so backend choice skips it, and its "GPU" is CPU threads of the browser's GPU process
 * (a Worker training there yields as long as it ran). Duck-typed on purpose, so callers need not import gpu.js.
 */
export function isSoftwareGl(b: Backend): boolean {
  return /^gpu\.js-web(gl|gpu)/.test(b.name) && !b.isGpu;
}
