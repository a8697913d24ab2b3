/**
 * A render worker, run by tinypool (render-pool.ts): loads the markdown pipeline as soon as it starts, builds the
 * processor from plain data (`ProcessorOptions`: language, link table, breaks, external links) when the pool
 * broadcasts `init`, and renders its tasks one at a time, recording what each looked up in the link table. Each
 * rendering goes back as note-codec bytes in a transferred buffer; the same bytes are the cache entry this thread
 * writes.
 */
import { writeFile } from 'node:fs/promises';
import { BroadcastChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { isDiagramKind } from '../diagrams/render.js';
import { highlight } from '../markdown/plugins/rehype-shiki-cached.js';
import { recordLookups, type LookupRecorder } from '../markdown/links.js';
import { createMarkdownProcessor, type MarkdownProcessor } from '../markdown/processor.js';
import { isUncacheable } from './render-failure.js';
import { encodeNoteHtml } from './note-codec.js';
import type { Broadcast, RenderTask, RenderWorkerData } from './render-pool.js';

interface Pipeline {
  processor: MarkdownProcessor;
  recorder: LookupRecorder;
}
let ready: ((make: () => Pipeline) => void) | undefined;
/** Made when `init` arrives; a failure to make it fails every task with that error. */
const pipeline = new Promise<Pipeline>((resolve, reject) => {
  ready = (make) => {
    try {
      resolve(make());
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
});
pipeline.catch(() => undefined); // reported by the tasks
/** Samples already highlighted: the pool sends them again to a worker that joins late (see `Broadcast`). */
const warmed = new Set<string>();

const channel = new BroadcastChannel((Tinypool.workerData as RenderWorkerData).channel);
// The worker lives as long as the pool keeps it; the channel alone must not hold it.
channel.unref();
channel.onmessage = (event) => {
  const msg = (event as { data: Broadcast }).data;
  if (msg.type === 'warm') {
    const key = `${msg.lang}\0${msg.code}`;
    // Diagrams are drawn, not highlighted; a failure here only means the real block will try again.
    if (!warmed.has(key) && msg.lang !== 'math' && !isDiagramKind(msg.lang)) highlight(msg.code, msg.lang).catch(() => undefined);
    warmed.add(key);
  } else if (msg.type === 'init' && ready) {
    const { options } = msg;
    ready(() => {
      // The recorder first: it instruments the link table that the processor then resolves through.
      const recorder = recordLookups(options.links);
      return { processor: createMarkdownProcessor(options), recorder };
    });
    ready = undefined;
  }
};
channel.postMessage({ type: 'hello' } satisfies Broadcast);

/** Renderings run one after another (the lookup recorder is per thread); their cache writes overlap the next. */
let queue: Promise<unknown> = Promise.resolve();

async function renderOne(task: RenderTask): Promise<{ bytes: Uint8Array; written?: Promise<void> | undefined }> {
  const { processor, recorder } = await pipeline;
  recorder.take(); // a job that failed midway leaves its lookups behind
  const { note, htmlParts } = await processor.renderParts(task.input);
  // What the note found in other notes goes with it: the cache reuses it only while those still hold.
  const bytes = encodeNoteHtml(note, htmlParts, recorder.take());
  // Stored here, in parallel, rather than by the main thread after all notes are done; written on libuv's threads
  // while the next note renders (a synchronous create measured ~0.7 ms per entry on the build VM's disk, 0.7 s of
  // each worker's time at 1000 notes). A cache entry that cannot be written only costs a later render. A failed
  // rendering is not stored: the next build tries again, and says the same or renders it.
  const written = task.cacheFile && !isUncacheable(note) ? writeFile(task.cacheFile, bytes).catch(() => undefined) : undefined;
  return { bytes, written };
}

/** The task handler: renders `task` and returns its bytes, moved (not copied) to the main thread once stored. */
export default async function render(task: RenderTask): Promise<unknown> {
  const rendered = queue.then(() => renderOne(task));
  queue = rendered.catch(() => undefined);
  const { bytes, written } = await rendered;
  // The buffer is handed over once it is written: a transfer detaches it.
  await written;
  return Tinypool.move(bytes);
}
