/**
 * One byte format for a rendered note, used both for the persistent cache file and for handing a rendering from a
 * worker to the main thread (as a transferred buffer, so it is not copied again).
 *
 * Why not JSON: a note's HTML is ~100 KB, most of it KaTeX markup full of quotes, and JSON escapes and unescapes
 * every one (~1 ms each way per note, measured on the bench corpus) while structured cloning to the main thread
 * costs as much again. Here the small fields are a JSON header line and the long strings follow it verbatim,
 * as UTF-8 pieces whose byte lengths the header lists.
 *
 * Why pieces: the note's HTML is stored as the small pieces the renderer built it from, and decoded piece by
 * piece into a rope. One flat string of a whole note (over ~64K UTF-16 units) lands in V8's large-object space,
 * and each such allocation measured ~1 ms on the build VM (page faults) against ~0.01 ms for small strings.
 */
import type { LinkLookup } from '../markdown/links.js';
import type { NoteHtml } from '../markdown/processor.js';
import { raw, type Html } from '../render/html.js';
import { knownDigest, pieceText, piecesDigest, type Piece } from './rope.js';

/**
 * A rendering with what it looked up in other notes while rendering (markdown/links.ts): the render cache
 * reuses it only while those lookups still find the same. Absent: it looked nothing up.
 */
export type RecordedNote = NoteHtml & { lookups?: readonly LinkLookup[] | undefined };

/** Header: every short field, plus the byte length of each piece of each long field (`null`: undefined). */
type Header = Omit<RecordedNote, Long> & { pieces: Array<number[] | null>; htmlDigest?: string };
type Long = 'html' | 'moreHtml' | 'firstParagraphHtml' | 'text';

/**
 * The pieces a note's HTML fields were built or decoded from, where this thread has them: the build writes a
 * page from them without one flat string of the whole note, and a decoded body is never decoded to be written.
 * Kept beside the note rather than on it, so a rendered note stays plain data and nothing past the build sees them.
 */
interface NotePieces {
  body: readonly Piece[];
  /** Whether `more` and `first` were stored too (a decoded note), `undefined` there meaning the field is. */
  all: boolean;
  more?: readonly Piece[] | undefined;
  first?: readonly Piece[] | undefined;
}
const notePieces = new WeakMap<NoteHtml, NotePieces>();

/** `note`, whose `html` is `body` joined (the renderer's pieces): it is written piece by piece. */
export function withBodyPieces<T extends NoteHtml>(note: T, body: readonly Piece[]): T {
  notePieces.set(note, { body, all: false });
  return note;
}

/** A note's body, its excerpt up to `<!-- more -->` and its first paragraph, as {@link Html} (from pieces where kept). */
export function noteFragments(note: NoteHtml): { body: Html; more: Html | undefined; first: Html | undefined } {
  const p = notePieces.get(note);
  const field = (pieces: readonly Piece[] | undefined, text: () => string | undefined): Html | undefined => {
    if (p?.all) return pieces && raw(pieces);
    const t = text();
    return t === undefined ? undefined : raw(t);
  };
  return {
    body: raw(p?.body ?? note.html),
    more: field(p?.more, () => note.moreHtml),
    first: field(p?.first, () => note.firstParagraphHtml),
  };
}

/**
 * Encodes a rendered note as bytes. `htmlParts`, when given, must join to `note.html` (the renderer's pieces);
 * without it the HTML is the pieces kept for the note, or one piece. `lookups` (or the note's own) are stored
 * with it.
 */
export function encodeNoteHtml(
  note: RecordedNote,
  htmlParts: readonly Piece[] = notePieces.get(note)?.body ?? [note.html],
  lookups: readonly LinkLookup[] | undefined = note.lookups,
): Uint8Array {
  const short = shortFields(note);
  delete short.lookups;
  if (lookups?.length) short.lookups = lookups;
  // The text fields are read only when there are no pieces: on a decoded note they are getters that decode.
  const kept = notePieces.get(note);
  const longs: Array<readonly Piece[] | null> = [
    htmlParts,
    kept?.all ? (kept.more ?? null) : one(note.moreHtml),
    kept?.all ? (kept.first ?? null) : one(note.firstParagraphHtml),
    [note.text],
  ];
  // Sizes first, then every piece written straight into one buffer: no intermediate buffer per piece (measured
  // 0.37 ms per note in a render worker with TextEncoder + copy, on ~100 KB of HTML in ~100 pieces).
  const pieces = longs.map((parts) => (parts === null ? null : parts.map((p) => (typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength))));
  // The body's digest goes with it, so a build reading the entry never hashes the body again (rope.ts).
  const head = JSON.stringify({ ...short, pieces, htmlDigest: piecesDigest(htmlParts) } satisfies Header) + '\n'; // JSON never emits a raw newline
  const headBytes = Buffer.byteLength(head);
  let total = headBytes;
  for (const lengths of pieces) for (const n of lengths ?? []) total += n;
  // Its own ArrayBuffer (not a slice of Node's Buffer pool), so it can be transferred to another thread.
  const out = Buffer.from(new ArrayBuffer(total));
  let at = out.write(head, 0);
  for (const parts of longs) {
    for (const p of parts ?? []) {
      if (typeof p === 'string') at += out.write(p, at);
      else {
        out.set(p, at);
        at += p.byteLength;
      }
    }
  }
  if (at !== total) throw new Error(`note codec: wrote ${at} of ${total} bytes`);
  return out;
}

/**
 * Decodes bytes written by {@link encodeNoteHtml}; throws on anything else (callers treat that as a cache miss).
 * The body stays bytes: its pieces ({@link noteFragments}) are views into `bytes`, and `html` is decoded only if
 * something reads it (the feed does for its latest entries; pages are written from the bytes).
 */
export function decodeNoteHtml(bytes: Uint8Array): RecordedNote {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nl = buf.indexOf(10);
  if (nl < 0) throw new Error('not an encoded note: no header line');
  const { pieces, htmlDigest: bodyDigest, ...short } = JSON.parse(buf.toString('utf8', 0, nl)) as Header;
  if (!Array.isArray(pieces) || pieces.length !== 4) throw new Error('not an encoded note: bad header');
  let at = nl + 1;
  const split = pieces.map((lengths) => {
    if (lengths === null) return undefined;
    return lengths.map((n) => {
      if (typeof n !== 'number' || n < 0 || at + n > buf.length) throw new Error('not an encoded note: lengths do not add up');
      const view = buf.subarray(at, at + n);
      at += n;
      return view;
    });
  });
  if (at !== buf.length) throw new Error('not an encoded note: lengths do not add up');
  const htmlParts: readonly Piece[] = split[0] ?? [];
  if (typeof bodyDigest === 'string') knownDigest(htmlParts, bodyDigest);
  const note = { ...short, text: split[3] ? pieceText(split[3]) : '' } as Partial<RecordedNote> as RecordedNote;
  notePieces.set(note, { body: htmlParts, all: true, more: split[1], first: split[2] });
  lazyText(note, 'html', htmlParts);
  lazyText(note, 'moreHtml', split[1]);
  lazyText(note, 'firstParagraphHtml', split[2]);
  return note;
}

/**
 * Defines `key` as the text of `parts`, decoded on first read only (enumerable, so copies and comparisons see
 * it), or as `undefined` without parts.
 */
function lazyText(note: NoteHtml, key: 'html' | 'moreHtml' | 'firstParagraphHtml', parts: readonly Piece[] | undefined): void {
  if (!parts) {
    Object.defineProperty(note, key, { enumerable: true, writable: true, configurable: true, value: undefined });
    return;
  }
  let text: string | undefined;
  Object.defineProperty(note, key, { enumerable: true, configurable: true, get: () => (text ??= pieceText(parts)) });
}

/** Every field of `note` but the long ones (without reading `html`, which may be an undecoded body). */
function shortFields(note: RecordedNote): Omit<RecordedNote, Long> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(note)) if (!LONG_KEYS.has(key)) out[key] = (note as unknown as Record<string, unknown>)[key];
  return out as Omit<RecordedNote, Long>;
}

const LONG_KEYS = new Set<string>(['html', 'moreHtml', 'firstParagraphHtml', 'text']);

function one(s: string | undefined): string[] | null {
  return s === undefined ? null : [s];
}

/**
 * A digest of a rendered note's body HTML ({@link piecesDigest}): from its cache entry's header, or hashed from its
 * pieces without decoding them.
 */
export function htmlDigest(note: NoteHtml): string {
  return piecesDigest(notePieces.get(note)?.body ?? [note.html]);
}
