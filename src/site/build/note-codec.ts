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
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LinkLookup } from '../markdown/links.js';
import type { NoteHtml } from '../markdown/processor.js';
import { lazyRaw, raw, type Html } from '../render/html.js';
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
  /** The body's pieces (read from the cache file on first call, for a note decoded by {@link decodeNoteFile}). */
  body: () => readonly Piece[];
  /** Whether the body is empty, known without reading it. */
  bodyEmpty: boolean;
  /** The body's digest, when its cache entry carried one. */
  digest?: string | undefined;
  /** Whether `more` and `first` were stored too (a decoded note), `undefined` there meaning the field is. */
  all: boolean;
  more?: readonly Piece[] | undefined;
  first?: readonly Piece[] | undefined;
}
const notePieces = new WeakMap<NoteHtml, NotePieces>();

/** `note`, whose `html` is `body` joined (the renderer's pieces): it is written piece by piece. */
export function withBodyPieces<T extends NoteHtml>(note: T, body: readonly Piece[]): T {
  notePieces.set(note, { body: () => body, bodyEmpty: body.every((b) => b.length === 0), all: false });
  return note;
}

/**
 * A note's body, its excerpt up to `<!-- more -->` and its first paragraph, as {@link Html} (from pieces where
 * kept), and whether the body is empty. A body still on disk is read when a page is made from it, not before.
 */
export function noteFragments(note: NoteHtml): { body: Html; bodyEmpty: boolean; more: Html | undefined; first: Html | undefined } {
  const p = notePieces.get(note);
  const field = (pieces: readonly Piece[] | undefined, text: () => string | undefined): Html | undefined => {
    if (p?.all) return pieces && raw(pieces);
    const t = text();
    return t === undefined ? undefined : raw(t);
  };
  let body: Html;
  if (p) {
    body = lazyRaw(p.body);
    if (p.digest !== undefined) knownDigest(body, p.digest);
  } else body = raw(note.html);
  return {
    body,
    bodyEmpty: p ? p.bodyEmpty : note.html.length === 0,
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
  htmlParts: readonly Piece[] = notePieces.get(note)?.body() ?? [note.html],
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
  const head = readHeader(buf, buf.length);
  const body: readonly Piece[] = views(buf, head.lengths[0], head.start) ?? [];
  return decoded(head, () => body, buf, head.tail);
}

/**
 * Decodes the cache file `file` (written by {@link encodeNoteHtml}) reading all but the body, which is read from
 * the file when something first asks for it: a rebuild that makes one page reads one body of its ~100 KB, not a
 * thousand. Throws as {@link decodeNoteHtml} does; reading the body later throws if the file was changed since.
 */
export function decodeNoteFile(file: string): RecordedNote {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    // The header is parsed into strings, so the bytes it was read into can be read into again by the next file.
    let buf = scratch;
    let got = readSync(fd, buf, 0, Math.min(size, buf.length), 0);
    while (buf.subarray(0, got).indexOf(10) < 0 && got === buf.length && got < size) {
      const more = Buffer.allocUnsafe(Math.min(size, buf.length * 4));
      buf.copy(more);
      got += readSync(fd, more, got, more.length - got, got);
      buf = more;
    }
    const head = readHeader(buf.subarray(0, got), size);
    const tailSize = head.sizes[1] + head.sizes[2] + head.sizes[3];
    const tail = Buffer.allocUnsafe(tailSize);
    if (readSync(fd, tail, 0, tailSize, head.tail) !== tailSize) throw new Error('not an encoded note: lengths do not add up');
    let body: readonly Piece[] | undefined;
    const readBody = (): readonly Piece[] => (body ??= readBodyOf(file, size, head));
    return decoded(head, readBody, tail, 0);
  } finally {
    closeSync(fd);
  }
}

/** Bytes read first from a cache file (the header line is ~2 KB), into one buffer of this thread's. */
const scratch = Buffer.allocUnsafe(16_384);

interface ReadHeader {
  short: Omit<RecordedNote, Long>;
  digest: string | undefined;
  /** The byte length of each piece of each long field (`null`: undefined), and each field's total. */
  lengths: Array<number[] | null>;
  sizes: [number, number, number, number];
  /** Where the body starts, and where the fields after it start. */
  start: number;
  tail: number;
}

/** The header at the start of `buf`, checked against the size of the whole encoding. */
function readHeader(buf: Buffer, size: number): ReadHeader {
  const nl = buf.indexOf(10);
  if (nl < 0) throw new Error('not an encoded note: no header line');
  const { pieces, htmlDigest: digest, ...short } = JSON.parse(buf.toString('utf8', 0, nl)) as Header;
  if (!Array.isArray(pieces) || pieces.length !== 4) throw new Error('not an encoded note: bad header');
  const sizes = pieces.map((lengths) => {
    if (lengths === null) return 0;
    if (!Array.isArray(lengths)) throw new Error('not an encoded note: bad header');
    let n = 0;
    for (const l of lengths) {
      if (typeof l !== 'number' || l < 0) throw new Error('not an encoded note: lengths do not add up');
      n += l;
    }
    return n;
  }) as ReadHeader['sizes'];
  const start = nl + 1;
  if (start + sizes[0] + sizes[1] + sizes[2] + sizes[3] !== size) throw new Error('not an encoded note: lengths do not add up');
  return { short, digest: typeof digest === 'string' ? digest : undefined, lengths: pieces, sizes, start, tail: start + sizes[0] };
}

/** Views into `buf` from `at`, one per length (`undefined` for a field that is undefined). */
function views(buf: Buffer, lengths: number[] | null | undefined, at: number): Buffer[] | undefined {
  if (!lengths) return undefined;
  return lengths.map((n) => {
    const view = buf.subarray(at, at + n);
    at += n;
    return view;
  });
}

/** Reads the body of the cache file `file` of `size` bytes, described by `head`. */
function readBodyOf(file: string, size: number, head: ReadHeader): readonly Piece[] {
  const changed = (): Error =>
    new Error(`the render cache entry ${file} changed while danlu was building from it (another build using the same cache?); build again`);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw changed();
  }
  try {
    if (fstatSync(fd).size !== size) throw changed();
    const buf = Buffer.allocUnsafe(head.sizes[0]);
    if (readSync(fd, buf, 0, buf.length, head.start) !== buf.length) throw changed();
    return views(buf, head.lengths[0], 0) ?? [];
  } finally {
    closeSync(fd);
  }
}

/** The note of a read header, its body made by `body`, the fields after the body in `buf` from `at`. */
function decoded(head: ReadHeader, body: () => readonly Piece[], buf: Buffer, at: number): RecordedNote {
  const more = views(buf, head.lengths[1], at);
  const first = views(buf, head.lengths[2], at + head.sizes[1]);
  const text = views(buf, head.lengths[3], at + head.sizes[1] + head.sizes[2]);
  const bodyPieces = (): readonly Piece[] => {
    const parts = body();
    if (head.digest !== undefined) knownDigest(parts, head.digest);
    return parts;
  };
  const note = { ...head.short, text: text ? pieceText(text) : '' } as Partial<RecordedNote> as RecordedNote;
  notePieces.set(note, { body: bodyPieces, bodyEmpty: head.sizes[0] === 0, digest: head.digest, all: true, more, first });
  lazyText(note, 'html', bodyPieces);
  lazyText(note, 'moreHtml', more && (() => more));
  lazyText(note, 'firstParagraphHtml', first && (() => first));
  return note;
}

/**
 * Defines `key` as the text of `parts`, decoded on first read only (enumerable, so copies and comparisons see
 * it), or as `undefined` without parts.
 */
function lazyText(note: NoteHtml, key: 'html' | 'moreHtml' | 'firstParagraphHtml', parts: (() => readonly Piece[]) | undefined): void {
  if (!parts) {
    Object.defineProperty(note, key, { enumerable: true, writable: true, configurable: true, value: undefined });
    return;
  }
  let text: string | undefined;
  Object.defineProperty(note, key, { enumerable: true, configurable: true, get: () => (text ??= pieceText(parts())) });
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
  const kept = notePieces.get(note);
  return kept?.digest ?? piecesDigest(kept?.body() ?? [note.html]);
}
