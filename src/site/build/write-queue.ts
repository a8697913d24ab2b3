/**
 * Writes files with a few in flight at once, so the kernel's share of writing runs on libuv's threads while the
 * caller goes on (rendering the next note, encoding the next page). Used for output pages and cache entries.
 */
import { open, writeFile } from 'node:fs/promises';

/** A bounded queue of file writes; `drain` waits for all and throws the first failure. */
export interface WriteQueue {
  /**
   * Starts writing `data` to `file` (bytes, or chunks written in order with one `writev`), first waiting while
   * `limit` writes are in flight.
   */
  write(file: string, data: Uint8Array | readonly Uint8Array[]): Promise<void>;
  /** Waits for every write; throws the first error any of them met. */
  drain(): Promise<void>;
  /** Waits for every write and ignores failures (before removing a folder they write into). */
  settle(): Promise<void>;
}

/** A queue with at most `limit` writes in flight. */
export function writeQueue(limit = 8): WriteQueue {
  const pending = new Set<Promise<void>>();
  let failed: { error: unknown } | undefined;
  return {
    async write(file, data) {
      if (pending.size >= limit) await Promise.race(pending);
      // Failures are kept for drain(), so no write is ever an unhandled rejection.
      const write: Promise<void> = (data instanceof Uint8Array ? writeFile(file, data) : writeChunks(file, data)).then(
        () => void pending.delete(write),
        (error: unknown) => {
          failed ??= { error };
          pending.delete(write);
        },
      );
      pending.add(write);
    },
    async drain() {
      await Promise.all(pending);
      if (failed) throw failed.error;
    },
    async settle() {
      await Promise.all(pending);
    },
  };
}

/**
 * Writes `chunks` one after another with `writev`, so a page made of pieces is never copied into one buffer
 * first (that copy, ~110 KB per note page, was 0.11 s of the main thread at 1000 notes, plus the GC its
 * external memory set off).
 */
async function writeChunks(file: string, chunks: readonly Uint8Array[]): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let total = 0;
    for (const c of chunks) total += c.byteLength;
    const { bytesWritten } = await handle.writev(chunks as Uint8Array[]);
    // A short write (more chunks than the system's IOV_MAX, a signal): the rest from where it stopped.
    if (bytesWritten < total) await handle.writeFile(Buffer.concat(chunks as Uint8Array[]).subarray(bytesWritten));
  } finally {
    await handle.close();
  }
}
