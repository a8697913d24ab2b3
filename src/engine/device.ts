/**
 * The device a backend choice holds for, and the choice kept per device: `selectBackend` times real steps, which on
 * a page costs compiles and long tasks (0.3–2 s for the MLP and the CNN in headless Chromium), so the pick is
 * stored (localStorage on a page) under the GL renderer string and the workload, and the next page load on the
 * same device builds the stored backend without timing anything. Imports nothing from gpu.js.
 */
import { SOFTWARE_RENDERER } from './backend/types.js';

/** Where picks are stored: the two methods of `localStorage` it uses (a test or a Worker can pass a Map-backed one). */
export interface ChoiceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What `selectBackend` needs to cache its pick. */
export interface ChoiceCache {
  /** Where to keep the pick (see {@link pageChoiceStore}). */
  store: ChoiceStore;
  /**
   * What was timed, e.g. `mlp 2-8-8-1 sigmoid b32`: the fastest backend depends on the model's size and batch as
   * much as on the device (plain JS wins at demo sizes, a GPU only on large batches).
   */
  workload: string;
  /** The device's renderer string; default {@link deviceRenderer}. `null`: no WebGL here. */
  renderer?: string | null;
}

let renderer: string | null | undefined;

/**
 * This browser's WebGL renderer: `UNMASKED_RENDERER_WEBGL` where `WEBGL_debug_renderer_info` is exposed (e.g.
 * "ANGLE (NVIDIA, …)"), else `RENDERER`; null without WebGL or outside a browser. Read once per page or Worker
 * from one throwaway context (an OffscreenCanvas where there is one), which is then released.
 */
export function deviceRenderer(): string | null {
  if (renderer !== undefined) return renderer;
  renderer = null;
  try {
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : typeof document === 'object' ? document.createElement('canvas') : null;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl') ?? null) as WebGLRenderingContext | null;
    if (gl) {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const r: unknown = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
      renderer = typeof r === 'string' && r ? r : null;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    renderer = null;
  }
  return renderer;
}

/** True when `r` names a software rasteriser (SwiftShader, llvmpipe …): WebGL there is not a GPU. */
export function isSoftwareRenderer(r: string | null): boolean {
  return r !== null && SOFTWARE_RENDERER.test(r);
}

/** The storage key of a pick: versioned, so a change in what is timed can retire old picks. */
export function choiceKey(workload: string, rendererName: string | null): string {
  return `danlu.backend.v1|${rendererName ?? 'no-webgl'}|${workload}`;
}

/**
 * The page's `localStorage`, or undefined where it cannot be used (a Worker, a sandboxed frame, storage disabled:
 * reading the property itself throws there).
 */
export function pageChoiceStore(): ChoiceStore | undefined {
  try {
    const s = (globalThis as { localStorage?: Storage }).localStorage;
    return s ?? undefined;
  } catch {
    return undefined;
  }
}

/** The stored pick, or null (none, or storage refused the read). */
export function readChoice(store: ChoiceStore, key: string): string | null {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

/** Stores a pick; a full or refusing storage only means the next load measures again. */
export function writeChoice(store: ChoiceStore, key: string, backend: string): void {
  try {
    store.setItem(key, backend);
  } catch {
    // Quota or privacy mode: nothing is cached, nothing breaks.
  }
}
