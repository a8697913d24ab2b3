import { BackendError, KernelNotFoundError } from '../errors.js';
import { createReferenceBackend } from './cpu/index.js';
import { type Backend, isSoftwareGl, type KernelName, type KernelTable } from './types.js';

/**
 * Backend registry after TensorFlow.js's `registerBackend`/kernel registry: backends register a factory with a
 * priority; creation falls back down the priority list when a backend cannot start here (no WebGL, software GL);
 * a kernel lookup that fails names both the kernel and the backend.
 */

/** A registered backend factory. */
export interface BackendEntry {
  name: string;
  /** Higher is preferred by {@link createBestBackend}. */
  priority: number;
  factory: () => Backend;
  /** A factory for backends that start asynchronously (gpu.js webgpu awaits an adapter); {@link createBackendAsync} prefers it. */
  asyncFactory?: () => Promise<Backend>;
}

const entries = new Map<string, BackendEntry>();
const kernelOverrides = new Map<string, Partial<KernelTable>>();

/** Registers (or replaces) a backend factory under `name`, with an asynchronous one when starting it must await. */
export function registerBackend(name: string, factory: () => Backend, priority: number, asyncFactory?: () => Promise<Backend>): void {
  entries.set(name, { name, priority, factory, ...(asyncFactory ? { asyncFactory } : {}) });
}

/** Removes a backend from the registry (tests use this to exercise fallback). */
export function unregisterBackend(name: string): void {
  entries.delete(name);
}

/** Registers one kernel implementation for a backend, overriding (or adding to) the backend's own table. */
export function registerKernel<N extends KernelName>(backend: string, kernel: N, fn: KernelTable[N]): void {
  let t = kernelOverrides.get(backend);
  if (!t) kernelOverrides.set(backend, (t = {}));
  t[kernel] = fn;
}

/** Registered backend names, most preferred first. */
export function backendNames(): string[] {
  return [...entries.values()].sort((a, b) => b.priority - a.priority).map((e) => e.name);
}

/** Creates the backend registered as `name`; throws a BackendError for unknown names or when it cannot start. */
export function createBackend(name: string): Backend {
  const e = entries.get(name);
  if (!e) throw new BackendError(`unknown backend '${name}'; registered: ${backendNames().join(', ')}`, name);
  try {
    return e.factory();
  } catch (cause) {
    if (cause instanceof BackendError) throw cause;
    throw new BackendError(`backend '${name}' failed to start: ${String(cause)}`, name, { cause });
  }
}

/**
 * Creates the backend registered as `name`, awaiting its start where it has an asynchronous factory (gpu.js-webgpu);
 * every other backend starts as {@link createBackend} starts it. Rejects with a BackendError as that throws.
 */
export async function createBackendAsync(name: string): Promise<Backend> {
  const e = entries.get(name);
  if (!e?.asyncFactory) return createBackend(name);
  try {
    return await e.asyncFactory();
  } catch (cause) {
    if (cause instanceof BackendError) throw cause;
    throw new BackendError(`backend '${name}' failed to start: ${String(cause)}`, name, { cause });
  }
}

/** Result of {@link createBestBackend}: the backend that started and why the better ones were skipped. */
export interface BestBackend {
  backend: Backend;
  skipped: { name: string; reason: string }[];
}

/**
 * Creates the highest-priority backend among `candidates` (default: all registered) that starts here. A GL backend
 * that reports a software renderer (SwiftShader, llvmpipe) is skipped unless `allowSoftwareGl`, because it is not a
 * GPU and loses to webasm.
 */
export function createBestBackend(candidates: string[] = backendNames(), allowSoftwareGl = false): BestBackend {
  const skipped: { name: string; reason: string }[] = [];
  const order = candidates.slice().sort((a, b) => (entries.get(b)?.priority ?? -1) - (entries.get(a)?.priority ?? -1));
  for (const name of order) {
    try {
      const b = createBackend(name);
      if (!allowSoftwareGl && isSoftwareGl(b)) {
        skipped.push({ name, reason: `software GL renderer (${b.renderer ?? 'unknown'}) is not a GPU` });
        b.dispose();
        continue;
      }
      return { backend: b, skipped };
    } catch (err) {
      skipped.push({ name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new BackendError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`, order.join('|'));
}

/**
 * The implementation of `kernel` on `backend`: a registered override, else the backend's own. Throws a
 * {@link KernelNotFoundError} naming both when neither exists.
 */
export function getKernel<N extends KernelName>(backend: Backend, kernel: N): KernelTable[N] {
  const fn = kernelOverrides.get(backend.name)?.[kernel] ?? backend.kernels[kernel];
  if (!fn) throw new KernelNotFoundError(kernel, backend.name);
  return fn as KernelTable[N];
}

/** True when `backend` (or an override) implements `kernel`. */
export function hasKernel(backend: Backend, kernel: KernelName): boolean {
  return Boolean(kernelOverrides.get(backend.name)?.[kernel] ?? backend.kernels[kernel]);
}

// The reference backend is always registered. The gpu.js backends register themselves in `gpu/register.ts`
// (imported by `index.ts`), so code that imports only the models and the reference backend does not pull in gpu.js.
registerBackend('reference', createReferenceBackend, 15);
