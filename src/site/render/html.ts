/**
 * A tiny HTML template tag for theme layouts: every interpolated value is escaped unless it was marked
 * trusted with {@link raw} or is itself the result of `html`. Arrays are joined, `false`/`null`/`undefined`
 * render nothing, so conditionals read naturally (`${cond && html`…`}`).
 */

import { pieceText, type Piece } from '../build/rope.js';

// Registered symbols: a site's own theme may import this module from another copy of danlu's code than the build
// runs (sources beside a compiled copy), and HTML made by one copy must be trusted HTML to the other.
const TRUSTED = Symbol.for('danlu.trusted-html');

const PIECES = Symbol.for('danlu.html-pieces');

/**
 * HTML that is already safe and must not be escaped again: what `html` and `raw` make, what a theme's `render`
 * returns, and what a rendered note body is to a theme. Opaque to themes: read it as a string (`value`,
 * `toString()`) or test it with {@link isEmptyHtml}. Inside, it keeps the pieces it was made of, so the writer
 * writes a page piece by piece and the whole document is never one flat string (see `src/site/build/note-codec.ts` for
 * why a flat string of a whole note's size is expensive); only the writer reads them ({@link htmlPieces}).
 */
export interface TrustedHtml {
  readonly [TRUSTED]: true;
  /** @internal The pieces, in order (text, or UTF-8 bytes of a note body); their concatenation is the HTML. */
  readonly [PIECES]: readonly Piece[];
  /** The whole HTML (joined on first use). */
  readonly value: string;
  toString(): string;
}

/** The one HTML type that crosses the theme boundary. */
export type Html = TrustedHtml;

/** The pieces of `h` (a string is one piece): for the output writer, which writes them without joining. */
export function htmlPieces(h: Html | string): readonly Piece[] {
  return typeof h === 'string' ? [h] : h[PIECES];
}

/** Whether `value` is trusted HTML (made by `html` or `raw`, or a rendered note body). */
export function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && (value as { [TRUSTED]?: unknown })[TRUSTED] === true;
}

/** Whether `h` is empty (without decoding a body held as bytes). */
export function isEmptyHtml(h: Html): boolean {
  return h[PIECES].every((p) => p.length === 0);
}

/** Marks a string, or pieces of one, as already-safe HTML (rendered note bodies, KaTeX output). */
export function raw(value: string | readonly Piece[]): TrustedHtml {
  return trusted(typeof value === 'string' ? [value] : value);
}

function trusted(parts: readonly Piece[]): TrustedHtml {
  let joined: string | undefined;
  const value = (): string => (joined ??= pieceText(parts));
  return {
    [TRUSTED]: true,
    [PIECES]: parts,
    get value() {
      return value();
    },
    toString: value,
  };
}

/**
 * @internal Trusted HTML whose pieces are made on first use: the build's cached note bodies, read from disk only
 * when a page shows one. To a theme it is like any other.
 */
export function lazyRaw(load: () => readonly Piece[]): TrustedHtml {
  let parts: readonly Piece[] | undefined;
  let joined: string | undefined;
  const value = (): string => (joined ??= pieceText((parts ??= load())));
  return {
    [TRUSTED]: true,
    get [PIECES]() {
      return (parts ??= load());
    },
    get value() {
      return value();
    },
    toString: value,
  };
}

/** Escapes text for use in HTML text and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Values a template may interpolate. */
export type HtmlValue = string | number | boolean | null | undefined | TrustedHtml | readonly HtmlValue[];

/**
 * Pieces are joined with `+` while they stay under this many UTF-16 units, so a page is a short list of
 * medium strings: each still far below the ~64K units where V8 moves a flat string to large-object space.
 */
const PIECE = 16_384;

function push(out: Piece[], p: Piece): void {
  const last = out.length - 1;
  const prev = out[last];
  if (typeof p !== 'string') {
    if (p.byteLength > 0) out.push(p); // bytes are written as they are, never decoded to be merged
  } else if (typeof prev === 'string' && prev.length + p.length <= PIECE) out[last] = prev + p;
  else if (p !== '') out.push(p);
}

function collect(value: HtmlValue, out: Piece[]): void {
  if (value === null || value === undefined || value === false || value === true) return;
  if (typeof value === 'number') push(out, String(value));
  else if (typeof value === 'string') push(out, escapeHtml(value));
  else if (Array.isArray(value)) for (const v of value as readonly HtmlValue[]) collect(v, out);
  else for (const p of (value as TrustedHtml)[PIECES]) push(out, p);
}

/** Tagged template that escapes interpolations and returns trusted HTML. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): TrustedHtml {
  const out: Piece[] = [strings[0] ?? ''];
  for (let i = 0; i < values.length; i++) {
    collect(values[i], out);
    push(out, strings[i + 1] ?? '');
  }
  return trusted(out);
}
