/**
 * One playground run without any DOM: the data (generated or placed), the network on its backend, and the
 * training loop (`train()` with its frame budget, so the page never freezes), plus what the view reads between
 * frames: losses, the decision surface on a coarse grid with every neuron's output, and one example's o and δ.
 * Imports the engine's modules directly (not its index) so the reference path needs no gpu.js; a gpu.js backend
 * loads its code on demand.
 */
import { Batcher } from '../../engine/data.js';
import { generate2d, labelTargets, splitTrainTest, type Dataset2dName, type Points2d } from '../../engine/data/datasets2d.js';
import { Engine } from '../../engine/engine.js';
import { createMLP, type MLP, type MLPExampleTrace } from '../../engine/models/mlp.js';
import { ActivationLayer, Dense } from '../../engine/nn/layers.js';
import type { OptimizerSpec } from '../../engine/optim/optimizers.js';
import { Rng } from '../../engine/random.js';
import { Tensor } from '../../engine/tensor.js';
import { yieldToPage } from '../../engine/yield.js';
import type { TrainingWorker } from '../../engine/worker/client.js';
import type { ModelSpec } from '../../engine/worker/protocol.js';
import type { MlpConfig } from './config.js';
import type { CustomPoint } from './url-state.js';

/** Creates the engine for a backend name; gpu.js backends import their code first (a separate chunk). */
export async function createEngine(name: string): Promise<Engine> {
  if (name !== 'reference') await import('../../engine/backend/gpu/register.js');
  return new Engine(name);
}

/** The points of a config: generated, or the reader's (all of them train while there are fewer than 10). */
export function pointsOf(config: MlpConfig, custom: readonly CustomPoint[]): { train: Points2d; test: Points2d } {
  let all: Points2d;
  if (config.dataset === 'custom') {
    all = { n: custom.length, x: Float32Array.from(custom.flatMap((p) => [p.x, p.y])), labels: Int8Array.from(custom, (p) => p.label) };
    if (all.n < 10) return { train: all, test: { n: 0, x: new Float32Array(0), labels: new Int8Array(0) } };
  } else {
    all = generate2d(config.dataset as Dataset2dName, { n: config.points, noise: config.noise, seed: config.seed });
  }
  return splitTrainTest(all, config.trainRatio, config.seed + 1);
}

/** The neurons' outputs over the grid: per layer (hidden layers, then the output), per neuron, res×res values. */
export interface GridOutputs {
  res: number;
  /** layers[l][unit] is a res×res image, row 0 at the top (x₂ = +1). */
  layers: Float32Array[][];
}

/** Grid inputs: cell centres over [−1, 1]², row-major from the top-left. */
export function gridInputs(res: number): Tensor {
  const g = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) {
    g[2 * (r * res + c)] = -1 + (2 * c + 1) / res;
    g[2 * (r * res + c) + 1] = 1 - (2 * r + 1) / res;
  }
  return new Tensor(g, [res * res, 2]);
}

/**
 * Yields until after the next frame has been painted: one training chunk (~8 ms) per frame. With the engine's
 * MessageChannel yield alone, this tiny net's chunks came back to back and headless Chromium painted 4 frames/s
 * while training (32 while idle); frame-aligned chunks leave every frame its paint. In a hidden tab frames stop,
 * and so does training, as in TensorFlow Playground.
 */
export function afterNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return yieldToPage();
  return new Promise((resolve) => requestAnimationFrame(() => void yieldToPage().then(resolve)));
}

const optimizerSpec = (c: MlpConfig): OptimizerSpec =>
  c.optimizer === 'sgd' ? { name: 'sgd', lr: c.learningRate } : c.optimizer === 'momentum' ? { name: 'momentum', lr: c.learningRate, mu: 0.9 } : { name: 'adam', lr: c.learningRate };

/** Where a gpu.js backend trains: in the training Worker, the page keeping a reference copy to draw with. */
interface Remote {
  name: string;
  executed: string;
  trainer: TrainingWorker;
  /** The Worker's current run (it keeps its model and optimizer across pause/resume). */
  run: Promise<void> | null;
  abort: AbortController | null;
  paused: boolean;
  /** Resolved by the next progress report (the step button waits on it). */
  waiters: (() => void)[];
}

/** Options of {@link PlaygroundSession.create}. */
export interface SessionOptions {
  /**
   * URL of the training Worker's script. With it, every backend but `reference` trains in the Worker: one gpu.js
   * step of this net on SwiftShader WebGL2 takes 45–90 ms and its shaders compile for ~1 s, which on the page are
   * long tasks no chunking can cut. The page then draws with a reference copy of the Worker's weights.
   */
  workerUrl?: string;
}

/** A playground run: build with {@link PlaygroundSession.create}. */
export class PlaygroundSession {
  model: MLP;
  train!: Points2d;
  test!: Points2d;
  /** Training steps done since the last reset. */
  steps = 0;
  private trainX!: Tensor;
  private trainT!: Tensor;
  private testX: Tensor | null = null;
  private testT: Tensor | null = null;
  private batcher: Batcher | null = null;
  private loop: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private readonly grids = new Map<number, Tensor>();
  /** Loss of the latest report of the running loop. */
  lastLoss = NaN;
  /** Engine-measured milliseconds per step. */
  msPerStep = 0;
  private remote: Remote | null = null;
  /** The callbacks of the last start, so a Worker run can restart itself after a data change. */
  private handlers: { onProgress: () => void; onEnd?: (error?: unknown) => void } | null = null;

  private constructor(
    readonly engine: Engine,
    public config: MlpConfig,
    public custom: CustomPoint[],
  ) {
    this.model = this.build();
    this.setData();
  }

  /**
   * Starts a run on `backend` (rejects with the engine's BackendError, or the Worker's error, when it cannot
   * start). A Worker backend is checked by building the model there once (a run of 0 steps).
   */
  static async create(config: MlpConfig, custom: CustomPoint[], backend: string, options: SessionOptions = {}): Promise<PlaygroundSession> {
    const inWorker = backend !== 'reference' && options.workerUrl !== undefined && typeof Worker === 'function';
    const s = new PlaygroundSession(await createEngine(inWorker ? 'reference' : backend), config, custom);
    if (inWorker) {
      // The Worker's client only when a backend trains there (the reference on the page never loads it), and before
      // the Worker is made: a script that does not load fires its error event at once, and while this import was
      // awaited the listener below was not there yet (the 404 test then waited forever, in one CI run of four).
      const { TrainingWorker } = await import('../../engine/worker/client.js');
      const worker = new Worker(options.workerUrl!, { type: 'module' });
      const trainer = new TrainingWorker(worker);
      const r: Remote = { name: backend, executed: '', trainer, run: null, abort: null, paused: false, waiters: [] };
      // A script that does not load (404, CSP) fails with an error event and never answers: without this race
      // the demo would wait for it forever.
      const failed = new Promise<never>((_, reject) =>
        worker.addEventListener('error', (e) => {
          e.preventDefault();
          reject(new Error('the training Worker did not start'));
        }, { once: true }));
      try {
        await Promise.race([trainer.train({ model: s.modelSpec(backend), data: s.dataSpec(), steps: 0, onReady: (info) => void (r.executed = info.executed) }), failed]);
      } catch (error) {
        trainer.terminate();
        s.engine.dispose();
        throw error;
      }
      s.remote = r;
    }
    return s;
  }

  /** The backend's name and what ran (e.g. `gpu.js webgl2 (…)`, and whether in the Worker). */
  get backend(): { name: string; executed: string } {
    if (this.remote) return { name: this.remote.name, executed: `${this.remote.executed}, in a Worker; drawn on the page with its weights` };
    const r = this.engine.report();
    return { name: r.backend, executed: r.executed };
  }

  /** True when training runs in the Worker. */
  get inWorker(): boolean {
    return this.remote !== null;
  }

  /** The model as the Worker builds it and the batches it trains on: what choosing a backend times. */
  selectionSpec(): { model: ModelSpec; data: ReturnType<PlaygroundSession['dataSpec']> } {
    return { model: this.modelSpec('auto'), data: this.dataSpec() };
  }

  private modelSpec(backend: string): ModelSpec {
    return { weights: this.model.save(), optimizer: optimizerSpec(this.config), backend };
  }

  private dataSpec() {
    return {
      x: { data: this.trainX.data, shape: [this.train.n, 2] },
      y: { data: this.trainT.data, shape: [this.train.n, 1] },
      batchSize: this.batchSize,
      seed: this.config.seed + 2,
    };
  }

  private build(): MLP {
    const c = this.config;
    return createMLP({ sizes: [2, ...c.hidden, 1], activation: c.activation as 'sigmoid' | 'tanh' | 'relu', output: 'sigmoid' }, { backend: this.engine, seed: c.seed, optimizer: optimizerSpec(c) });
  }

  /** Rebuilds the data from the config and custom points; the weights stay. */
  setData(): void {
    const { train: tr, test } = pointsOf(this.config, this.custom);
    this.train = tr;
    this.test = test;
    this.trainX = new Tensor(tr.x, [tr.n, 2]);
    this.trainT = new Tensor(labelTargets(tr.labels), [tr.n, 1]);
    this.testX = test.n ? new Tensor(test.x, [test.n, 2]) : null;
    this.testT = test.n ? new Tensor(labelTargets(test.labels), [test.n, 1]) : null;
    this.batcher = tr.n ? new Batcher(this.trainX, this.trainT, this.batchSize, new Rng(this.config.seed + 2)) : null;
  }

  /** The batch size in use: the config's, at most the number of training points. */
  get batchSize(): number {
    return Math.max(1, Math.min(this.config.batchSize, this.train?.n ?? this.config.batchSize));
  }

  /** True when there is something to train on. */
  get canTrain(): boolean {
    return this.batcher !== null;
  }

  /** True while the page loop runs (or a Worker run exists, paused or not). */
  get running(): boolean {
    return this.remote ? this.remote.run !== null : this.loop !== null;
  }

  /** New weights from the seed, step count 0 (stops the loop first). */
  async reset(config: MlpConfig = this.config): Promise<void> {
    await this.stop();
    this.config = config;
    this.model = this.build();
    this.steps = 0;
    this.lastLoss = NaN;
    this.setData();
  }

  /** Changes the learning rate between steps (the optimizer keeps its moments). */
  setLearningRate(lr: number): void {
    this.config = { ...this.config, learningRate: lr };
    this.model.optimizer.setLearningRate(lr);
    if (this.remote?.run) this.remote.trainer.setLearningRate(lr);
  }

  /**
   * After {@link setData}: a Worker run trains on a copy of the old data, so it is stopped and, unless it was
   * paused, started again on the new data from its weights.
   */
  async dataChanged(): Promise<void> {
    const r = this.remote;
    if (!r?.run) return;
    const wasRunning = !r.paused;
    await this.stop();
    if (wasRunning && this.handlers) this.start(this.handlers.onProgress, undefined, this.handlers.onEnd);
  }

  /**
   * Trains until {@link stop} (or `steps` more steps), in chunks of ~8 ms with a yield to the page between them.
   * `onProgress` runs every few steps (keep it cheap: the view draws in requestAnimationFrame).
   */
  start(onProgress: () => void, steps?: number, onEnd?: (error?: unknown) => void): void {
    if (this.remote) return this.startRemote(this.remote, onProgress, steps, onEnd);
    if (this.loop || !this.batcher) return;
    const abort = (this.abort = new AbortController());
    const base = this.steps;
    const model = this.model;
    // The training loop's code loads on the first Play or step: the playground draws and reads points without it.
    this.loop = import('../../engine/train.js').then(({ train }) => train(model, {
      data: { next: () => this.batcher!.next() },
      signal: abort.signal,
      ...(steps !== undefined ? { steps } : {}),
      every: 5,
      yieldFn: afterNextFrame,
      budgetMs: 6,
      onStep: (p) => {
        if (model !== this.model) return;
        this.steps = base + p.step;
        this.lastLoss = p.meanLoss;
        this.msPerStep = p.msPerStep;
        onProgress();
      },
    })).then(
      (r) => {
        if (model === this.model) this.steps = base + r.steps;
        this.loop = null;
        this.abort = null;
        onEnd?.();
      },
      (error: unknown) => {
        this.loop = null;
        this.abort = null;
        onEnd?.(error);
      },
    );
  }

  private startRemote(r: Remote, onProgress: () => void, steps: number | undefined, onEnd?: (error?: unknown) => void, paused = false): void {
    if (r.run) {
      if (r.paused && !paused) {
        r.paused = false;
        r.trainer.resume();
      }
      return;
    }
    if (!this.batcher) return;
    this.handlers = { onProgress, ...(onEnd ? { onEnd } : {}) };
    const abort = (r.abort = new AbortController());
    const base = this.steps;
    const model = this.model;
    // GPU steps are slow enough to report each one (a pause then shows the exact step); CPU backends every 10.
    const every = /webgl|webgpu/.test(r.name) ? 1 : 10;
    r.paused = paused;
    r.run = r.trainer.train({
      model: this.modelSpec(r.name), data: this.dataSpec(), every, weightsWithProgress: true, signal: abort.signal,
      ...(steps !== undefined ? { steps } : {}),
      onReady: (info) => void (r.executed = info.executed),
      onStep: (p, weights) => {
        if (model !== this.model) return;
        if (weights) model.load(weights);
        this.steps = base + p.step;
        this.lastLoss = p.meanLoss;
        this.msPerStep = p.msPerStep;
        onProgress();
        const w = r.waiters;
        r.waiters = [];
        for (const f of w) f();
      },
    }).then(
      (res) => {
        if (model === this.model) {
          model.load(res.weights);
          this.steps = base + res.steps;
        }
        r.run = null;
        r.abort = null;
        onEnd?.();
      },
      (error: unknown) => {
        r.run = null;
        r.abort = null;
        onEnd?.(error);
      },
    );
    if (paused) r.trainer.pause();
  }

  /** True while steps are being taken (not paused). */
  get training(): boolean {
    return this.remote ? this.remote.run !== null && !this.remote.paused : this.loop !== null;
  }

  /**
   * Pauses: the page loop stops; a Worker run is paused and keeps its model and optimizer, so play resumes it
   * without compiling again. The Worker finishes the step it is in (its chunk), so one more report may arrive
   * after this resolves; the protocol has no "paused" reply to wait for.
   */
  async pause(): Promise<void> {
    const r = this.remote;
    if (!r) return this.stop();
    if (r.run && !r.paused) {
      r.paused = true;
      r.trainer.pause();
    }
  }

  /** One training step; resolves once it is reported. */
  async stepOnce(): Promise<void> {
    const r = this.remote;
    if (!r) return new Promise<void>((resolve) => this.start(() => undefined, 1, () => resolve()));
    if (!r.run) this.startRemote(r, this.handlers?.onProgress ?? (() => undefined), undefined, this.handlers?.onEnd, true);
    if (!r.run || !r.paused) return;
    const reported = new Promise<void>((resolve) => r.waiters.push(resolve));
    r.trainer.step(1);
    await reported;
  }

  /** Stops the loop (or the Worker's run) after its current step; resolves when it has stopped. */
  async stop(): Promise<void> {
    if (this.remote) {
      this.remote.abort?.abort();
      await this.remote.run;
      return;
    }
    this.abort?.abort();
    await this.loop;
  }

  /** Mean loss ½(o − t)² of the current weights on the training and the test points (NaN when empty). */
  losses(): { train: number; test: number } {
    const trainLoss = this.train.n ? this.model.evaluate(this.trainX, this.trainT) : NaN;
    const testLoss = this.testX && this.testT ? this.model.evaluate(this.testX, this.testT) : NaN;
    return { train: trainLoss, test: testLoss };
  }

  /** Every neuron's output over a res×res grid, computed by the backend's own layers. */
  grid(res: number): GridOutputs {
    let g = this.grids.get(res);
    if (!g) this.grids.set(res, (g = gridInputs(res)));
    const layers: Float32Array[][] = [];
    const ls = this.model.layers;
    let h = g;
    for (let i = 0; i < ls.length; i++) {
      h = ls[i]!.forward(h);
      const nextIsAct = ls[i + 1] instanceof ActivationLayer;
      if (ls[i] instanceof Dense && nextIsAct) continue;
      const units = h.size / (res * res);
      const d = h.data;
      layers.push(Array.from({ length: units }, (_, u) => {
        const img = new Float32Array(res * res);
        for (let k = 0; k < img.length; k++) img[k] = d[k * units + u]!;
        return img;
      }));
    }
    return { res, layers };
  }

  /** o and δ of point `index` of the training (then test) points, on the current weights. */
  traceExample(index: number): (MLPExampleTrace & { x: [number, number]; t: number }) | undefined {
    const inTrain = index < this.train.n;
    const set = inTrain ? this.train : this.test;
    const i = inTrain ? index : index - this.train.n;
    if (i < 0 || i >= set.n) return undefined;
    const x: [number, number] = [set.x[2 * i]!, set.x[2 * i + 1]!];
    const t = set.labels[i]! > 0 ? 1 : 0;
    return { ...this.model.traceExample(x, [t]), x, t };
  }

  /** The weight w_jk from hidden unit j of the last hidden layer to output k (for the δ_j formula). */
  outputWeight(j: number, k = 0): number {
    const w = this.model.dense.at(-1)!.params()[0]!.value;
    return w.data[j * w.shape[1]! + k]!;
  }

  /** Stops and releases the backend (and the Worker). */
  async dispose(): Promise<void> {
    await this.stop();
    this.remote?.trainer.terminate();
    this.engine.dispose();
  }
}
