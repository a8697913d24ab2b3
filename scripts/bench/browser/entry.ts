/**
 * Page side of `npm run bench:browser`: trains each demo workload through `train()` on the page (on each backend
 * asked for) and through the training Worker, and reports throughput, the first step and the longest main-thread
 * task. Workloads and the long-task watcher are the browser test's (test/engine/browser/train-entry.ts).
 */
import '../../../src/engine/backend/gpu/register.js';
import { Batcher } from '../../../src/engine/data.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { train } from '../../../src/engine/train.js';
import { buildModelOn } from '../../../src/engine/worker/build.js';
import { TrainingWorker } from '../../../src/engine/worker/client.js';
import { watch, workload, type Workload } from '../../../test/engine/browser/train-entry.js';

/** One row of the browser table. */
export interface BrowserRow {
  workload: Workload;
  contestant: 'danlu';
  backend: string;
  where: 'page' | 'worker';
  /** Examples (MLP, CNN) or timesteps (LSTM) per second over the timed steps, yields included. */
  perSecond: number;
  firstStepMs: number | null;
  longestTaskMs: number;
  frames: number;
  steps: number;
  lossFirst: number;
  lossLast: number;
  error?: string;
}

const perStep = (w: Workload, batch: number): number => (w === 'mlp' ? 32 : w === 'cnn' ? batch : 20 * 16);

async function onPage(w: Workload, backend: string, batch: number): Promise<BrowserRow> {
  const { model: spec, data, steps, every } = workload(w, batch);
  const base = { workload: w, contestant: 'danlu' as const, backend, where: 'page' as const };
  try {
    const model = buildModelOn(spec, backend);
    const x = new Tensor(data.x.data, data.x.shape);
    const y = new Tensor(data.y.data, data.y.shape);
    const src = data.batchSize ? new Batcher(x, y, data.batchSize, new Rng(1)) : { x, y };
    const losses: number[] = [];
    const wch = watch();
    await new Promise((r) => setTimeout(r, 0));
    const b0 = 'next' in src ? src.next() : src;
    const f0 = performance.now();
    losses.push(model.trainBatch(b0.x, b0.y));
    const firstStepMs = performance.now() - f0;
    const n = backend === 'reference' ? steps : Math.max(5, Math.round(steps / 10));
    const t0 = performance.now();
    const r = await train(model, { data: src, steps: n, every, onStep: (p) => losses.push(p.meanLoss) });
    const wall = performance.now() - t0;
    await new Promise((res) => setTimeout(res, 0));
    const seen = wch.stop();
    const all = [...seen.longTasks, ...seen.coldTasks];
    return { ...base, backend: model.engine.report().executed, perSecond: (r.steps * perStep(w, batch)) / (wall / 1000), firstStepMs, longestTaskMs: Math.max(0, ...all), frames: seen.frames, steps: r.steps + 1, lossFirst: losses[0]!, lossLast: losses.at(-1)! };
  } catch (e) {
    return { ...base, perSecond: 0, firstStepMs: null, longestTaskMs: 0, frames: 0, steps: 0, lossFirst: NaN, lossLast: NaN, error: e instanceof Error ? e.message : String(e) };
  }
}

async function inWorker(w: Workload, backend: string, batch: number, url: string): Promise<BrowserRow> {
  const { model, data, steps, every } = workload(w, batch);
  const client = new TrainingWorker(new Worker(url));
  const losses: number[] = [];
  const wch = watch();
  try {
    const t0 = performance.now();
    const r = await client.train({ model: { ...model, backend }, data, steps, every, onStep: (p) => losses.push(p.meanLoss) });
    const wall = performance.now() - t0;
    await new Promise((res) => setTimeout(res, 0));
    const seen = wch.stop();
    return { workload: w, contestant: 'danlu', backend: r.executed, where: 'worker', perSecond: (r.steps * perStep(w, batch)) / (wall / 1000), firstStepMs: null, longestTaskMs: Math.max(0, ...seen.longTasks), frames: seen.frames, steps: r.steps, lossFirst: losses[0]!, lossLast: losses.at(-1)! };
  } finally {
    client.terminate();
  }
}

Object.assign(globalThis, { benchOnPage: onPage, benchInWorker: inWorker });
