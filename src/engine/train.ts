/**
 * The asynchronous training loop the demos use: steps run in chunks sized to a frame budget, the loop yields to
 * the page (a real macrotask) between chunks, progress is reported every N steps, and an AbortSignal stops it.
 * Works for every model with `trainBatch(x, t): number` (MLP, CNN, LSTM) and in a Worker (`worker/`).
 */
import type { Engine } from './engine.js';
import { NonFiniteError } from './errors.js';
import type { Optimizer } from './optim/optimizers.js';
import { keep, Tensor } from './tensor.js';
import { now, yieldToPage } from './yield.js';

/** What `train` needs of a model: one synchronous step returning the loss, and its optimizer. */
export interface TrainableModel {
  trainBatch(x: Tensor, t: Tensor): number;
  optimizer: Optimizer;
  /** The resident step (MLP, CNN): the loss as a [1] tensor left on the device; used when `engine.resident`. */
  trainStep?(x: Tensor, t: Tensor): Tensor;
  /** The model's engine (its `resident` flag picks the step). */
  engine?: Engine;
}

/** One batch: inputs and targets in the model's shapes (a `Batcher` fits: `next()` refills its `x` and `y`). */
export interface Batch {
  x: Tensor;
  y: Tensor;
}

/** Where batches come from: a fixed batch, a `Batcher`-like object, or a function of the step number. */
export type BatchSource = Batch | { next(): Batch } | ((step: number) => Batch);

/** Progress reported every `every` steps (and once at the end). */
export interface TrainProgress {
  /** Steps done so far. */
  step: number;
  /** Loss of the last step (before its update). */
  loss: number;
  /** Mean loss over the steps since the previous report. */
  meanLoss: number;
  /** Measured milliseconds per step (smoothed), which sizes the chunks. */
  msPerStep: number;
  /** Steps per chunk the loop is using now. */
  chunkSteps: number;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** Batches to train on. */
  data: BatchSource;
  /** Stop after this many steps (counted from this call). */
  steps?: number;
  /** Stop when this returns true; checked at every report (every `every` steps), so it sees fresh progress. */
  until?: (p: TrainProgress) => boolean;
  /** Called every `every` steps with the progress; keep it cheap (draw in requestAnimationFrame). */
  onStep?: (p: TrainProgress) => void;
  /** Report every this many steps (default 10). Losses are read only here, not per step. */
  every?: number;
  /** Stops the loop between steps; `train` then resolves with `stopped: true` (it does not reject). */
  signal?: AbortSignal;
  /** Work per chunk in ms before yielding (default 8: half a 60 Hz frame, leaving the rest for paint and input). */
  budgetMs?: number;
  /** Pauses between chunks while paused (the Worker's pause/resume). */
  gate?: PauseGate;
  /** How to yield between chunks (default {@link yieldToPage}); a test or a Worker may pass its own. */
  yieldFn?: () => Promise<void>;
}

/** How a {@link train} call ended. */
export interface TrainResult {
  /** Steps done by this call. */
  steps: number;
  /** Loss of the last step (NaN if none ran). */
  loss: number;
  /** True when the signal stopped the loop (the promise resolves rather than rejects on abort). */
  stopped: boolean;
  /** Why it ended: `steps` reached, `until` returned true, or `aborted`. */
  reason: 'steps' | 'until' | 'aborted';
  /** Chunks run (each followed by a yield). */
  chunks: number;
  /** Smoothed ms per step at the end. */
  msPerStep: number;
  /** Longest chunk in ms (what a page thread could not interrupt). */
  longestChunkMs: number;
}

/**
 * A pause switch for {@link train}: while paused, the loop waits between chunks without holding the thread;
 * {@link step} lets a paused loop run a few steps (a demo's "step" button) and report after them.
 */
export class PauseGate {
  private waiters: (() => void)[] = [];
  private isPaused = false;
  private credit = 0;
  /** True while paused. */
  get paused(): boolean {
    return this.isPaused;
  }
  /** Steps a paused loop may still run. */
  get stepsAllowed(): number {
    return this.credit;
  }
  /** Pauses after the current chunk. */
  pause(): void {
    this.isPaused = true;
  }
  /** Resumes a paused loop. */
  resume(): void {
    this.isPaused = false;
    this.credit = 0;
    this.wake();
  }
  /** While paused, lets the loop run `count` more steps (then it reports and waits again). */
  step(count = 1): void {
    if (!this.isPaused) return;
    this.credit += Math.max(0, Math.floor(count));
    this.wake();
  }
  /** How many of `n` steps may run now (all when running; the remaining credit when paused). */
  take(n: number): number {
    if (!this.isPaused) return n;
    const k = Math.min(n, this.credit);
    this.credit -= k;
    return k;
  }
  /** Resolves when steps may run (not paused, or credit given) or when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.isPaused || this.credit > 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

function batchAt(src: BatchSource, step: number): Batch {
  if (typeof src === 'function') return src(step);
  if ('next' in src && typeof src.next === 'function') return src.next();
  return src as Batch;
}

/**
 * Trains `model` asynchronously. The first chunk is one step; after each chunk the per-step time is measured and
 * the next chunk holds as many steps as fit in `budgetMs` (at least one, at most twice the last chunk), and a chunk
 * also ends as soon as its budget is spent, so a slow stretch does not make a long task. Between chunks it yields with a macrotask, so the page
 * paints and handles input. Resolves with a {@link TrainResult}; on abort it resolves with `stopped: true` after the
 * step in progress (a step is synchronous and cannot be cut). Errors of a step (NonFiniteError, ShapeError) reject.
 */
export async function train(model: TrainableModel, o: TrainOptions): Promise<TrainResult> {
  const every = Math.max(1, Math.floor(o.every ?? 10));
  const budget = o.budgetMs ?? 8;
  const limit = o.steps ?? Infinity;
  if (!(limit >= 0)) throw new RangeError(`train: steps must be ≥ 0, got ${o.steps}`);
  if (limit === Infinity && !o.until && !o.signal) throw new RangeError('train: give steps, until or a signal, or it never ends');
  const yieldFn = o.yieldFn ?? yieldToPage;
  let step = 0;
  let loss = NaN;
  let sum = 0;
  let sumN = 0;
  let msPerStep = 0;
  let chunkSteps = 1;
  let chunks = 0;
  let longest = 0;
  let reason: TrainResult['reason'] = 'steps';
  // Resident engines (gpu.js pipeline): the step leaves its loss on the device, a kernel adds it to a [2] accumulator
  // [last, sum], and the accumulator is read (one readback) only where progress is reported: every `every` steps.
  const engine = model.engine;
  const resident = engine?.resident === true && typeof model.trainStep === 'function';
  const acc = resident ? keep(Tensor.zeros([2])) : null;
  let reset = true;
  let lossStep = 0;
  // `read()`: on webgl2 the readback does not block the thread (a fence polled between macrotasks), so the page
  // runs while the GPU finishes the steps queued since the last report; the loop waits, so `until` sees this loss.
  const readLoss = async (): Promise<void> => {
    if (!acc || reset) return;
    const d = await acc.read();
    loss = d[0]!;
    sum = d[1]!;
    reset = true;
    if (!Number.isFinite(loss) || !Number.isFinite(sum)) throw new NonFiniteError(`train loss (steps ${lossStep - sumN + 1}–${lossStep}, read every ${every})`, [1], 0, Number.isFinite(loss) ? sum : loss);
  };
  const snapshot = (): TrainProgress => ({ step, loss, meanLoss: sumN ? sum / sumN : loss, msPerStep, chunkSteps });
  const readAndSnapshot = async (): Promise<TrainProgress> => {
    await readLoss();
    return snapshot();
  };
  try {
    return await loop();
  } finally {
    acc?.dispose();
  }

  async function loop(): Promise<TrainResult> {
    const result = (): TrainResult => ({ steps: step, loss, stopped: reason === 'aborted', reason, chunks, msPerStep, longestChunkMs: longest });

    outer: while (step < limit) {
      if (o.signal?.aborted) {
        reason = 'aborted';
        break;
      }
      const gate = o.gate;
      while (gate && gate.paused && gate.stepsAllowed === 0 && !o.signal?.aborted) await gate.wait(o.signal);
      if (o.signal?.aborted) {
        reason = 'aborted';
        break;
      }
      const stepping = gate?.paused ?? false;
      const t0 = now();
      const n = gate ? gate.take(Math.min(chunkSteps, limit - step)) : Math.min(chunkSteps, limit - step);
      if (n === 0) continue;
      const before = step;
      for (let i = 0; i < n; i++) {
        const b = batchAt(o.data, step);
        if (acc) {
          engine!.lossAccumulate(acc, model.trainStep!(b.x, b.y), acc, reset);
          reset = false;
          lossStep = step + 1;
        } else {
          loss = model.trainBatch(b.x, b.y);
          sum += loss;
        }
        step++;
        sumN++;
        if (step % every === 0) {
          const p = acc ? await readAndSnapshot() : snapshot();
          sum = 0;
          sumN = 0;
          o.onStep?.(p);
          if (o.until?.(p)) {
            reason = 'until';
            chunks++;
            longest = Math.max(longest, now() - t0);
            break outer;
          }
        }
        if (o.signal?.aborted) break;
        // The count is a forecast; the clock decides: a busy machine or a GC pause makes steps slower than measured,
        // and a chunk that overran its budget would be a long task (performance.now costs < 1 µs per step).
        if (now() - t0 >= budget) break;
      }
      // A queued backend (webgpu) has only been handed the chunk's kernels: the chunk ends when they have run, so
      // its time, and the next chunk's size, count them.
      if (engine?.queued) await engine.flush();
      const ran = step - before;
      const dt = now() - t0;
      // A paused loop stepped by hand reports after the steps it was given, whatever `every` is.
      if (stepping && gate?.stepsAllowed === 0 && step % every !== 0) o.onStep?.(acc ? await readAndSnapshot() : snapshot());
      chunks++;
      longest = Math.max(longest, dt);
      // Smooth the per-step time (browser clocks are coarse: 0.1 ms, 1 ms without cross-origin isolation), then
      // size the next chunk from it; growth is capped at ×2 per chunk.
      const per = dt / ran;
      msPerStep = chunks === 1 ? per : 0.7 * msPerStep + 0.3 * per;
      const fit = msPerStep > 0 ? Math.floor(budget / msPerStep) : chunkSteps * 2;
      chunkSteps = Math.max(1, Math.min(fit, ran * 2));
      if (step >= limit) break;
      await yieldFn();
    }
    if (o.signal?.aborted && reason === 'steps' && step < limit) reason = 'aborted';
    if (step % every !== 0 && step > 0) o.onStep?.(acc ? await readAndSnapshot() : snapshot());
    if (acc) await readLoss();
    return result();
  }
}
