import { backendNames, createBackend } from './backend/registry.js';
import { isSoftwareGl } from './backend/types.js';
import { Engine } from './engine.js';

/** How to measure candidates: build the model on an engine, and run one real training step. */
export interface SelectOptions<M> {
  /** Builds the model on the given engine (same seed each time, so every candidate trains the same net). */
  build(engine: Engine): M;
  /** One real training step (a batch forward, backward and update). */
  step(model: M): unknown;
  /** Backend names to try (default: every registered backend). */
  candidates?: string[];
  /** Use this backend without measuring (still reported). A URL flag such as `?backend=gpu.js-webasm` maps here. */
  override?: string;
  /** Timed rounds per candidate after one warm-up step (default 3); the fastest round's per-step time counts. */
  steps?: number;
  /**
   * Minimum duration of one round in ms (default 5): a round repeats the step until this much time has passed, so
   * browsers' coarse timers (0.1 ms, or 1 ms without cross-origin isolation) still resolve sub-millisecond steps.
   */
  roundMs?: number;
  /** Measure WebGL on a software renderer too (default false: SwiftShader/llvmpipe are not a GPU). */
  allowSoftwareGl?: boolean;
}

/** One candidate's outcome. */
export interface CandidateTiming {
  backend: string;
  /** Milliseconds per step in the fastest timed round, or null when skipped or failed. */
  msPerStep: number | null;
  /** Why it was skipped or failed. */
  note?: string;
}

/** The chosen backend, its model (already warmed up) and the report of what ran. */
export interface BackendChoice<M> {
  backend: string;
  /** What actually executed (e.g. `gpu.js webasm`, or `reference (plain JS)`). */
  executed: string;
  isGpu: boolean;
  engine: Engine;
  model: M;
  timings: CandidateTiming[];
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Picks the backend that trains this model fastest here by timing a few real steps on each candidate, because at
 * demo sizes per-call overhead, not FLOPs, decides (plain JS beat gpu.js webasm and software WebGL on every
 * workload we measured). Candidates that cannot start, or that are WebGL on a software renderer, are reported and
 * skipped. The losers' engines are disposed; the winner's model keeps its warm-up steps (a few extra updates).
 */
export async function selectBackend<M>(o: SelectOptions<M>): Promise<BackendChoice<M>> {
  const names = o.override ? [o.override] : (o.candidates ?? backendNames());
  const timings: CandidateTiming[] = [];
  let best: { engine: Engine; model: M; ms: number; name: string } | null = null;
  for (const name of names) {
    let engine: Engine | null = null;
    try {
      const backend = createBackend(name);
      if (!o.allowSoftwareGl && isSoftwareGl(backend)) {
        timings.push({ backend: name, msPerStep: null, note: `software GL renderer (${backend.renderer ?? 'unknown'}) is not a GPU` });
        backend.dispose();
        continue;
      }
      engine = new Engine(backend);
      const model = o.build(engine);
      o.step(model);
      let ms = 0;
      if (!o.override) {
        // The minimum over rounds, not the mean: on a shared machine (or a busy page) interference only ever adds
        // time, so the fastest round is the best estimate of what the backend itself costs.
        const rounds = o.steps ?? 3;
        const roundMs = o.roundMs ?? 5;
        ms = Infinity;
        for (let r = 0; r < rounds; r++) {
          const t0 = now();
          let n = 0;
          let elapsed = 0;
          do {
            o.step(model);
            n++;
            elapsed = now() - t0;
          } while (elapsed < roundMs && n < 10_000);
          ms = Math.min(ms, elapsed / n);
        }
        timings.push({ backend: name, msPerStep: ms });
      } else timings.push({ backend: name, msPerStep: null, note: 'override' });
      if (!best || ms < best.ms) {
        best?.engine.dispose();
        best = { engine, model, ms, name };
      } else engine.dispose();
    } catch (err) {
      engine?.dispose();
      timings.push({ backend: name, msPerStep: null, note: err instanceof Error ? err.message : String(err) });
    }
    // Let the page breathe between candidates (a browser demo stays responsive while measuring).
    await Promise.resolve();
  }
  if (!best) throw new Error(`selectBackend: no candidate could train: ${timings.map((t) => `${t.backend}: ${t.note}`).join('; ')}`);
  const r = best.engine.report();
  return { backend: best.name, executed: r.executed, isGpu: r.isGpu, engine: best.engine, model: best.model, timings };
}

/** {@link selectBackend} under the name the demos use. */
export const autoBackend = selectBackend;
