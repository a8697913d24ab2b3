/**
 * Joining strings without one flat copy. `+` makes V8 keep a rope of the pieces, where `join('')` copies them into
 * one flat string, and a flat string over ~64K UTF-16 units (a whole note page) goes to V8's large-object space:
 * ~1 ms per allocation on the build VM against ~0.01 ms below that size (BENCHMARKS.md, "Build").
 */

/**
 * A piece of a page: text, or text already encoded as UTF-8. A rendered note body arrives from a worker (or the
 * cache) as bytes and stays bytes until it is written, so ~100 MB of note HTML never becomes JS strings on the
 * main thread for 1000 notes (BENCHMARKS.md, "Build": the main thread's GC and re-encoding).
 */
export type Piece = string | Uint8Array;

/** The pieces as text (byte pieces decoded from UTF-8), joined with `+`: a rope, not a flat copy. */
export function pieceText(parts: readonly Piece[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');
  return out;
}

/** Size of the pieces in UTF-8 bytes (without decoding the byte pieces). */
export function pieceBytes(parts: readonly Piece[]): number {
  let n = 0;
  for (const p of parts) n += typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength;
  return n;
}
