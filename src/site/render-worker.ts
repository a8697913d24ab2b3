/**
 * A render worker: loads the markdown pipeline as soon as it starts, builds the processor from plain data
 * (`ProcessorOptions`: language, link table, breaks, external links) when the pool sends `init`, then renders
 * queued notes one at a time, recording what each looked up in the link table. Each rendering goes back as note-codec bytes in a transferred buffer; the same bytes
 * are the cache entry this thread writes.
 */
import { writeFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { isDiagramKind } from './diagrams/render.js';
import { highlight } from './markdown/plugins/rehype-shiki-cached.js';
import { recordLookups, type LookupRecorder } from './markdown/links.js';
import { createMarkdownProcessor, type MarkdownProcessor } from './markdown/processor.js';
import { isUncacheable } from './render-failure.js';
import { encodeNoteHtml } from './note-codec.js';
import type { FromWorker, ToWorker } from './render-pool.js';

let processor: MarkdownProcessor | undefined;
let recorder: LookupRecorder | undefined;
const queue: Array<Extract<ToWorker, { type: 'job' }>> = [];
let busy = false;

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let job = queue.shift(); job && processor; job = queue.shift()) {
    try {
      recorder?.take(); // a job that failed midway leaves its lookups behind
      const { note, htmlParts } = await processor.renderParts(job.input);
      // What the note found in other notes goes with it: the cache reuses it only while those still hold.
      const bytes = encodeNoteHtml(note, htmlParts, recorder?.take());
      const id = job.id;
      const send = (): void => parentPort?.postMessage({ id, bytes } satisfies FromWorker, [bytes.buffer as ArrayBuffer]);
      // Stored here, in parallel, rather than by the main thread after all notes are done; written on libuv's
      // threads while the next note renders (a synchronous create measured ~0.7 ms per entry on the build VM's
      // disk, 0.7 s of each worker's time at 1000 notes). The buffer is handed over once it is written: a
      // transfer detaches it. A cache entry that cannot be written only costs a later render.
      // A failed rendering is not stored: the next build tries again, and says the same or renders it.
      if (job.cacheFile && !isUncacheable(note)) void writeFile(job.cacheFile, bytes).then(send, send);
      else send();
    } catch (error) {
      parentPort?.postMessage({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWorker);
    }
  }
  busy = false;
}

parentPort?.on('message', (msg: ToWorker) => {
  if (msg.type === 'warm') {
    // Diagrams are drawn, not highlighted; a failure here only means the real block will try again.
    if (msg.lang !== 'math' && !isDiagramKind(msg.lang)) highlight(msg.code, msg.lang).catch(() => undefined);
    return;
  }
  if (msg.type === 'init') {
    recorder = recordLookups(msg.options.links);
    processor = createMarkdownProcessor(msg.options);
  }
  else queue.push(msg);
  void drain();
});
