/**
 * Time one contestant: warm-up, then a fixed wall-clock window, then quality. Calls are sized so that each
 * `trainSteps` call lasts ~`targetCallMs`, which keeps the runner's own overhead (a timer read and a promise per
 * call) far below the work measured while still stopping close to the window's end.
 */
import type { Contestant } from './types.js';

/** How long to warm up and to measure. */
export interface MeasureOptions {
  readonly warmupMs: number;
  readonly windowMs: number;
  /** Aim for calls about this long (default 25 ms). */
  readonly targetCallMs?: number;
  /** Injected clock, for tests; defaults to `performance.now`. */
  readonly now?: () => number;
}

/** What one measurement found. */
export interface Measurement {
  /** Examples (or timesteps) per second inside the measured window. */
  readonly throughput: number;
  /** Examples (or timesteps) processed inside the window. */
  readonly processed: number;
  /** Optimizer steps inside the window. */
  readonly steps: number;
  /** Actual length of the window (≥ windowMs, by up to one call). */
  readonly elapsedMs: number;
  /** Wall-clock time spent training in total, warm-up included (what a time budget counts). */
  readonly trainedMs: number;
  /** `evaluate()`'s result, if the contestant has one. */
  readonly metric?: number;
  /** Steps per call settled on during warm-up. */
  readonly stepsPerCall: number;
}

/** Run `c` through setup → warm-up → window → evaluate → dispose. Errors propagate (the runner reports them). */
export async function measure(c: Contestant, options: MeasureOptions): Promise<Measurement> {
  const now = options.now ?? (() => performance.now());
  const target = options.targetCallMs ?? 25;
  await c.setup();
  try {
    // Warm-up: also finds a call size. Always at least one call, so kernels compile before the window.
    let stepsPerCall = 1;
    const warmStart = now();
    for (;;) {
      const t0 = now();
      await c.trainSteps(stepsPerCall);
      const dt = now() - t0;
      if (dt < target / 2 && stepsPerCall < 1 << 20) stepsPerCall *= 2;
      else if (dt > target * 2 && stepsPerCall > 1) stepsPerCall = Math.max(1, Math.floor(stepsPerCall / 2));
      if (now() - warmStart >= options.warmupMs) break;
    }
    const warmMs = now() - warmStart;

    let processed = 0;
    let steps = 0;
    const start = now();
    let elapsed = 0;
    do {
      processed += await c.trainSteps(stepsPerCall);
      steps += stepsPerCall;
      elapsed = now() - start;
    } while (elapsed < options.windowMs);

    const metric = c.evaluate ? await c.evaluate() : undefined;
    const result: Measurement = {
      throughput: processed / (elapsed / 1000),
      processed,
      steps,
      elapsedMs: elapsed,
      trainedMs: warmMs + elapsed,
      stepsPerCall,
      ...(metric === undefined ? {} : { metric }),
    };
    return result;
  } finally {
    await c.dispose?.();
  }
}
