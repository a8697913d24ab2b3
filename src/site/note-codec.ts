/**
 * One byte format for a rendered note, used both for the persistent cache file and for handing a rendering from a
 * worker to the main thread (as a transferred buffer, so it is not copied again).
 *
 * Why not JSON: a note's HTML is ~100 KB, most of it KaTeX markup full of quotes, and JSON escapes and unescapes
 * every one (~1 ms each way per note, measured on the bench corpus) while structured cloning to the main thread
 * costs as much again. Here the small fields are a JSON header line and the four long strings follow it verbatim:
 * encoding is one UTF-8 pass, decoding one UTF-8 pass plus slices.
 */
import type { NoteHtml } from './markdown/processor.js';

/** The long string fields, stored after the header in this order. */
const LONG = ['html', 'moreHtml', 'firstParagraphHtml', 'text'] as const;
type Long = (typeof LONG)[number];

/** Header: every short field, plus the length (UTF-16 units) of each long one; -1 means `undefined`. */
type Header = Omit<NoteHtml, Long> & { lengths: number[] };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a rendered note as bytes. */
export function encodeNoteHtml(note: NoteHtml): Uint8Array {
  const { html, moreHtml, firstParagraphHtml, text, ...short } = note;
  const longs = [html, moreHtml, firstParagraphHtml, text];
  const header: Header = { ...short, lengths: longs.map((s) => (s === undefined ? -1 : s.length)) };
  // JSON.stringify never emits a raw newline, so the first '\n' ends the header.
  return encoder.encode(`${JSON.stringify(header)}\n${longs.join('')}`);
}

/** Decodes bytes written by {@link encodeNoteHtml}; throws on anything else (callers treat that as a cache miss). */
export function decodeNoteHtml(bytes: Uint8Array): NoteHtml {
  const all = decoder.decode(bytes);
  const nl = all.indexOf('\n');
  if (nl < 0) throw new Error('not an encoded note: no header line');
  const { lengths, ...short } = JSON.parse(all.slice(0, nl)) as Header;
  if (!Array.isArray(lengths) || lengths.length !== LONG.length) throw new Error('not an encoded note: bad header');
  let at = nl + 1;
  const longs = lengths.map((n) => {
    if (n < 0) return undefined;
    const s = all.slice(at, at + n);
    at += n;
    return s;
  });
  if (at !== all.length) throw new Error('not an encoded note: lengths do not add up');
  return { ...short, html: longs[0] ?? '', moreHtml: longs[1], firstParagraphHtml: longs[2], text: longs[3] ?? '' };
}
