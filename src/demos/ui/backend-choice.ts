/**
 * Which backend a demo starts on when the URL names none, and how that choice is made without holding the page.
 *
 * The engine's `selectBackend` times real steps on every candidate, which costs gpu.js's download and compiles. So a
 * demo starts on the backend stored for this device and workload (or the reference), and only on a device whose
 * renderer is a real GPU, with nothing stored yet, does it time the candidates: in a Worker of its own (the Worker's
 * `backend: 'auto'`), after the demo has mounted, once per device. The pick is stored under the GL renderer string
 * (the engine's `choiceKey`) and used from the next page load on; `?backend=` overrides it. On a software renderer
 * (SwiftShader, llvmpipe) or without WebGL nothing is timed: no gpu.js backend there has beaten the reference on
 * any demo workload (BENCHMARKS.md, "Engine in the browser").
 */
import { choiceKey, isSoftwareRenderer, pageChoiceStore, readChoice, writeChoice, type ChoiceStore } from '../../engine/device.js';
import type { DataSpec, ModelSpec } from '../../engine/worker/protocol.js';
import type { DemoEnv } from '../types.js';
import { BACKEND_NAMES } from './controls.js';

/** Where the page keeps the renderer string it read, so later loads find their pick without a WebGL context. */
const RENDERER_KEY = 'danlu.renderer.v1';

/** The renderer string stored by an earlier load ('' for "no WebGL"), or undefined when none was stored. */
function storedRenderer(store: ChoiceStore): string | null | undefined {
  const r = readChoice(store, RENDERER_KEY);
  return r === null ? undefined : r === '' ? null : r;
}

/** The storage key of `workload`'s pick on the device whose renderer is `r`. */
const pickKey = (workload: string, r: string | null): string => choiceKey(`demo ${workload}`, r);

const isBackendName = (name: string | null): name is string => name !== null && (BACKEND_NAMES as readonly string[]).includes(name);

/**
 * The backend a demo starts on: `?backend=`, else the pick stored for this device and `workload` by an earlier
 * {@link measureInBackground}, else `reference`. Creates no WebGL context (the renderer comes from storage).
 */
export function startingBackend(env: DemoEnv, workload: string, store: ChoiceStore | undefined = pageChoiceStore()): string {
  if (env.backend) return env.backend;
  if (!store) return 'reference';
  const r = storedRenderer(store);
  if (r === undefined) return 'reference';
  const pick = readChoice(store, pickKey(workload, r));
  return isBackendName(pick) ? pick : 'reference';
}

/** The script of {@link workerRenderer}'s Worker: the renderer string of an OffscreenCanvas context, or null. */
const RENDERER_PROBE = `let r = null;
try {
  const c = new OffscreenCanvas(1, 1), gl = c.getContext('webgl2') || c.getContext('webgl');
  if (gl) {
    const e = gl.getExtension('WEBGL_debug_renderer_info');
    r = gl.getParameter(e ? e.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || null;
    const lose = gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();
  }
} catch (e) {}
postMessage(r);`;

/**
 * This device's GL renderer, read in a throwaway Worker made from a few lines of inline script (no fetch, no
 * engine): the page creates no context. Rejects where such a Worker cannot run (a CSP without `blob:` workers).
 */
function workerRenderer(): Promise<string | null> {
  const src = URL.createObjectURL(new Blob([RENDERER_PROBE], { type: 'text/javascript' }));
  const w = new Worker(src);
  return new Promise<string | null>((resolve, reject) => {
    w.addEventListener('message', (e: MessageEvent) => resolve(typeof e.data === 'string' && e.data ? e.data : null), { once: true });
    w.addEventListener('error', () => reject(new Error('the renderer probe did not run')), { once: true });
  }).finally(() => {
    w.terminate();
    URL.revokeObjectURL(src);
  });
}

/** What {@link measureInBackground} times: the model as the demo's Worker would build it, and a batch to time it on. */
export interface SelectionSpec {
  model: ModelSpec;
  data: DataSpec;
}

/**
 * Once the page is idle, on a device with a GPU renderer and no stored pick for `workload`, times the backends
 * for `spec` in a Worker of its own and stores the pick for the next load. The renderer comes from storage or,
 * on the first load, from {@link workerRenderer} (then stored). Returns a cancel function (the demo's
 * `destroy`). Does nothing with `?backend=`, without storage, without the Worker's script, or on a software
 * renderer. Never throws into the page: a Worker that fails leaves nothing stored, and the next load tries again.
 */
export function measureInBackground(env: DemoEnv, workload: string, spec: () => SelectionSpec, store: ChoiceStore | undefined = pageChoiceStore()): () => void {
  const url = env.asset('worker');
  if (env.backend || !store || !url || typeof Worker !== 'function') return () => undefined;
  let cancelled = false;
  let worker: Worker | undefined;
  const idle = typeof requestIdleCallback === 'function';
  const handle = idle ? requestIdleCallback(() => void run(), { timeout: 3000 }) : setTimeout(() => void run(), 200);
  async function run(): Promise<void> {
    if (cancelled) return;
    const known = storedRenderer(store!);
    const pickOf = (r: string) => readChoice(store!, pickKey(workload, r));
    if (known === null || (known !== undefined && (isSoftwareRenderer(known) || isBackendName(pickOf(known))))) return;
    try {
      // The renderer is read off the page's thread: a WebGL context made on the page was one 60–110 ms task on
      // SwiftShader while a demo trained (scripts/bench/browser/demo-profile.ts --from-play).
      const r = known !== undefined ? known : await workerRenderer();
      if (known === undefined) writeChoice(store!, RENDERER_KEY, r ?? '');
      if (cancelled || r === null || isSoftwareRenderer(r) || isBackendName(pickOf(r))) return;
      const { TrainingWorker } = await import('../../engine/worker/client.js');
      if (cancelled) return;
      const w = (worker = new Worker(url!, { type: 'module' }));
      const failed = new Promise<never>((_, reject) => w.addEventListener('error', () => reject(new Error('the Worker did not start')), { once: true }));
      const client = new TrainingWorker(w);
      const s = spec();
      let picked: string | undefined;
      // steps: 0 — the Worker builds the model with `auto` (selectBackend there), says which backend, and stops.
      await Promise.race([client.train({ model: { ...s.model, backend: 'auto' }, data: s.data, steps: 0, onReady: (info) => void (picked = info.backend) }), failed]);
      if (!cancelled && picked !== undefined && isBackendName(picked)) writeChoice(store!, pickKey(workload, r), picked);
    } catch {
      // Nothing stored: the next load measures again.
    } finally {
      worker?.terminate();
    }
  }
  return () => {
    cancelled = true;
    if (idle) cancelIdleCallback(handle as number);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
    worker?.terminate();
  };
}
