/**
 * Renders many notes on every core: a pool of worker threads pulling from one queue (so a slow note does not hold
 * up a whole share). Small jobs stay on the main thread, where starting workers would cost more than it saves.
 *
 * A pool can be started before the notes are even read ({@link RenderPool.start}): loading the pipeline's modules
 * takes a worker ~0.3 s from the bundle (worker-bundle.ts), which then overlaps with the main thread reading the
 * content folder. Each worker keeps a few jobs queued so it never idles waiting for the main thread, and hands its
 * rendering back as one transferred buffer (the cache file's bytes), not a structured clone of ~100 KB of strings.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { recordLookups } from './markdown/links.js';
import type { ProcessorOptions, RenderInput } from './markdown/processor.js';
import { isUncacheable } from './render-failure.js';
import { decodeNoteHtml, encodeNoteHtml, type RecordedNote } from './note-codec.js';
import { workerBundle } from './worker-bundle.js';
import { writeQueue } from './write-queue.js';

/** One note to render, and where to store the result in the persistent cache (written by the rendering thread). */
export interface RenderJob {
  input: RenderInput;
  cacheFile?: string | undefined;
}

/** Called after each note is rendered: how many are done of how many (for a progress line). */
export type OnRendered = (done: number, total: number) => void;

/** Below this many notes to render, the main thread does it alone (worker start-up is ~1 s of module loading). */
export const POOL_THRESHOLD = 48;

/** Jobs queued at each worker at once: enough to hide the round trip to the main thread, few enough to balance. */
const AHEAD = 3;

/**
 * Each worker's young generation (V8 splits it into two semi-spaces and a large-object space: 96 MB = 32 MB
 * semi-spaces, V8's default is 16 MB). A note's trees and strings (~5 MB of allocation per note) live for the
 * ~10 ms it takes to render it; with 16 MB semi-spaces a scavenge came every ~3 notes and caught most of them
 * alive, copied them twice and promoted them to the old generation. Measured at 1000 notes, one worker: 369
 * scavenges, 2.6 s of GC → 186 scavenges, 1.0 s (`--trace-gc`); with two workers the render phase went from
 * 11.4 s to 10.5 s (medians of 4 interleaved rounds; 64 MB similar, 128 MB and up no better).
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

/** Messages from the main thread to a worker. */
export type ToWorker =
  | { type: 'init'; options: ProcessorOptions }
  | { type: 'job'; id: number; input: RenderInput; cacheFile?: string | undefined }
  /** A code block to highlight before any job arrives, so its language is loaded while notes are still read. */
  | { type: 'warm'; lang: string; code: string };
/** Messages from a worker: a rendering (note-codec bytes) or the error that stopped it. */
export type FromWorker = { id: number; bytes: Uint8Array } | { id: number; error: string };

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
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` workers; they load the markdown pipeline at once and wait for {@link render}. */
  static start(count: number): RenderPool {
    const fromSource = import.meta.url.endsWith('.ts');
    const workerUrl = new URL(fromSource ? './render-worker.ts' : './render-worker.js', import.meta.url);
    // From the TypeScript sources, workers run a bundle of them (see worker-bundle.ts: ~1 s less module loading
    // per worker). Failing that, loader hooks registered on the main thread do not reach workers, so the worker
    // registers tsx's loader itself (resolved from here, so it works whatever the working directory).
    const bundle = fromSource ? workerBundle(fileURLToPath(workerUrl)) : undefined;
    const boot = fromSource && !bundle
      ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`
      : undefined;
    const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
    const workers = Array.from({ length: count }, () => (boot ? new Worker(boot, { eval: true, resourceLimits }) : new Worker(bundle ?? workerUrl, { resourceLimits })));
    // An idle pool must not keep the process alive if the build stops early (an error before rendering).
    for (const w of workers) w.unref();
    return new RenderPool(workers);
  }

  /** Asks every worker to highlight `code` as `lang` now (see markdown/fence-samples.ts); returns at once. */
  warm(lang: string, code: string): void {
    for (const w of this.workers) w.postMessage({ type: 'warm', lang, code } satisfies ToWorker);
  }

  /** Renders `jobs` in order; results come back in the same order whatever worker rendered them. */
  async render(jobs: RenderJob[], options: ProcessorOptions, onRendered?: OnRendered): Promise<RecordedNote[]> {
    const results = new Array<RecordedNote>(jobs.length);
    let done = 0;
    let next = 0;
    const run = (worker: Worker): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        let inFlight = 0;
        const feed = (): void => {
          while (inFlight < AHEAD && next < jobs.length) {
            const id = next++;
            const job = jobs[id] as RenderJob;
            inFlight++;
            worker.postMessage({ type: 'job', id, input: job.input, cacheFile: job.cacheFile } satisfies ToWorker);
          }
          if (inFlight === 0) finish();
        };
        const onMessage = (msg: FromWorker): void => {
          if ('error' in msg) {
            finish(new Error(`rendering ${jobs[msg.id]?.input.display ?? '?'} failed in a worker: ${msg.error}`));
            return;
          }
          results[msg.id] = decodeNoteHtml(msg.bytes);
          onRendered?.(++done, jobs.length);
          inFlight--;
          feed();
        };
        const onExit = (code: number): void => finish(new Error(`a render worker stopped (exit code ${code}) before finishing its notes`));
        const finish = (error?: Error): void => {
          worker.off('message', onMessage);
          worker.off('error', finish);
          worker.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        worker.ref();
        worker.on('message', onMessage);
        worker.on('error', finish);
        worker.on('exit', onExit);
        worker.postMessage({ type: 'init', options } satisfies ToWorker);
        feed();
      });
    try {
      await Promise.all(this.workers.map(run));
    } finally {
      await this.close();
    }
    return results;
  }

  /** Stops every worker (safe to call more than once). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
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
  return (pool ?? RenderPool.start(count)).render(jobs, options, onRendered);
}

/** The main-thread path: same processor, same cache bytes, no workers. */
async function renderHere(jobs: RenderJob[], options: ProcessorOptions, onRendered?: OnRendered): Promise<RecordedNote[]> {
  if (jobs.length === 0) return [];
  // Imported on demand: a rebuild served from the cache never loads the markdown pipeline at all.
  const { createMarkdownProcessor } = await import('./markdown/processor.js');
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
      out.push({ ...note, htmlParts, lookups });
      onRendered?.(out.length, jobs.length);
      continue;
    }
    // Kept as the cache entry's bytes, like a worker's result: the strings can go, and the body is written as is.
    const bytes = encodeNoteHtml(note, htmlParts, lookups);
    await writes.write(job.cacheFile, bytes);
    out.push(decodeNoteHtml(bytes));
    onRendered?.(out.length, jobs.length);
  }
  await writes.drain();
  return out;
}
