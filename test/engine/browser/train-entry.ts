/**
 * Browser side of the training test: the three demo workloads, trained through `train()` on the page and through
 * the training Worker, with a long-task observer and a frame counter running while they train.
 */
import { oneHot } from '../../../src/engine/data.js';
import { convNetJsDemo } from '../../../src/engine/models/cnn.js';
import { createLSTM } from '../../../src/engine/models/lstm.js';
import { createMLP } from '../../../src/engine/models/mlp.js';
import { Rng } from '../../../src/engine/random.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { Batcher } from '../../../src/engine/data.js';
import { train, type TrainableModel } from '../../../src/engine/train.js';
import { yieldToPage } from '../../../src/engine/yield.js';
import { selectBackend } from '../../../src/engine/select.js';
import type { Engine } from '../../../src/engine/engine.js';
import '../../../src/engine/backend/gpu/register.js';
import { TrainingWorker } from '../../../src/engine/worker/client.js';
import type { DataSpec, ModelSpec } from '../../../src/engine/worker/protocol.js';

/** The demo workloads. */
export type Workload = 'mlp' | 'cnn' | 'lstm';

/** What one training run reports. */
export interface RunReport {
  workload: Workload;
  where: 'page' | 'page, warm' | 'worker' | 'worker auto' | `worker ${string}`;
  steps: number;
  /** Mean loss of the first and of the last progress report. */
  firstLoss: number;
  lastLoss: number;
  /** Every reported mean loss (Worker runs). */
  losses?: number[];
  /** Durations of main-thread long tasks (> 50 ms) that started while it trained. */
  longTasks: number[];
  /** Long tasks during the first two chunks of a page run (steps 1–3 on cold code), reported apart. */
  coldTasks: number[];
  frames: number;
  wallMs: number;
  chunks: number;
  /** Longest chunk `train` ran (page runs; the Worker's own thread for Worker runs). */
  longestChunkMs: number;
  backend: string;
  slowChunks?: number[][];
}

/** Two interleaved spirals (the playground's hardest set), labels 0/1. */
function spirals(n: number, rng: Rng): DataSpec {
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const k = Math.floor(i / 2) / (n / 2);
    const r = 0.1 + 0.9 * k;
    const t = 1.75 * k * 2 * Math.PI + c * Math.PI;
    x[2 * i] = r * Math.sin(t) + 0.02 * rng.normal();
    x[2 * i + 1] = r * Math.cos(t) + 0.02 * rng.normal();
    y[i] = c;
  }
  return { x: { data: x, shape: [n, 2] }, y: { data: y, shape: [n, 1] }, batchSize: 32, seed: 1 };
}

/** Synthetic 28×28 "digits": class k is a bar (rows for 0–4, columns for 5–9) at its own place, plus noise. */
function strokes(n: number, batch: number, rng: Rng): DataSpec {
  const px = new Float32Array(n * 784);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    labels.push(k);
    const at = 4 + 4 * (k % 5);
    for (let a = 2; a < 26; a++) for (let w = 0; w < 3; w++) {
      const r = k < 5 ? at + w : a;
      const c = k < 5 ? a : at + w;
      px[i * 784 + r * 28 + c] = 1;
    }
    for (let p = 0; p < 784; p++) px[i * 784 + p] = px[i * 784 + p]! + 0.1 * rng.uniform(-1, 1);
  }
  const y = oneHot(labels, 10);
  return { x: { data: px, shape: [n, 1, 28, 28] }, y: { data: y.data, shape: [...y.shape] }, batchSize: batch, seed: 1 };
}

/** 16 sine sequences × 20 steps with random phases; the target is the next value. */
function sines(rng: Rng): DataSpec {
  const T = 20, N = 16;
  const x = new Float32Array(T * N);
  const y = new Float32Array(T * N);
  for (let s = 0; s < N; s++) {
    const ph = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t < T; t++) {
      x[t * N + s] = Math.sin(ph + 0.3 * t);
      y[t * N + s] = Math.sin(ph + 0.3 * (t + 1));
    }
  }
  return { x: { data: x, shape: [T, N, 1] }, y: { data: y, shape: [T, N, 1] } };
}

/** Model spec and data of a workload (also used by scripts/bench/browser) (`cnnBatch`: the CNN's batch size). */
export function workload(w: Workload, cnnBatch: number): { model: ModelSpec; data: DataSpec; steps: number; every: number } {
  const rng = new Rng(7);
  if (w === 'mlp') return { model: { kind: 'mlp', config: { sizes: [2, 8, 8, 1] }, seed: 1, optimizer: { name: 'adam', lr: 0.05 } }, data: spirals(400, rng), steps: 4000, every: 100 };
  if (w === 'cnn') {
    const cfg = convNetJsDemo(28).config as ModelSpec extends { config: infer C } ? C : never;
    return { model: { kind: 'cnn', config: cfg as never, seed: 1, optimizer: { name: 'momentum', lr: 0.01, mu: 0.9 } }, data: strokes(200, cnnBatch, rng), steps: 60, every: 10 };
  }
  return { model: { kind: 'lstm', config: { inputs: 1, hidden: 20, outputs: 1 }, seed: 1, optimizer: { name: 'adam', lr: 0.01 } }, data: sines(rng), steps: 300, every: 25 };
}

export function build(spec: ModelSpec): TrainableModel {
  const opts = { seed: spec.seed ?? 1, ...(spec.optimizer ? { optimizer: spec.optimizer } : {}) };
  if (!('kind' in spec)) throw new Error('spec without kind');
  if (spec.kind === 'mlp') return createMLP(spec.config, opts);
  if (spec.kind === 'cnn') return convNetJsDemo(28, opts);
  return createLSTM(spec.config, opts);
}

/** Starts a long-task observer and a frame counter; `stop()` returns what they saw. */
export function watch(): { stop(splitAt?: number): { longTasks: number[]; frames: number; coldTasks: number[] } } {
  const entries: PerformanceEntry[] = [];
  const t0 = performance.now();
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.startTime >= t0) entries.push(e);
  });
  obs.observe({ type: 'longtask', buffered: true });
  let frames = 0;
  let on = true;
  const tick = (): void => {
    frames++;
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    /** Long tasks that started before `splitAt` are reported apart, as `coldTasks`. */
    stop(splitAt = -Infinity) {
      on = false;
      for (const e of obs.takeRecords()) if (e.startTime >= t0) entries.push(e);
      obs.disconnect();
      const longTasks = entries.filter((e) => e.startTime >= splitAt).map((e) => e.duration);
      const coldTasks = entries.filter((e) => e.startTime < splitAt).map((e) => e.duration);
      return { longTasks, frames, coldTasks };
    },
  };
}

/** Lets the observer deliver long tasks that ended just now (its callback runs in a later task). */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Chunks at the start of a page run whose long tasks count as cold start (see onPage). */
const COLD_CHUNKS = 2;

/**
 * Trains a workload through `train()` on the page's thread (a fresh model; `warm`: the page has trained this
 * workload before, so the engine code is compiled and only the loop's own chunking is measured).
 */
async function onPage(w: Workload, cnnBatch: number, warm = false): Promise<RunReport> {
  const { model: spec, data, steps, every } = workload(w, cnnBatch);
  const model = build(spec);
  const x = new Tensor(data.x.data, data.x.shape);
  const y = new Tensor(data.y.data, data.y.shape);
  const src = data.batchSize ? new Batcher(x, y, data.batchSize, new Rng(1)) : { x, y };
  const losses: number[] = [];
  const wch = watch();
  const t0 = performance.now();
  const yf = (globalThis as { YIELD?: () => Promise<void> }).YIELD ?? yieldToPage;
  // Chunk durations as the page saw them (from one yield's return to the next yield).
  const chunkMs: number[] = [];
  let last = performance.now();
  let firstChunkEnd = Infinity;
  const yieldFn = async (): Promise<void> => {
    if (chunkMs.length === COLD_CHUNKS - 1) firstChunkEnd = performance.now();
    chunkMs.push(performance.now() - last);
    await yf();
    last = performance.now();
  };
  // Start in a task of its own, so the observer's start time precedes the first chunk's task.
  await settle();
  last = performance.now();
  const r = await train(model, { data: src, steps, every, onStep: (p) => losses.push(p.meanLoss), yieldFn });
  const wallMs = performance.now() - t0;
  await settle();
  // The first two chunks (steps 1 and 2–3) run code V8 has not compiled or optimised yet (the CNN's first steps
  // in Node: 93, 21, then 3.5 ms warm). A step cannot be cut, so these are reported apart.
  const seen = wch.stop(firstChunkEnd);
  return { workload: w, where: warm ? 'page, warm' : 'page', steps: r.steps, firstLoss: losses[0]!, lastLoss: losses.at(-1)!, ...seen, wallMs, chunks: r.chunks, longestChunkMs: r.longestChunkMs, backend: 'reference', slowChunks: chunkMs.map((d, i) => [i, Math.round(d)]).filter((c) => c[1]! > 30) };
}

/** Trains a workload in a Worker built from `workerUrl`. */
async function inWorker(w: Workload, cnnBatch: number, workerUrl: string, backend?: string, stepsOverride?: number): Promise<RunReport> {
  const { model: spec, data, steps: defaultSteps, every } = workload(w, cnnBatch);
  const steps = stepsOverride ?? defaultSteps;
  const model = backend ? { ...spec, backend } : spec;
  const client = new TrainingWorker(new Worker(workerUrl));
  const losses: number[] = [];
  const wch = watch();
  const t0 = performance.now();
  try {
    const r = await client.train({ model, data, steps, every, onStep: (p) => losses.push(p.meanLoss) });
    const wallMs = performance.now() - t0;
    await settle();
    const seen = wch.stop();
    return { workload: w, where: backend === 'auto' ? 'worker auto' : backend ? `worker ${backend}` : 'worker', steps: r.steps, losses, firstLoss: losses[0]!, lastLoss: losses.at(-1)!, ...seen, wallMs, chunks: r.chunks, longestChunkMs: r.longestChunkMs, backend: r.executed };
  } finally {
    client.terminate();
  }
}

/** What choosing a backend for the CNN on the page cost the main thread. */
export interface SelectReport {
  backend: string;
  timings: { backend: string; msPerStep: number | null; note?: string }[];
  longTasks: number[];
  frames: number;
  wallMs: number;
  fresh: boolean;
}

/** Runs selectBackend for the ConvNetJS net (batch 20) on the page, watching long tasks and frames. */
async function selectOnPage(): Promise<SelectReport> {
  const { data } = workload('cnn', 20);
  const x = new Tensor(data.x.data.subarray(0, 20 * 784), [20, 1, 28, 28]);
  const y = new Tensor(data.y.data.subarray(0, 200), [20, 10]);
  const build = (engine: Engine) => convNetJsDemo(28, { backend: engine, seed: 1 });
  const wch = watch();
  const t0 = performance.now();
  const c = await selectBackend({ build, step: (m) => m.trainBatch(x, y), candidates: ['reference', 'gpu.js-webasm', 'gpu.js-cpu', 'gpu.js-webgl2'] });
  const wallMs = performance.now() - t0;
  await settle();
  const seen = wch.stop();
  const fresh = JSON.stringify(c.model.save()) === JSON.stringify(build(c.engine).save());
  c.engine.dispose();
  return { backend: c.backend, timings: c.timings, ...seen, wallMs, fresh };
}

Object.assign(globalThis, { trainOnPage: onPage, trainInWorker: inWorker, selectOnPage });
