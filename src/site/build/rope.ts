/**
 * Joining strings without one flat copy. `+` makes V8 keep a rope of the pieces, where `join('')` copies them into
 * one flat string, and a flat string over ~64K UTF-16 units (a whole note page) goes to V8's large-object space:
 * ~1 ms per allocation on the build VM against ~0.01 ms below that size (BENCHMARKS.md, "Build").
 */
import { createHash } from 'node:crypto';

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

/** Digests by the pieces array they were computed from, or by what stands for pieces not made yet. */
const digests = new WeakMap<object, string>();

/**
 * A digest of the pieces' UTF-8 bytes (SHA-256, base64url), the same however the text is split into pieces. Kept
 * per array, so a note body's digest is computed once whoever asks (the search index, a page's digest), or not at
 * all when its cache entry carried it ({@link knownDigest}).
 */
export function piecesDigest(parts: readonly Piece[]): string {
  let digest = digests.get(parts);
  if (digest === undefined) {
    const hash = createHash('sha256');
    for (const p of parts) hash.update(p);
    digest = hash.digest('base64url');
    digests.set(parts, digest);
  }
  return digest;
}

/**
 * Records the digest computed when pieces were made (a cache entry's header) as {@link piecesDigest} of `holder`:
 * the pieces array, or what stands for pieces not made yet (trusted HTML of a note body still in its cache file,
 * which {@link digestOf} then answers for without making them).
 */
export function knownDigest(holder: object, digest: string): void {
  digests.set(holder, digest);
}

/** The digest recorded for `holder` ({@link knownDigest}), else {@link piecesDigest} of its pieces. */
export function digestOf(holder: object, pieces: () => readonly Piece[]): string {
  return digests.get(holder) ?? piecesDigest(pieces());
}
