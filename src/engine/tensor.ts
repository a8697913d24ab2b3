import { ShapeError } from './nn/shape.js';
import { NonFiniteError } from './errors.js';

/**
 * Where a backend keeps tensor values off the JS heap (gpu.js textures on webgl2/webgl, kernel result arrays on
 * gpu.js cpu/webasm), and how they come back. Implemented by {@link GpuJsBackend}; the reference backend keeps
 * everything in host arrays and needs none.
 */
export interface DeviceStore {
  /** Reads a handle's values into a new host array: one readback, counted by the store. */
  readDevice(handle: unknown, size: number): Float32Array;
  /** Frees a handle (deletes the texture); counted by the store. */
  releaseDevice(handle: unknown): void;
  /** Reads a handle back without blocking the thread (webgl2: a pixel-pack buffer and a fence); counted. */
  readDeviceAsync?(handle: unknown, size: number): Promise<Float32Array>;
}

// Live storages (tfjs's numDataBuffers) and the tidy scopes that track new ones.
let live = 0;
const scopes: TensorStorage[][] = [];

/** Tensor storages created and not yet disposed, in this JS realm (views made by `reshape` share one). */
export function liveTensorCount(): number {
  return live;
}

/**
 * The values behind one or more tensor handles (tfjs's `dataId`): a host array, a device handle owned by a
 * {@link DeviceStore}, or both. A kernel on a resident backend replaces the device handle (the old one is released)
 * and marks the host copy stale; reading the host copy reads the device back once.
 */
export class TensorStorage {
  /** Host values; valid when `hostValid`. Null after dispose. */
  host: Float32Array | null;
  /** True when `host` holds the current values. */
  hostValid = true;
  /** Device handle (texture or kernel output array) holding the current values, or null. */
  device: unknown = null;
  /** Who owns `device`. */
  store: DeviceStore | null = null;
  /** Kept by {@link keep}: tidy scopes do not dispose it. */
  kept = false;
  /** True once disposed. */
  disposed = false;
  /** Counted in {@link liveTensorCount} (false for host views into another tensor's array). */
  private readonly counted: boolean;

  constructor(
    host: Float32Array,
    readonly size: number,
    counted = true,
  ) {
    this.host = host;
    this.counted = counted;
    if (counted) {
      live++;
      if (scopes.length) scopes[scopes.length - 1]!.push(this);
    }
  }

  /** The host array with current values, read back from the device when stale (the device copy stays valid). */
  syncHost(): Float32Array {
    if (this.disposed || !this.host) throw new Error('tensor: used after dispose()');
    if (!this.hostValid) {
      const r = this.store!.readDevice(this.device, this.size);
      this.host.set(r.length === this.size ? r : r.subarray(0, this.size));
      this.hostValid = true;
    }
    return this.host;
  }

  /**
   * The current values without blocking where the store can (webgl2), as a copy. The host cache is filled too,
   * unless a kernel replaced the values while the read was in flight (the copy is then of the values at the call).
   */
  async readAsync(): Promise<Float32Array> {
    if (this.disposed || !this.host) throw new Error('tensor: used after dispose()');
    if (this.hostValid || !this.store?.readDeviceAsync) return this.syncHost().slice();
    const handle = this.device;
    const r = await this.store.readDeviceAsync(handle, this.size);
    if (this.device === handle && !this.disposed && this.host) {
      this.host.set(r);
      this.hostValid = true;
    }
    return r;
  }

  /** Makes the host array the only copy (for host writes): syncs it, then releases the device handle. */
  toHost(): Float32Array {
    const h = this.syncHost();
    this.dropDevice();
    return h;
  }

  /** Releases the device handle, if any (the host copy must be valid or be given up). */
  dropDevice(): void {
    if (this.device !== null) {
      const s = this.store!;
      const d = this.device;
      this.device = null;
      this.store = null;
      s.releaseDevice(d);
    }
  }

  /** A kernel wrote new values on `store`: they replace the device handle (the old one is released), host goes stale. */
  setDevice(store: DeviceStore, handle: unknown): void {
    const old = this.device;
    const oldStore = this.store;
    this.device = handle;
    this.store = store;
    this.hostValid = false;
    if (old !== null && old !== handle) oldStore!.releaseDevice(old);
  }

  /**
   * Gives up the current values because a kernel is about to overwrite them (the storage is not one of its
   * inputs): the device handle is released first, so gpu.js can render into that same texture again instead of
   * allocating a new one.
   */
  discardForOverwrite(): void {
    this.hostValid = false;
    this.dropDevice();
  }

  /** Frees the device handle and the host array; the storage cannot be used again. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropDevice();
    this.host = null;
    this.hostValid = false;
    if (this.counted) live--;
  }
}

/**
 * A dense row-major float32 tensor: a handle (shape + {@link TensorStorage}) whose values live where its backend
 * keeps them. On the reference backend and gpu.js backends without residency that is a host Float32Array; on a
 * resident gpu.js backend kernels chain device handles (gpu.js `pipeline` textures on webgl2/webgl) and nothing
 * comes back to the host until it is read:
 * - `await t.read()` (every backend) and `t.dataSync()` give the values; on a resident tensor each is one counted
 *   readback (`engine.stats().readbacks`) and the device copy stays;
 * - `t.data` is the host array for host code that reads *or writes* it (layers on CPU, `load()`, demos): on a
 *   resident tensor it reads back once (counted) and the host array becomes the only copy (the next kernel that
 *   takes it uploads it again).
 * Memory is released with {@link Tensor.dispose} or a {@link tidy} scope.
 */
export class Tensor {
  /** Number of scalars (product of the shape). */
  readonly size: number;
  /** The values (shared by `reshape` views). */
  readonly storage: TensorStorage;

  /** Wraps `data` (not copied); throws a ShapeError when the shape does not match its length. */
  constructor(data: Float32Array, shape: readonly number[]);
  /** A handle on an existing storage (a `reshape` view). */
  constructor(data: null, shape: readonly number[], storage: TensorStorage);
  constructor(
    data: Float32Array | null,
    readonly shape: readonly number[],
    storage?: TensorStorage,
  ) {
    const size = shapeSize(shape);
    const len = data ? data.length : storage!.size;
    if (size !== len) {
      throw new ShapeError(`tensor: shape [${shape.join(', ')}] holds ${size} values but the data has ${len}`);
    }
    this.size = size;
    this.storage = storage ?? new TensorStorage(data!, size);
  }

  /**
   * A tensor over part of another tensor's host array (no copy, not counted as a storage, never resident): the
   * LSTM's per-timestep slices. Only for host-path code.
   */
  static hostView(data: Float32Array, shape: readonly number[]): Tensor {
    return new Tensor(null, shape, new TensorStorage(data, data.length, false));
  }

  /** A zero tensor of the given shape. */
  static zeros(shape: readonly number[]): Tensor {
    return new Tensor(new Float32Array(shapeSize(shape)), shape);
  }

  /** A tensor from numbers (copied) and a shape. */
  static from(values: ArrayLike<number>, shape: readonly number[]): Tensor {
    return new Tensor(Float32Array.from(values), shape);
  }

  /**
   * The host array, for host code that reads or writes it. On a resident tensor: one counted readback, after
   * which the host array is the only copy (see the class comment). Prefer {@link read} / {@link dataSync} to read.
   */
  get data(): Float32Array {
    const s = this.storage;
    if (s.device === null && s.host !== null) return s.host;
    return s.toHost();
  }

  /**
   * The current values, synchronously: on a resident tensor one counted readback (the device copy stays valid).
   * The array is the tensor's host cache: read it, do not write it (write through `data`).
   */
  dataSync(): Float32Array {
    return this.storage.syncHost();
  }

  /**
   * The current values, asynchronously (a copy); works on every backend. On webgl2 the readback does not block the
   * thread (gpu.js's asyncMode technique: readPixels into a pixel-pack buffer, a fence polled between macrotasks).
   */
  read(): Promise<Float32Array> {
    return this.storage.readAsync();
  }

  /** True when the values are on a device (read back on the next host read). */
  get resident(): boolean {
    return this.storage.device !== null;
  }

  /** True once disposed. */
  get isDisposed(): boolean {
    return this.storage.disposed;
  }

  /** Frees the values (a texture on GL backends). `reshape` views share them and are freed with them. */
  dispose(): void {
    this.storage.dispose();
  }

  /** Same data, different shape of the same size (no copy; the view shares the storage). */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(null, shape, this.storage);
  }

  /** Deep copy (on the host). */
  clone(): Tensor {
    return new Tensor(this.dataSync().slice(), this.shape);
  }

  /** Sets every value to `v` on the host without reading the device copy back (it is released). */
  fill(v: number): this {
    const s = this.storage;
    if (!s.host || s.disposed) throw new Error('tensor: used after dispose()');
    s.dropDevice();
    s.host.fill(v);
    s.hostValid = true;
    return this;
  }

  /** Rows as nested arrays (for display and tests); a 1-D tensor gives one row. */
  toArray(): number[][] {
    const d = this.dataSync();
    const cols = this.shape[this.shape.length - 1] ?? 1;
    const rows: number[][] = [];
    for (let i = 0; i < this.size; i += cols) rows.push(Array.from(d.subarray(i, i + cols)));
    return rows;
  }
}

/** Marks `t`'s storage as kept: no {@link tidy} scope disposes it (model buffers, optimizer state). Returns `t`. */
export function keep<T extends Tensor>(t: T): T {
  t.storage.kept = true;
  return t;
}

/** Tensors reachable from a tidy result: a tensor, or arrays / plain objects of them (one level deep). */
function collect(v: unknown, into: Set<TensorStorage>): void {
  if (v instanceof Tensor) into.add(v.storage);
  else if (Array.isArray(v)) for (const e of v) collect(e, into);
  else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) for (const e of Object.values(v)) collect(e, into);
}

/**
 * Runs `fn` and disposes every tensor storage created during it except those reachable from its result (a
 * tensor, or an array / plain object of tensors) and those marked with {@link keep}. Scopes nest: survivors join
 * the enclosing scope. `fn` must be synchronous (a Promise result is refused: its tensors would outlive the scope).
 */
export function tidy<T>(fn: () => T): T {
  const mine: TensorStorage[] = [];
  scopes.push(mine);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  if (result instanceof Promise) throw new TypeError('tidy: fn must be synchronous (it returned a Promise)');
  const survivors = new Set<TensorStorage>();
  collect(result, survivors);
  const parent = scopes[scopes.length - 1];
  for (const s of mine) {
    if (s.disposed) continue;
    if (s.kept || survivors.has(s)) parent?.push(s);
    else s.dispose();
  }
  return result;
}

/** Product of the dimensions; throws a ShapeError on a non-positive or fractional dimension. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`tensor: bad dimension ${d} in shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

/** Formats a shape as `[a, b, c]` for error messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws a {@link NonFiniteError} naming `where` if `t` holds NaN or ±Infinity (reads a resident tensor back). */
export function assertFinite(t: Tensor, where: string): void {
  const d = t.dataSync();
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    // v - v is NaN for both NaN and ±Infinity, and 0 otherwise: one comparison per value.
    if (v - v !== 0) throw new NonFiniteError(where, t.shape, i, v);
  }
}

/** Throws a ShapeError unless `t` has exactly `expected` (use -1 for "any"). */
export function expectShape(t: Tensor, expected: readonly number[], where: string): void {
  const s = t.shape;
  let ok = s.length === expected.length;
  for (let i = 0; ok && i < s.length; i++) if (expected[i] !== -1 && expected[i] !== s[i]) ok = false;
  if (!ok) {
    const want = expected.map((d) => (d === -1 ? '*' : String(d))).join(', ');
    throw new ShapeError(`${where}: expected shape [${want}], got ${fmtShape(s)}`);
  }
}
