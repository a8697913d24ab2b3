/**
 * Page side of `select-cache.test.ts`: `selectBackend` for the MLP demo workload (2-8-8-1 on spirals, batch 32)
 * with the page's localStorage as its cache, counting every training step it takes and the long tasks while it
 * runs; and, to check a pick, every candidate timed warm in interleaved rounds.
 */
import { Batcher } from '../../../src/engine/data.js';
import { choiceKey, deviceRenderer, pageChoiceStore } from '../../../src/engine/device.js';
import type { Engine } from '../../../src/engine/engine.js';
import { createMLP, type MLP } from '../../../src/engine/models/mlp.js';
import { Rng } from '../../../src/engine/random.js';
import { selectBackend } from '../../../src/engine/select.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { now, yieldToPage } from '../../../src/engine/yield.js';
import { workload } from './train-entry.js';
import '../../../src/engine/backend/gpu/register.js';

/** What one selection reports. */
export interface SelectReport {
  backend: string;
  fromCache: boolean;
  timings: { backend: string; msPerStep: number | null; note?: string }[];
  /** Training steps selectBackend ran (timing runs); 0 when it timed nothing. */
  steps: number;
  /** Models it built. */
  builds: number;
  /** Whether the model it returned had trained (it must not have). */
  trainedModel: boolean;
  longTasks: number[];
  wallMs: number;
  key: string;
  stored: string | null;
  renderer: string | null;
}

const WORKLOAD = 'mlp 2-8-8-1 sigmoid spirals b32';
const CANDIDATES = ['reference', 'gpu.js-webasm', 'gpu.js-cpu', 'gpu.js-webgl2'];

function batches(): Batcher {
  const { data } = workload('mlp', 20);
  return new Batcher(new Tensor(data.x.data, data.x.shape), new Tensor(data.y.data, data.y.shape), 32, new Rng(1));
}
const buildOn = (engine: Engine): MLP => createMLP({ sizes: [2, 8, 8, 1] }, { backend: engine, seed: 1, optimizer: { name: 'adam', lr: 0.05 } });

/** Runs selectBackend with the page's localStorage as its cache. */
async function runSelect(): Promise<SelectReport> {
  const long: number[] = [];
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); });
  obs.observe({ type: 'longtask', buffered: false });
  const b = batches();
  let steps = 0, builds = 0;
  const store = pageChoiceStore()!;
  const t0 = now();
  const c = await selectBackend({
    build: (engine) => {
      builds++;
      return buildOn(engine);
    },
    step: (m) => {
      steps++;
      const { x, y } = b.next();
      return m.trainBatch(x, y);
    },
    candidates: CANDIDATES,
    cache: { store, workload: WORKLOAD },
  });
  const wallMs = now() - t0;
  // Long task entries arrive after the task: one macrotask later they are all in.
  await yieldToPage();
  obs.disconnect();
  const fresh = buildOn(c.engine);
  const trainedModel = JSON.stringify(c.model.save()) !== JSON.stringify(fresh.save());
  c.engine.dispose();
  const key = choiceKey(WORKLOAD, deviceRenderer());
  return { backend: c.backend, fromCache: c.fromCache, timings: c.timings, steps, builds, trainedModel, longTasks: long, wallMs, key, stored: store.getItem(key), renderer: deviceRenderer() };
}

/**
 * Every candidate that starts and is not software GL, warmed for `warmMs` in yielded slices, then `rounds`
 * interleaved rounds of ≥ 30 ms: the fastest round's ms per step of each (interference only adds time).
 */
async function timeCandidates(warmMs = 400, rounds = 5): Promise<Record<string, number>> {
  const b = batches();
  const live: { name: string; m: MLP; engine: Engine; ms: number }[] = [];
  for (const name of CANDIDATES) {
    try {
      const { Engine } = await import('../../../src/engine/engine.js');
      const engine = new Engine(name);
      if (/webgl/.test(name) && !engine.backend.isGpu) {
        engine.dispose();
        continue;
      }
      live.push({ name, m: buildOn(engine), engine, ms: Infinity });
    } catch {
      // Does not start here.
    }
  }
  const step = (m: MLP) => {
    const { x, y } = b.next();
    m.trainBatch(x, y);
  };
  for (const c of live) {
    const t0 = now();
    while (now() - t0 < warmMs) {
      const s = now();
      while (now() - s < 10) step(c.m);
      await yieldToPage();
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of live) {
      const t0 = now();
      let n = 0;
      while (now() - t0 < 30) {
        step(c.m);
        n++;
      }
      c.ms = Math.min(c.ms, (now() - t0) / n);
      await yieldToPage();
    }
  }
  for (const c of live) c.engine.dispose();
  return Object.fromEntries(live.map((c) => [c.name, c.ms]));
}

Object.assign(globalThis, { runSelect, timeCandidates });
