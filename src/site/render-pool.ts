/**
 * Renders many notes on every core: a pool of worker threads pulling from one queue (so a slow note does not hold
 * up a whole share). Small jobs stay on the main thread, where starting workers would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { NoteHtml, ProcessorOptions, RenderInput } from './markdown/processor.js';
import { writeCacheEntry } from './render-cache.js';

/** One note to render, and where to store the result in the persistent cache (written by the rendering thread). */
export interface RenderJob {
  input: RenderInput;
  cacheFile?: string | undefined;
}

/** Below this many notes to render, the main thread does it alone (worker start-up is ~1 s of module loading). */
export const POOL_THRESHOLD = 48;

/** Renders `jobs` in order; results come back in the same order whatever thread rendered them. */
export async function renderAll(jobs: RenderJob[], options: ProcessorOptions, threads = availableParallelism()): Promise<NoteHtml[]> {
  if (jobs.length === 0) return [];
  if (jobs.length < POOL_THRESHOLD || threads < 2) {
    // Imported on demand: a rebuild served from the cache never loads the markdown pipeline at all.
    const { createMarkdownProcessor } = await import('./markdown/processor.js');
    const processor = createMarkdownProcessor(options);
    const out: NoteHtml[] = [];
    for (const job of jobs) {
      const result = await processor.render(job.input);
      if (job.cacheFile) writeCacheEntry(job.cacheFile, result);
      out.push(result);
    }
    return out;
  }
  const inputs = jobs.map((j) => j.input);
  const results: NoteHtml[] = new Array<NoteHtml>(inputs.length);
  let next = 0;
  const fromSource = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(fromSource ? './render-worker.ts' : './render-worker.js', import.meta.url);
  // Loader hooks registered on the main thread do not reach workers: when running from TypeScript sources the
  // worker registers tsx's loader itself (resolved from here, so it works whatever the working directory).
  const boot = fromSource
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`
    : undefined;
  const count = Math.min(threads, Math.ceil(inputs.length / 16));
  const run = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = boot ? new Worker(boot, { eval: true, workerData: options }) : new Worker(workerUrl, { workerData: options });
      const feed = (): void => {
        if (next >= inputs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const id = next++;
        worker.postMessage({ id, input: inputs[id], cacheFile: jobs[id]?.cacheFile });
      };
      worker.on('message', (msg: { id: number; result?: NoteHtml; error?: string }) => {
        if (msg.error !== undefined) {
          void worker.terminate();
          reject(new Error(`rendering ${inputs[msg.id]?.display ?? '?'} failed in a worker: ${msg.error}`));
          return;
        }
        if (msg.result) results[msg.id] = msg.result;
        feed();
      });
      worker.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: count }, run));
  return results;
}
