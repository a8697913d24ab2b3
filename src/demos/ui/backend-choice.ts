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
import { choiceKey, deviceRenderer, isSoftwareRenderer, pageChoiceStore, readChoice, writeChoice, type ChoiceStore } from '../../engine/device.js';
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

/** This device's renderer: stored, else read from one WebGL context (and stored). */
function rendererOf(store: ChoiceStore): string | null {
  const known = storedRenderer(store);
  if (known !== undefined) return known;
  const r = deviceRenderer();
  writeChoice(store, RENDERER_KEY, r ?? '');
  return r;
}

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
  const pick = readChoice(store, choiceKey(`demo ${workload}`, r));
  return isBackendName(pick) ? pick : 'reference';
}

/** What {@link measureInBackground} times: the model as the demo's Worker would build it, and a batch to time it on. */
export interface SelectionSpec {
  model: ModelSpec;
  data: DataSpec;
}

/**
 * Once the page is idle, on a device with a GPU renderer and no stored pick for `workload`, times the backends
 * for `spec` in a Worker of its own and stores the pick for the next load. Returns a cancel function (the demo's
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
    const r = rendererOf(store!);
    if (r === null || isSoftwareRenderer(r)) return;
    const key = choiceKey(`demo ${workload}`, r);
    if (isBackendName(readChoice(store!, key))) return;
    try {
      const { TrainingWorker } = await import('../../engine/worker/client.js');
      if (cancelled) return;
      worker = new Worker(url!, { type: 'module' });
      const failed = new Promise<never>((_, reject) => worker!.addEventListener('error', () => reject(new Error('the Worker did not start')), { once: true }));
      const s = spec();
      let picked: string | undefined;
      // steps: 0 — the Worker builds the model with `auto` (selectBackend there), says which backend, and stops.
      await Promise.race([new TrainingWorker(worker).train({ model: { ...s.model, backend: 'auto' }, data: s.data, steps: 0, onReady: (info) => void (picked = info.backend) }), failed]);
      if (!cancelled && isBackendName(picked ?? null)) writeChoice(store!, key, picked!);
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
