/**
 * A render worker: builds the markdown processor once from plain data (language + link table) and renders the
 * notes the pool sends it. Everything crossing the thread boundary is plain data (NoteHtml is worker-safe).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMarkdownProcessor, type ProcessorOptions, type RenderInput } from './markdown/processor.js';
import { writeCacheEntry } from './render-cache.js';

const processor = createMarkdownProcessor(workerData as ProcessorOptions);
parentPort?.on('message', (msg: { id: number; input: RenderInput; cacheFile?: string }) => {
  processor.render(msg.input).then(
    (result) => {
      // Stored here, in parallel, rather than by the main thread after all notes are done.
      if (msg.cacheFile) writeCacheEntry(msg.cacheFile, result);
      parentPort?.postMessage({ id: msg.id, result });
    },
    (error: unknown) => parentPort?.postMessage({ id: msg.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
