/**
 * Renders many notes on every core: a pool of worker threads (tinypool) pulling from one queue, so a slow note
 * does not hold up a whole share. Small jobs stay on the main thread, where starting workers would cost more than
 * it saves.
 *
 * A pool can be started before the notes are even read ({@link RenderPool.start}): each worker loads the
 * pipeline's compiled modules at once (~0.3 s), which then overlaps with the main thread reading the content
 * folder, and highlights the languages the notes use as they are found ({@link RenderPool.warm}). The processor's
 * settings and the link table go to every worker once, on a `BroadcastChannel` of the pool's own, not with each
 * note. Each worker keeps a few jobs queued so it never idles waiting for the main thread, and hands its rendering
 * back as one transferred buffer (the cache file's bytes), not a structured clone of ~100 KB of strings.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { recordLookups } from '../markdown/links.js';
import type { ProcessorOptions, RenderInput } from '../markdown/processor.js';
import { isUncacheable } from './render-failure.js';
import { decodeNoteHtml, encodeNoteHtml, withBodyPieces, type RecordedNote } from './note-codec.js';
import { writeQueue } from './write-queue.js';

/** One note to render, and where to store the result in the persistent cache (written by the rendering thread). */
export interface RenderJob {
  input: RenderInput;
  cacheFile?: string | undefined;
}

/** Called after each note is rendered: how many are done of how many (for a progress line). */
/** Told after each note is rendered: how many are done, of how many, and which job (its index) gave what. */
export type OnRendered = (done: number, total: number, index: number, note: RecordedNote) => void;

/** Below this many notes to render, the main thread does it alone (worker start-up is ~1 s of module loading). */
export const POOL_THRESHOLD = 48;

/** Jobs queued at each worker at once: enough to hide the round trip to the main thread, few enough to balance. */
const AHEAD = 3;

/**
 * A pool that may grow (2-core machine, one worker, no thread count asked for) watches the main thread over this
 * long from its first result. The split between one worker and two was measured on generated notes (mostly Chinese
 * prose: the main thread's search documents keep it busy); real notes heavy in code and math keep the one worker
 * busy and the main thread idle: 173 of them (median 17 KB) built in 11.2–12.0 s with two workers against 13.1–13.7
 * with one, while 400 generated notes were 4–7 % slower with two.
 */
const GROW_WINDOW_MS = 1000;
/**
 * Below this main-thread event-loop utilization over the window, a core is mostly idle: a second worker is started.
 * Measured with one worker: 0.23 on those real notes, 0.5 on 200–400 generated ones.
 */
const GROW_BELOW_UTILIZATION = 0.35;

/**
 * Each worker's young generation (V8 splits it into two semi-spaces and a large-object space: 96 MB = 32 MB
 * semi-spaces, V8's default is 16 MB). A note's trees and strings (~5 MB of allocation per note) live for the
 * ~10 ms it takes to render it; with 16 MB semi-spaces a scavenge came every ~3 notes and caught most of them
 * alive, copied them twice and promoted them to the old generation. Measured at 1000 notes, one worker: 369
 * scavenges, 2.6 s of GC → 186 scavenges, 1.0 s (`--trace-gc`); with two workers the render phase went from
 * 11.4 s to 10.5 s (medians of 4 interleaved rounds; 64 MB similar, 128 MB and up no better).
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

/**
 * What a worker is told on its pool's channel (every worker hears every message). A BroadcastChannel keeps no
 * message for a listener that is not there yet, so a worker says `hello` once it listens and the pool sends again
 * what it sent so far (the others ignore what they already had).
 */
export type Broadcast =
  /** The processor's settings and link table, sent once when rendering starts. */
  | { type: 'init'; options: ProcessorOptions }
  /** A code block to highlight before any job arrives, so its language is loaded while notes are still read. */
  | { type: 'warm'; lang: string; code: string }
  /** From a worker: it listens now. */
  | { type: 'hello' };

/** One task of the pool; the worker returns the rendering as note-codec bytes (transferred). */
export interface RenderTask {
  input: RenderInput;
  cacheFile?: string | undefined;
}

/** What each worker is started with (tinypool's `workerData`). */
export interface RenderWorkerData {
  /** Name of the pool's BroadcastChannel. */
  channel: string;
}

/**
 * On a 2-core machine, two workers beat one only from about this many notes; below it one worker renders while
 * the main thread reads notes and writes pages. Measured on our 2-vCPU build VM (cold builds, interleaved, with
 * workers running the bundle): 200 notes, one worker 5.4-5.9 s, two 6.1-6.6 s, the main thread alone 5.8-5.9 s;
 * 1000 notes, one worker 15.5-16.9 s, two 14.2-14.7 s.
 */
export const TWO_CORE_POOL_THRESHOLD = 700;

/**
 * How many workers to start for `notes` notes. `threads` is the caller's choice of render threads (1 = main
 * thread only); without one, a machine with 3+ cores uses all cores but one (the main thread reads notes,
 * decodes results and writes pages), and a 2-core machine uses one worker, or two for big builds.
 */
export function workersFor(notes: number, threads?: number): number {
  if (threads === undefined) {
    const cores = availableParallelism();
    if (cores >= 3) return workersFor(notes, cores - 1);
    if (cores < 2 || notes < POOL_THRESHOLD) return 0;
    return notes >= TWO_CORE_POOL_THRESHOLD ? 2 : 1;
  }
  if (threads < 2 || notes < POOL_THRESHOLD) return 0;
  return Math.min(threads, Math.ceil(notes / 16));
}

/** A set of started render workers. Use once with {@link RenderPool.render}, then {@link RenderPool.close}. */
export class RenderPool {
  private closed = false;
  /** Set when a worker fails outside a task (it could not load its modules): the render must not wait forever. */
  private failure: Error | undefined;
  private onFailure: ((error: Error) => void) | undefined;

  /** Every message sent on the channel, for a worker that starts listening late. */
  private readonly sent: Broadcast[] = [];

  /** The worker started when the main thread was found idle ({@link GROW_BELOW_UTILIZATION}). */
  private extra: Tinypool | undefined;

  private constructor(
    private readonly pool: Tinypool,
    private readonly channel: BroadcastChannel,
    private readonly count: number,
    /** Whether one more worker may be started while rendering (see {@link RenderPool.start}). */
    private readonly mayGrow: boolean,
    private readonly options: ConstructorParameters<typeof Tinypool>[0],
  ) {
    this.listen(pool);
    channel.onmessage = (event) => {
      if ((event as { data: Broadcast }).data.type === 'hello') for (const msg of this.sent) channel.postMessage(msg);
    };
    // An idle pool must not keep the process alive if the build stops early (an error before rendering); tinypool
    // unrefs its idle workers itself.
    channel.unref();
  }

  private listen(pool: Tinypool): void {
    pool.on('error', (error: Error) => {
      this.failure ??= error;
      this.onFailure?.(error);
    });
  }

  private broadcast(msg: Broadcast): void {
    if (this.closed) return;
    this.sent.push(msg);
    this.channel.postMessage(msg);
  }

  /**
   * Starts `count` workers; they load the markdown pipeline at once and wait for {@link render}. With `mayGrow`
   * and a core to spare, {@link render} starts one more when the main thread turns out to be mostly idle.
   */
  static start(count: number, mayGrow = false): RenderPool {
    const name = `danlu-render-${randomUUID()}`;
    const channel = new BroadcastChannel(name);
    const options = {
      filename: workerModule(),
      minThreads: count,
      maxThreads: count,
      // A worker takes AHEAD jobs at once and renders them one after the other (render-worker.ts).
      concurrentTasksPerWorker: AHEAD,
      // With atomics, an idle worker blocks in Atomics.wait and would not hear `warm` until its first job.
      useAtomics: false,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      workerData: { channel: name } satisfies RenderWorkerData,
    };
    return new RenderPool(new Tinypool(options), channel, count, mayGrow && count < availableParallelism(), options);
  }

  /** Asks every worker to highlight `code` as `lang` now (see markdown/fence-samples.ts); returns at once. */
  warm(lang: string, code: string): void {
    this.broadcast({ type: 'warm', lang, code });
  }

  /** Renders `jobs` in order; results come back in the same order whatever worker rendered them. */
  async render(jobs: RenderJob[], options: ProcessorOptions, onRendered?: OnRendered): Promise<RecordedNote[]> {
    let done = 0;
    let next = 0;
    const results: RecordedNote[] = new Array<RecordedNote>(jobs.length);
    const lanes: Promise<void>[] = [];
    // Each lane keeps one job at a worker of `pool`: AHEAD lanes per worker, as its concurrentTasksPerWorker.
    const lane = async (pool: Tinypool): Promise<void> => {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index] as RenderJob;
        let note: RecordedNote;
        try {
          note = decodeNoteHtml((await pool.run({ input: job.input, cacheFile: job.cacheFile } satisfies RenderTask)) as Uint8Array);
        } catch (error) {
          const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
          throw new Error(`rendering ${job.input.display} failed in a worker: ${why}`);
        }
        results[index] = note;
        onRendered?.(++done, jobs.length, index, note);
        watch();
      }
    };
    const addLanes = (pool: Tinypool, workers: number): void => {
      for (let i = 0; i < workers * AHEAD; i++) lanes.push(lane(pool));
    };
    // Growing: from the first result, the main thread's event-loop utilization over GROW_WINDOW_MS decides once.
    let since: { at: number; elu: EventLoopUtilization } | undefined;
    let decided = !this.mayGrow;
    const watch = (): void => {
      if (decided) return;
      if (!since) {
        since = { at: performance.now(), elu: performance.eventLoopUtilization() };
        return;
      }
      if (performance.now() - since.at < GROW_WINDOW_MS) return;
      decided = true;
      if (performance.eventLoopUtilization(since.elu).utilization >= GROW_BELOW_UTILIZATION || jobs.length - next < 4 * AHEAD) return;
      this.extra = new Tinypool({ ...this.options, minThreads: 1, maxThreads: 1 });
      this.listen(this.extra);
      addLanes(this.extra, 1);
    };
    try {
      this.broadcast({ type: 'init', options });
      const failed = new Promise<never>((_, reject) => {
        this.onFailure = (error) => reject(new Error(`a render worker stopped before finishing its notes: ${error.message}`));
        if (this.failure) this.onFailure(this.failure);
      });
      addLanes(this.pool, this.count);
      // A lane added while the others ran (the extra worker's) is waited for too.
      for (let waited = 0; waited < lanes.length; ) {
        const now = lanes.length;
        await Promise.race([Promise.all(lanes), failed]);
        waited = now;
      }
      return results;
    } finally {
      await this.close();
    }
  }

  /** Stops every worker (safe to call more than once). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channel.close();
    await Promise.all([this.pool.destroy(), this.extra?.destroy()]);
  }
}

/**
 * The module tinypool runs in each worker. The compiled `render-worker.js` as it is; from the TypeScript sources
 * (tests, `DANLU_FROM_SOURCE`), a small module that registers tsx's loader in the worker first: loader hooks of the
 * main thread, even `node --import tsx`, do not reach worker threads on Node 20.
 */
function workerModule(): string {
  if (!import.meta.url.endsWith('.ts')) return new URL('./render-worker.js', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./render-worker.ts', import.meta.url).href;
  const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); export default (await import(${JSON.stringify(worker)})).default;`;
  return `data:text/javascript,${encodeURIComponent(boot)}`;
}

/**
 * Renders `jobs` in order: on the main thread when there are few, else on `pool` (or a pool started here).
 * A pool passed in is always closed.
 */
export async function renderAll(jobs: RenderJob[], options: ProcessorOptions, threads?: number, pool?: RenderPool, onRendered?: OnRendered): Promise<RecordedNote[]> {
  const count = workersFor(jobs.length, threads);
  if (count === 0) {
    await pool?.close();
    return renderHere(jobs, options, onRendered);
  }
  return (pool ?? RenderPool.start(count, threads === undefined)).render(jobs, options, onRendered);
}

/** The main-thread path: same processor, same cache bytes, no workers. */
async function renderHere(jobs: RenderJob[], options: ProcessorOptions, onRendered?: OnRendered): Promise<RecordedNote[]> {
  if (jobs.length === 0) return [];
  // Imported on demand: a rebuild served from the cache never loads the markdown pipeline at all.
  const { createMarkdownProcessor } = await import('../markdown/processor.js');
  // A table of this loop's own, so another build rendering on this thread at the same time records apart.
  const links = { ...options.links };
  const recorder = recordLookups(links);
  const processor = createMarkdownProcessor({ ...options, links });
  const out: RecordedNote[] = [];
  // The kernel's part of storing each entry runs on libuv's threads while the next note renders.
  const writes = writeQueue();
  for (const job of jobs) {
    recorder.take();
    const { note, htmlParts } = await processor.renderParts(job.input);
    const lookups = recorder.take();
    // A failed rendering is not stored (render-guard.ts), as in a worker.
    if (!job.cacheFile || isUncacheable(note)) {
      out.push(withBodyPieces({ ...note, lookups }, htmlParts));
      onRendered?.(out.length, jobs.length, out.length - 1, out[out.length - 1] as RecordedNote);
      continue;
    }
    // Kept as the cache entry's bytes, like a worker's result: the strings can go, and the body is written as is.
    const bytes = encodeNoteHtml(note, htmlParts, lookups);
    await writes.write(job.cacheFile, bytes);
    out.push(decodeNoteHtml(bytes));
    onRendered?.(out.length, jobs.length, out.length - 1, out[out.length - 1] as RecordedNote);
  }
  await writes.drain();
  return out;
}
