import { GPU } from 'gpu.js';
import { BackendError } from '../../errors.js';
import { type Backend, type BackendCounters, type ConvGeom, type F32, type KernelTable, type PoolGeom, zeroCounters, SOFTWARE_RENDERER } from '../types.js';
import { type DeviceStore, TensorStorage } from '../../tensor.js';
import { yieldToPage } from '../../yield.js';
import { KERNEL_SOURCES } from './kernel-sources.js';

/** A kernel body's name in `kernels.ts` without its `Kernel` suffix (its source is `KERNEL_SOURCES[name + 'Kernel']`). */
type KernelBody = { [K in keyof typeof import('./kernels.js')]: K extends `${infer B}Kernel` ? B : never }[keyof typeof import('./kernels.js')];

/** gpu.js modes the engine compiles its kernels for. */
export type GpuJsMode = 'cpu' | 'webasm' | 'webgl2' | 'webgl' | 'webgpu';

/** Every gpu.js mode, best GPU first. */
export const GPU_JS_MODES: readonly GpuJsMode[] = ['webgpu', 'webgl2', 'webgl', 'webasm', 'cpu'];

/** Options for {@link createGpuJsBackend}. */
export interface GpuJsBackendOptions {
  /** Cap on any loop inside a kernel (GL unrolls to this bound). Default 65536. */
  loopMaxIterations?: number;
  /**
   * Deferred results: kernels may return Promises (gpu.js webgpu always does), `out` is filled when they settle,
   * and {@link GpuJsBackend.flush} awaits them. Outputs must not be read before `flush()`, so the layers (which
   * read losses right away) cannot train on a deferred backend; conformance tests and batch inference can.
   * Create one with {@link createGpuJsBackendAsync}.
   */
  deferred?: boolean;
  /** Renderer / adapter description found by the async factory (WebGPU adapter info), for the software check. */
  renderer?: string | null;
  /**
   * Keep kernel results on the device (default: true, except deferred GL backends): kernels compile with gpu.js
   * `pipeline: true, immutable: true`, a result stays where gpu.js made it (a texture on webgl2/webgl, a storage
   * buffer on webgpu, a fresh array on cpu/webasm) and is the next kernel's input as it is; host reads are explicit
   * and counted. `false` gives the copy-into-`out` path (every result read back). On webgpu a resident backend
   * queues its kernels (see {@link GpuJsBackend.queued}).
   */
  resident?: boolean;
}

export { SOFTWARE_RENDERER };

/** What a pipeline kernel returns on GL: a texture handle (gpu.js `Texture`). */
type TextureLike = { toArray(): Float32Array | number[]; delete(): void };
/** The parts of gpu.js's GL float texture the asynchronous readback uses. */
type GlTexture = TextureLike & { context?: unknown; size: [number, number]; texture: WebGLTexture; framebuffer?: () => WebGLFramebuffer };


/** What a webgpu pipeline kernel resolves to: gpu.js's `WebGPUBufferResult`, a storage buffer with a refcount. */
type BufferResultLike = { toArray(): Promise<Float32Array | number[]>; delete(): void; context?: { device?: { queue: { onSubmittedWorkDone(): Promise<void> } } } };

/**
 * The device handle of a tensor on a queued (webgpu) backend: filled with gpu.js's buffer result when the kernel
 * that makes it has run. Kernels run in the order they were called, so a kernel finds its inputs' values filled.
 */
class QueuedHandle {
  value: BufferResultLike | null = null;
}

type AnyKernel = ((...args: unknown[]) => unknown) & {
  setOutput(o: number[]): unknown;
  kernel?: { constructor?: { mode?: string }; fallbackReason?: string | null; context?: unknown };
  destroy?: () => void;
};

/**
 * A backend whose kernels are the gpu.js bodies in `kernels.ts`, compiled for one gpu.js mode. Kernels compile
 * lazily on first use with a 1-D dynamic output, so one compiled kernel serves every size; results are copied into
 * the caller's `out`. `executed()` reports the mode gpu.js actually ran (it silently degrades, for example webasm →
 * cpu for unsupported features), which is what the demos and benchmarks must print.
 */
export class GpuJsBackend implements Backend, DeviceStore {
  readonly name: string;
  /** Readbacks, kernel calls, uploads, live device buffers (see `engine.stats()`). */
  readonly counters: BackendCounters = zeroCounters();
  /** Kernels keep their results on the device (see {@link GpuJsBackendOptions.resident}). */
  readonly resident: boolean;
  readonly isGpu: boolean;
  readonly kernels: KernelTable;
  /** Renderer string of the GL context, when there is one (used to spot software GL). */
  readonly renderer: string | null;
  private readonly gpu: GPU;
  private readonly cache = new Map<string, { k: AnyKernel; size: number }>();
  private readonly ranModes = new Set<string>();
  private readonly loopMax: number;
  private readonly deferred: boolean;
  private pending: Promise<void>[] = [];
  /**
   * True on a resident webgpu backend. gpu.js webgpu kernels return Promises (of a buffer result that exists once
   * the kernel is submitted), and the engine's kernel contract is synchronous, so each call is queued: it runs when
   * the calls before it have, and its output tensor holds a {@link QueuedHandle} at once. Only asynchronous reads
   * (`await t.read()`) can see values; `train()` awaits {@link flush} after each chunk.
   */
  readonly queued: boolean;
  private tail: Promise<void> = Promise.resolve();
  private queueError: unknown = null;
  private lastResult: BufferResultLike | null = null;

  /** Creates the gpu.js instance for `mode`; throws a BackendError when the mode cannot run here. */
  constructor(
    readonly mode: GpuJsMode,
    options: GpuJsBackendOptions = {},
  ) {
    this.name = `gpu.js-${mode}`;
    this.loopMax = options.loopMaxIterations ?? 65536;
    this.deferred = options.deferred ?? false;
    this.resident = (mode === 'webgpu' || !this.deferred) && (options.resident ?? true);
    this.queued = mode === 'webgpu' && this.resident;
    if (mode === 'webgpu' && !this.deferred) {
      // An adapter must answer (asynchronously) before gpu.js can compile for webgpu, and the probe's result comes
      // back as a Promise: only the async factory can start this mode.
      throw new BackendError('gpu.js webgpu starts asynchronously: use createBackendAsync(\'gpu.js-webgpu\') or createGpuJsBackendAsync(\'webgpu\')', this.name);
    }
    if (mode === 'webasm' && !GPU.isWebAssemblySupported) throw new BackendError('gpu.js cannot run webasm here (no WebAssembly, or a gpu.js build without its webasm backend, as in the demo pages)', this.name);
    if ((mode === 'webgl2' && !GPU.isWebGL2Supported) || (mode === 'webgl' && !GPU.isWebGLSupported)) {
      throw new BackendError(`${mode} is not available in this environment`, this.name);
    }
    try {
      this.gpu = new GPU({ mode });
    } catch (cause) {
      throw new BackendError(`gpu.js could not start in ${mode} mode: ${String(cause)}`, this.name, { cause });
    }
    this.kernels = this.buildTable();
    if (this.deferred) {
      // Probed by createGpuJsBackendAsync, which can await the result.
      this.renderer = options.renderer ?? null;
      this.isGpu = mode === 'webgpu' && !(this.renderer !== null && SOFTWARE_RENDERER.test(this.renderer));
      return;
    }
    // Probe: compile and run one kernel, and make sure gpu.js really runs the requested mode.
    const out = this.probe();
    this.checkProbe(out);
    // The GL context exists only once a kernel has been built, so read the renderer after the probe.
    const probeKernel = [...this.cache.values()][0]?.k as { kernel?: { context?: unknown } } | undefined;
    this.renderer = readRenderer(this.gpu) ?? readRenderer(probeKernel?.kernel);
    this.isGpu = (mode === 'webgl2' || mode === 'webgl') && !(this.renderer !== null && SOFTWARE_RENDERER.test(this.renderer));
  }

  /** Runs the probe kernel (1,2)+(1,2); the result is in the returned array (after `flush()` when deferred). */
  probe(): Float32Array {
    const probe = new Float32Array([1, 2]);
    const out = new Float32Array(2);
    this.kernels.add(probe, probe, out, 2);
    return out;
  }

  /** Throws a BackendError unless the probe gave 2,4 on the requested mode. */
  checkProbe(out: Float32Array): void {
    if (out[1] !== 4) throw new BackendError(`probe kernel returned ${Array.from(out).join(',')} instead of 2,4`, this.name);
    const ran = [...this.ranModes];
    if (ran.length !== 1 || ran[0] !== this.mode) {
      throw new BackendError(`requested gpu.js mode ${this.mode} but kernels executed on ${ran.join(', ') || 'nothing'}`, this.name);
    }
  }

  /**
   * Waits until every deferred kernel result has been written to its `out` and every queued kernel has been
   * submitted (a no-op on other backends). Rethrows the first error of a queued kernel: the tensors after it never
   * got values, so the queue stays failed.
   */
  async flush(): Promise<void> {
    while (this.pending.length) {
      const p = this.pending;
      this.pending = [];
      await Promise.all(p);
    }
    if (this.queued) {
      await this.tail;
      if (this.queueError !== null) throw this.queueError;
    }
  }

  /** {@link flush}, then waits until the device has finished the work submitted so far (what a timing must wait for). */
  async sync(): Promise<void> {
    await this.flush();
    await this.lastResult?.context?.device?.queue.onSubmittedWorkDone();
  }

  /** Runs `op` after every queued call before it; the first error is kept and skips the rest. */
  private enqueue(op: () => unknown): void {
    this.tail = this.tail
      .then(() => (this.queueError === null ? op() : undefined))
      .then(
        () => undefined,
        (e: unknown) => {
          this.queueError ??= e;
        },
      );
  }

  /** The gpu.js mode(s) kernels actually executed in so far, e.g. `gpu.js webasm`. */
  executed(): string {
    const modes = [...this.ranModes];
    const r = this.renderer ? ` (${this.renderer})` : '';
    return `gpu.js ${modes.length ? modes.join('+') : this.mode}${r}`;
  }

  /** One readback of a device handle (a texture's readPixels on GL; a kernel result array on cpu/webasm). */
  readDevice(handle: unknown, size: number): Float32Array {
    if (handle instanceof QueuedHandle) {
      throw new BackendError(
        'a tensor on gpu.js-webgpu lives in a GPU buffer that can only be read asynchronously: use `await tensor.read()` ' +
          '(train() reads the loss that way), or a model method that awaits (readWeights, saveAsync, accuracyAsync)',
        this.name,
      );
    }
    this.counters.readbacks++;
    if (handle instanceof Float32Array) return handle;
    const r = (handle as TextureLike).toArray();
    return r instanceof Float32Array ? r : Float32Array.from(r.slice(0, size));
  }

  /**
   * A readback that does not block the thread, on webgl2 (elsewhere {@link readDevice}): readPixels into a
   * pixel-pack buffer, a fence, polled once per macrotask until the GPU has caught up, then a plain copy.
   */
  async readDeviceAsync(handle: unknown, size: number): Promise<Float32Array> {
    if (handle instanceof QueuedHandle) {
      this.counters.readbacks++;
      // The copy is issued in queue order (after the kernel that fills the handle, before any later call releases
      // it); only the wait for the mapped buffer is outside the queue.
      let values: Promise<Float32Array | number[]> | null = null;
      const issued = this.tail.then(() => {
        if (this.queueError !== null) throw this.queueError;
        values = handle.value!.toArray();
      });
      this.tail = issued.catch(() => undefined);
      await issued;
      const r = await values!;
      return r instanceof Float32Array ? (r.length === size ? r : r.slice(0, size)) : Float32Array.from(r.slice(0, size));
    }
    const tex = handle as GlTexture;
    const gl = tex?.context as WebGL2RenderingContext | undefined;
    if (handle instanceof Float32Array || this.mode !== 'webgl2' || !gl || typeof gl.fenceSync !== 'function' || typeof tex.framebuffer !== 'function') {
      return this.readDevice(handle, size);
    }
    this.counters.readbacks++;
    const [w, h] = tex.size;
    gl.bindFramebuffer(gl.FRAMEBUFFER, tex.framebuffer());
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex.texture, 0);
    const pbo = gl.createBuffer();
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, w * h * 16, gl.STREAM_READ);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.FLOAT, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)!;
    gl.flush(); // a fence that is never submitted never signals
    try {
      while (gl.clientWaitSync(sync, 0, 0) === gl.TIMEOUT_EXPIRED) {
        if (gl.isContextLost()) throw new BackendError('WebGL context lost during a readback', this.name);
        await yieldToPage();
      }
      const raw = new Float32Array(w * h * 4);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
      gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, raw);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      // One value per RGBA pixel, as gpu.js's float textures store them (its toArray reads the same way).
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = raw[4 * i]!;
      return out;
    } finally {
      gl.deleteSync(sync);
      gl.deleteBuffer(pbo);
    }
  }

  /** Frees a device handle (deletes a texture; lets a result array go). */
  releaseDevice(handle: unknown): void {
    this.counters.liveBuffers--;
    if (handle instanceof QueuedHandle) this.enqueue(() => handle.value?.delete());
    else if (!(handle instanceof Float32Array)) (handle as TextureLike).delete();
  }

  /** Destroys the gpu.js instance and its kernels. */
  dispose(): void {
    // Queued calls not yet run would find their kernels destroyed: they are skipped instead.
    if (this.queued) this.queueError ??= new BackendError('the backend was disposed', this.name);
    for (const { k } of this.cache.values()) k.destroy?.();
    this.cache.clear();
    void this.gpu.destroy();
  }

  /**
   * Runs kernel `fn` over `size` threads. `out` is a host array (the result is copied into it: one readback) or,
   * from an engine on a resident backend, a tensor storage that keeps the result handle. One compiled kernel per name and
   * argument-size signature: gpu.js's `dynamicArguments`/`dynamicOutput` re-validate every argument on every call
   * (~15 µs per call in cpu mode, measured), which at demo sizes costs more than the kernel; a model touches only a
   * handful of signatures, so compiling each once is cheaper.
   */
  private run(name: KernelBody, size: number, out: F32 | TensorStorage, args: unknown[]): void {
    // Resident call: `out` is a storage (the engine passes storages on a resident backend). Storage arguments are
    // replaced by this backend's device handle when they have one, else by their host array (an upload on GL).
    const resident = out instanceof TensorStorage;
    let key = name + ':' + size + (resident ? ':p' : '');
    let outIsInput = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a instanceof TensorStorage) {
        if (a === out) outIsInput = true;
        if (a.device !== null && a.store === this) {
          args[i] = a.device;
          key += a.device instanceof Float32Array ? ':' + a.size : ':t' + a.size;
        } else {
          if (a.device !== null) a.toHost(); // another backend's device copy: bring it over through the host
          // A queued kernel runs later: it takes a copy of the host values as they are now (a batch is refilled in place).
          args[i] = this.queued ? a.syncHost().slice() : a.syncHost();
          this.counters.uploads++;
          key += ':' + a.size;
        }
      } else if (a instanceof Float32Array) key += ':' + a.length;
    }
    let k = this.cache.get(key)?.k;
    if (!k) {
      // loopMaxIterations is a documented kernel setting missing from gpu.js's IGPUKernelSettings typings.
      const settings = {
        output: [size],
        loopMaxIterations: this.loopMax,
        precision: 'single',
        tactic: 'precision',
        // Resident: results stay where gpu.js made them and every call returns a new one (immutable), so one
        // compiled kernel can serve several tensors; the storage that holds a result frees it when replaced.
        ...(resident ? { pipeline: true, immutable: true } : {}),
      } as const;
      // The generated source string, not the function in kernels.ts: gpu.js parses the function's text, and a
      // minified bundle's text (merged loop counters, renamed locals) compiles to invalid GLSL. Only the names
      // are referenced here, so a bundle carries the strings and not the functions too.
      const source = KERNEL_SOURCES[name + 'Kernel'];
      if (source === undefined) throw new BackendError(`kernel '${name}' has no generated source (regenerate kernel-sources.ts)`, this.name);
      k = this.gpu.createKernel(source as never, settings as never) as unknown as AnyKernel;
      this.cache.set(key, { k, size });
    }
    // A result that replaces values no argument reads: release them first, so the kernel renders into the texture
    // it made last time (gpu.js reuses it once its clone is deleted) instead of allocating one per call.
    if (resident && !outIsInput && out.store === this) out.discardForOverwrite();
    const kernel = k;
    if (resident && this.queued) {
      const handle = new QueuedHandle();
      this.enqueue(async () => {
        const real = args.map((a) => (a instanceof QueuedHandle ? a.value : a));
        const r = (await kernel(...real)) as BufferResultLike;
        handle.value = r;
        this.lastResult = r;
        const m = executedMode(kernel);
        if (m) this.ranModes.add(m);
      });
      this.counters.liveBuffers++;
      out.setDevice(this, handle);
      return;
    }
    const result = k(...args) as F32 | Promise<F32>;
    if (resident) {
      if (result instanceof Promise) throw new BackendError(`kernel '${name}' returned a Promise on a resident backend`, this.name);
      this.counters.liveBuffers++;
      const r = result as unknown;
      out.setDevice(this, r instanceof Float32Array && r.length !== size ? r.subarray(0, size) : r);
      const m = executedMode(kernel);
      if (m) this.ranModes.add(m);
      return;
    }
    const accept = (r: unknown): void => {
      if (!(r instanceof Float32Array)) {
        throw new BackendError(`kernel '${name}' returned ${Object.prototype.toString.call(r)}, not a Float32Array`, this.name);
      }
      this.counters.readbacks++;
      out.set(r.length === size ? r : r.subarray(0, size));
      const m = executedMode(kernel);
      if (m) this.ranModes.add(m);
    };
    if (result instanceof Promise) {
      if (!this.deferred) throw new BackendError(`kernel '${name}' returned a Promise; create the backend with { deferred: true }`, this.name);
      this.pending.push(result.then(accept));
    } else accept(result);
  }

  private buildTable(): KernelTable {
    const run = this.run.bind(this);
    const b = (v: boolean): number => (v ? 1 : 0);
    return {
      matmul: (a, bb, out, m, k, n, ta, tb, acc) => run('matmul', m * n, out, [a, bb, out, m, k, n, b(ta), b(tb), b(acc)]),
      addRowVector: (x, v, out, rows, cols) => run('addRowVector', rows * cols, out, [x, v, cols]),
      sumRows: (x, out, rows, cols, acc) => run('sumRows', cols, out, [x, out, rows, cols, b(acc)]),
      add: (a, bb, out, n) => run('add', n, out, [a, bb]),
      sub: (a, bb, out, n) => run('sub', n, out, [a, bb]),
      mul: (a, bb, out, n) => run('mul', n, out, [a, bb]),
      axpby: (x, y, out, n, alpha, beta) => run('axpby', n, out, [x, y, alpha, beta]),
      sigmoid: (x, out, n) => run('sigmoid', n, out, [x]),
      tanh: (x, out, n) => run('tanh', n, out, [x]),
      relu: (x, out, n) => run('relu', n, out, [x]),
      sigmoidBackward: (y, dy, out, n) => run('sigmoidBackward', n, out, [y, dy]),
      tanhBackward: (y, dy, out, n) => run('tanhBackward', n, out, [y, dy]),
      reluBackward: (x, dy, out, n) => run('reluBackward', n, out, [x, dy]),
      softmaxRows: (x, out, rows, cols) => run('softmaxRows', rows * cols, out, [x, cols]),
      softmaxCrossEntropyBackward: (p, t, out, rows, cols) =>
        run('softmaxCrossEntropyBackward', rows * cols, out, [p, t, rows]),
      conv2d: (x, w, bias, out, g: ConvGeom) =>
        run('conv2d', g.n * g.f * g.oh * g.ow, out, [x, w, bias, g.c, g.h, g.w, g.f, g.k, g.stride, g.pad, g.oh, g.ow]),
      conv2dBackwardInput: (dy, w, dx, g: ConvGeom) =>
        run('conv2dBackwardInput', g.n * g.c * g.h * g.w, dx, [dy, w, g.c, g.h, g.w, g.f, g.k, g.stride, g.pad, g.oh, g.ow]),
      conv2dBackwardFilter: (x, dy, dw, g: ConvGeom, acc) =>
        run('conv2dBackwardFilter', g.f * g.c * g.k * g.k, dw, [x, dy, dw, b(acc), g.n, g.c, g.h, g.w, g.f, g.k, g.stride, g.pad, g.oh, g.ow]),
      conv2dBackwardBias: (dy, db, g: ConvGeom, acc) =>
        run('conv2dBackwardBias', g.f, db, [dy, db, b(acc), g.n, g.f, g.oh * g.ow]),
      maxPool: (x, out, g: PoolGeom) =>
        run('maxPool', g.n * g.c * g.oh * g.ow, out, [x, g.h, g.w, g.k, g.stride, g.pad, g.oh, g.ow]),
      maxPoolBackward: (x, dy, dx, g: PoolGeom) =>
        run('maxPoolBackward', g.n * g.c * g.h * g.w, dx, [x, dy, g.h, g.w, g.k, g.stride, g.pad, g.oh, g.ow]),
      lstmGates: (z, acts, n, h) => run('lstmGates', n * 4 * h, acts, [z, h]),
      lstmState: (acts, cPrev, c, n, h) => run('lstmState', n * h, c, [acts, cPrev, h]),
      lstmOutput: (acts, c, hOut, n, h) => run('lstmOutput', n * h, hOut, [acts, c, h]),
      lstmBackwardGates: (acts, c, cPrev, dh, dcNext, dz, n, h) =>
        run('lstmBackwardGates', n * 4 * h, dz, [acts, c, cPrev, dh, dcNext, h]),
      lstmBackwardCell: (acts, c, dh, dcNext, dcPrev, n, h) =>
        run('lstmBackwardCell', n * h, dcPrev, [acts, c, dh, dcNext, h]),
      emaSquare: (v, g, out, n, beta) => run('emaSquare', n, out, [v, g, beta]),
      adamApply: (p, m, v, out, n, lr, eps) => run('adamApply', n, out, [p, m, v, lr, eps]),
      mseLoss: (p, t, out, rows, n) => run('mseLoss', 1, out, [p, t, rows, n]),
      crossEntropyLoss: (p, t, out, rows, n) => run('crossEntropyLoss', 1, out, [p, t, rows, n]),
      lossAccumulate: (acc, loss, out, reset) => run('lossAccumulate', 2, out, [acc, loss, b(reset)]),
      clip: (x, out, n, maxAbs) => run('clip', n, out, [x, maxAbs]),
      copySlice: (src, dst, out, size, so, dof, n) => run('copySlice', size, out, [src, dst, so, dof, n]),
      argmaxMatches: (y, labels, out, rows, cols) => run('argmaxMatches', 1, out, [y, labels, rows, cols]),
    };
  }
}

/**
 * The gpu.js mode a kernel really executed in. gpu.js reports every GL kernel as mode `gpu`, so for those the
 * context type tells webgl2 from webgl (class names are minified in gpu-browser.min.js and cannot be used).
 */
function executedMode(k: AnyKernel): string | undefined {
  const m = k.kernel?.constructor?.mode;
  if (m !== 'gpu') return m;
  const ctx = k.kernel?.context;
  if (typeof WebGL2RenderingContext !== 'undefined' && ctx instanceof WebGL2RenderingContext) return 'webgl2';
  if (typeof WebGLRenderingContext !== 'undefined' && ctx instanceof WebGLRenderingContext) return 'webgl';
  return 'gpu';
}

/** "vendor architecture description (fallback)" of the WebGPU adapter, to spot SwiftShader; null if unknown. */
async function webGpuAdapterDescription(): Promise<string | null> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string } };
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<Adapter | null> } } }).navigator?.gpu;
  try {
    const a = await gpu?.requestAdapter();
    if (!a) return null;
    const i = a.info ?? {};
    const parts = [i.vendor, i.architecture, i.description].filter((v) => v);
    return `${parts.join(' ')}${a.isFallbackAdapter ? ' (fallback adapter: software)' : ''}` || null;
  } catch {
    return null;
  }
}

/** Reads the unmasked renderer string of gpu.js's GL context, or null without one. */
function readRenderer(holder: unknown): string | null {
  const gl = (holder as { context?: WebGLRenderingContext | null } | undefined)?.context;
  if (!gl || typeof gl.getParameter !== 'function') return null;
  try {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const r = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return typeof r === 'string' ? r : null;
  } catch {
    return null;
  }
}

/**
 * Creates a gpu.js backend whose kernels may return Promises and awaits its probe: the way to start `webgpu`.
 * Host-array calls (the conformance suite, `out` a Float32Array) fill `out` when they settle: `await
 * backend.flush()` before reading. On webgpu the backend is also resident and queued (unless `resident: false`), so
 * an {@link Engine} on it trains as on webgl2, with values read through `await t.read()`.
 */
export async function createGpuJsBackendAsync(mode: GpuJsMode, options: Omit<GpuJsBackendOptions, 'deferred'> = {}): Promise<GpuJsBackend> {
  let renderer: string | null = null;
  if (mode === 'webgpu') {
    if (!(await GPU.isWebGPUAvailable())) throw new BackendError('no WebGPU adapter answered', `gpu.js-${mode}`);
    renderer = await webGpuAdapterDescription();
  }
  const b = new GpuJsBackend(mode, { ...options, deferred: true, renderer });
  const out = b.probe();
  await b.flush();
  b.checkProbe(out);
  return b;
}

/** Creates a gpu.js backend for `mode` (throws a BackendError naming the mode when it cannot run here). */
export function createGpuJsBackend(mode: GpuJsMode, options?: GpuJsBackendOptions): Backend {
  return new GpuJsBackend(mode, options);
}
