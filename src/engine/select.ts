import { backendNames, createBackendAsync } from './backend/registry.js';
import { isSoftwareGl } from './backend/types.js';
import { choiceKey, deviceRenderer, isSoftwareRenderer, readChoice, writeChoice, type ChoiceCache } from './device.js';
import { Engine } from './engine.js';
import { now, yieldToPage } from './yield.js';

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
  /** Timed rounds per candidate after the warm-up (default 3); the fastest round's per-step time counts. */
  steps?: number;
  /**
   * Minimum duration of one round in ms (default 5): a round repeats the step until this much time has passed, so
   * browsers' coarse timers (0.1 ms, or 1 ms without cross-origin isolation) still resolve sub-millisecond steps.
   */
  roundMs?: number;
  /**
   * Warm-up per candidate in ms of steps (default 30, and at least 3 steps), the same for every candidate, in slices
   * of at most `roundMs`·2 with a yield between: the reference path needs a few hundred MLP steps before V8 has
   * optimised it, and one warm-up step made the selection pick a 3–5× slower backend (issue 12).
   */
  warmupMs?: number;
  /**
   * Drop a candidate whose fastest warm-up slice was this many times slower per step than the best candidate's (default 4): its
   * timed rounds would only hold the page (a 113 ms gpu.js webasm CNN step against 13 ms on the reference, in
   * headless Chromium) and it cannot win. `Infinity` times every candidate.
   */
  dropSlowerThan?: number;
  /** How to yield between candidates, slices and rounds (default: a real macrotask, {@link yieldToPage}). */
  yieldFn?: () => Promise<void>;
  /** Measure WebGL on a software renderer too (default false: SwiftShader/llvmpipe are not a GPU). */
  allowSoftwareGl?: boolean;
  /**
   * Keep the pick per device and workload (on a page: `{ store: pageChoiceStore(), workload }`): a stored pick that
   * is among the candidates is built without timing anything; one that no longer starts is measured again; a
   * fresh measurement is stored. `override` bypasses the cache (neither read nor written).
   */
  cache?: ChoiceCache;
}

/** One candidate's outcome. */
export interface CandidateTiming {
  backend: string;
  /** Milliseconds per step in the fastest timed round, or null when skipped or failed. */
  msPerStep: number | null;
  /** Why it was skipped or failed. */
  note?: string;
}

/** The chosen backend, a fresh model built on it (never trained) and the report of what ran. */
export interface BackendChoice<M> {
  backend: string;
  /** What actually executed (e.g. `gpu.js webasm`, or `reference (plain JS)`). */
  executed: string;
  isGpu: boolean;
  engine: Engine;
  model: M;
  timings: CandidateTiming[];
  /** True when the pick came from {@link SelectOptions.cache} (no step was timed). */
  fromCache: boolean;
}

interface Candidate<M> {
  name: string;
  engine: Engine;
  model: M;
  ms: number;
}

/**
 * Picks the backend that trains this model fastest here by timing a few real steps on each candidate, because at
 * demo sizes per-call overhead, not FLOPs, decides (plain JS beat gpu.js webasm and software WebGL on every
 * workload we measured). Candidates that cannot start, or that are WebGL on a software renderer, are reported and
 * skipped. Every candidate is built (first step: kernel compiles), then warmed for the same time, then timed in
 * rounds interleaved across candidates (so drift of a shared machine hits all alike); a macrotask yield comes
 * after every build, warm-up slice and round, so the page paints while it measures (one gpu.js compile is still
 * one task: measure in the Worker to keep even that off the page). The losers' engines are disposed and the
 * returned model is a fresh `build` on the winner's engine, so a demo starts from its seed, not from trained weights.
 * With `cache`, a device that has measured this workload before gets its pick back without any of that.
 */
export async function selectBackend<M>(o: SelectOptions<M>): Promise<BackendChoice<M>> {
  const cache = o.override ? undefined : o.cache;
  if (!cache) return measure(o);
  const key = choiceKey(cache.workload, cache.renderer === undefined ? deviceRenderer() : cache.renderer);
  const hit = readChoice(cache.store, key);
  if (hit !== null && (o.candidates ?? backendNames()).includes(hit)) {
    try {
      const c = await measure({ ...o, override: hit });
      return { ...c, fromCache: true, timings: [{ backend: hit, msPerStep: null, note: `cached (${key})` }] };
    } catch {
      // The stored backend does not start here any more (a driver update, WebGL switched off): measure again.
    }
  }
  const c = await measure(o);
  writeChoice(cache.store, key, c.backend);
  return c;
}

/** {@link selectBackend} without its cache: times the candidates (or builds `override`). */
async function measure<M>(o: SelectOptions<M>): Promise<BackendChoice<M>> {
  const names = o.override ? [o.override] : (o.candidates ?? backendNames());
  // A WebGL candidate on a software renderer is skipped before it is created: creating it is a gpu.js GL context
  // and a probe kernel's compile, one task of 0.1–0.9 s on the page, only to learn the renderer's name.
  const softwareGl = !o.allowSoftwareGl && isSoftwareRenderer(deviceRenderer());
  const pause = o.yieldFn ?? yieldToPage;
  const roundMs = o.roundMs ?? 5;
  const timings: CandidateTiming[] = [];
  const live: Candidate<M>[] = [];
  const fail = (c: Candidate<M>, err: unknown): void => {
    c.engine.dispose();
    c.ms = NaN;
    timings.push({ backend: c.name, msPerStep: null, note: err instanceof Error ? err.message : String(err) });
  };
  for (const name of names) {
    let engine: Engine | null = null;
    if (softwareGl && /^gpu\.js-webgl/.test(name)) {
      timings.push({ backend: name, msPerStep: null, note: `software GL renderer (${deviceRenderer()}) is not a GPU` });
      continue;
    }
    try {
      const backend = await createBackendAsync(name);
      if (!o.allowSoftwareGl && isSoftwareGl(backend)) {
        timings.push({ backend: name, msPerStep: null, note: `software GL renderer (${backend.renderer ?? 'unknown'}) is not a GPU` });
        backend.dispose();
        continue;
      }
      engine = new Engine(backend);
      if (o.override) {
        timings.push({ backend: name, msPerStep: null, note: 'override' });
        live.push({ name, engine, model: o.build(engine), ms: 0 });
        break;
      }
      const model = o.build(engine);
      o.step(model);
      await engine.sync();
      live.push({ name, engine, model, ms: Infinity });
    } catch (err) {
      engine?.dispose();
      timings.push({ backend: name, msPerStep: null, note: err instanceof Error ? err.message : String(err) });
    }
    await pause();
  }
  if (!o.override) {
    // Equal warm-up: the same wall time of steps for every candidate, in slices that each end with a yield.
    const warm = o.warmupMs ?? 30;
    const warmMs = new Map<Candidate<M>, number>();
    for (const c of live) {
      try {
        let spent = 0;
        let n = 0;
        // The drop is decided on the fastest slice, not the mean: one stall (a GC, the page's own work, another
        // process) in a 30 ms warm-up made a 0.05 ms reference step look 7-35 ms and dropped the true fastest
        // before the timed rounds (bench:browser --choice, 3 of 16 MLP pages).
        let best = Infinity;
        // Dropped as soon as its best slice is over the drop ratio against a candidate already warmed: a gpu.js CNN
        // step (100–180 ms on the page) makes each slice one task, and two more of them could not make it the fastest.
        const fastestDone = Math.min(...warmMs.values());
        while (spent < warm || n < 3) {
          if (Number.isFinite(best) && best > (o.dropSlowerThan ?? 4) * fastestDone) break;
          const t0 = now();
          let k = 0;
          do {
            o.step(c.model);
            n++;
            k++;
            // A queued backend (webgpu) returns before the step has run: each timed step waits for the device.
            if (c.engine.queued) await c.engine.sync();
          } while (now() - t0 < roundMs * 2 && (spent + now() - t0 < warm || n < 3));
          const ms = now() - t0;
          spent += ms;
          best = Math.min(best, ms / k);
          await pause();
        }
        warmMs.set(c, best);
      } catch (err) {
        fail(c, err);
      }
    }
    const drop = o.dropSlowerThan ?? 4;
    const fastestWarm = Math.min(...warmMs.values());
    for (const [c, ms] of warmMs) {
      if (ms > drop * fastestWarm) {
        const ratio = (ms / fastestWarm).toFixed(1);
        c.engine.dispose();
        c.ms = NaN;
        timings.push({ backend: c.name, msPerStep: null, note: `dropped after warm-up: ${ratio}× slower than the fastest (best slice ${ms.toFixed(2)} ms/step)` });
      }
    }
    // The minimum over rounds, not the mean: on a shared machine (or a busy page) interference only ever adds
    // time, so the fastest round is the best estimate of what the backend itself costs.
    const rounds = o.steps ?? 3;
    for (let r = 0; r < rounds; r++) {
      for (const c of live) {
        if (Number.isNaN(c.ms)) continue;
        try {
          const t0 = now();
          let n = 0;
          let elapsed = 0;
          do {
            o.step(c.model);
            n++;
            if (c.engine.queued) await c.engine.sync();
            elapsed = now() - t0;
          } while (elapsed < roundMs && n < 10_000);
          c.ms = Math.min(c.ms, elapsed / n);
        } catch (err) {
          fail(c, err);
        }
        await pause();
      }
    }
    for (const c of live) if (!Number.isNaN(c.ms)) timings.push({ backend: c.name, msPerStep: c.ms });
  }
  const ok = live.filter((c) => !Number.isNaN(c.ms));
  const best = ok.reduce<Candidate<M> | null>((a, c) => (!a || c.ms < a.ms ? c : a), null);
  for (const c of ok) if (c !== best) c.engine.dispose();
  if (!best) throw new Error(`selectBackend: no candidate could train: ${timings.map((t) => `${t.backend}: ${t.note}`).join('; ')}`);
  // A fresh model from the same seed: the measured one has taken hundreds of updates.
  const model = o.override ? best.model : o.build(best.engine);
  const r = best.engine.report();
  return { backend: best.name, executed: r.executed, isGpu: r.isGpu, engine: best.engine, model, timings, fromCache: false };
}

/** {@link selectBackend} under the name the demos use. */
export const autoBackend = selectBackend;
