/**
 * What the previous build made of each page, so a rebuild skips the theme for pages whose inputs did not change.
 *
 * A page is a function of the theme's code and its `RenderContext` (the theme API passes nothing else), so the
 * digest of the two stands for the page's bytes. The record keeps, per output path, that digest and the size and
 * modification time the file had when the build left it: a page is kept as it is only while both still hold, so
 * an output edited or damaged by hand is made again. The theme's code is its folder's files and danlu's own: a
 * package a site theme imports from elsewhere is not part of it (`--no-cache` makes every page).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileStamp } from './output.js';
import { digestOf } from './rope.js';
import { htmlPieces, isHtml } from '../render/html.js';
import { isCountedLink } from '../model/term-counts.js';

const FORMAT = 3; // 2: the term counts the page's render read; 3: long parts hashed apart

/** JSON of a context's part longer than this (UTF-16 units) enters its parents' digests as its own hash. */
const LONG_PART = 256;

/**
 * Digests of page contexts for one build: plain data as JSON, trusted HTML by a hash of its pieces (a note body
 * held as bytes is never decoded for it), functions left out (the interface strings' formatters belong to the
 * theme, whose code is in `themeKey`), and the tracked note counts of term links left out too
 * (model/term-counts.ts): a page's digest takes, beside its context, only the counts its last render read, as
 * `counts` (term URL → count). Each object's JSON (or, when long, its hash) is kept for the build, so what pages
 * share (the site settings, the navigation, a note's summary on the index, archive, tag and category pages it is
 * listed on) is serialised and hashed once, not once per page. One digester per build: the model's objects do not change after it is made.
 */
export function contextDigester(themeKey: string, counts: ReadonlyMap<string, number>): (ctx: unknown, countsRead: readonly string[]) => string {
  const known = new WeakMap<object, string>();
  const json = (v: unknown): string | undefined => {
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        return Number.isFinite(v) ? String(v) : 'null';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'object':
        break;
      default:
        return undefined; // undefined, functions, symbols: left out, as JSON.stringify leaves them
    }
    if (v === null) return 'null';
    let out = known.get(v);
    if (out !== undefined) return out;
    if (isHtml(v)) out = `{"html":${JSON.stringify(digestOf(v, () => htmlPieces(v)))}}`;
    else if (Array.isArray(v)) out = `[${v.map((x) => json(x) ?? 'null').join(',')}]`;
    else if (v instanceof Date) out = JSON.stringify(v.toISOString());
    else {
      const tracked = isCountedLink(v);
      const fields: string[] = [];
      for (const k of Object.keys(v)) {
        if (tracked && k === 'count') continue; // in the digest only if the page read it
        const j = json((v as Record<string, unknown>)[k]);
        if (j !== undefined) fields.push(`${JSON.stringify(k)}:${j}`);
      }
      out = `{${fields.join(',')}}`;
    }
    // A long part stands in its parents as its hash: a list page's context holds ten notes' summaries, and each
    // page's digest hashing its whole JSON hashed every summary again for every list it is on. (`#` starts no JSON
    // value, so the stand-in cannot be mistaken for one.)
    if (out.length > LONG_PART) out = `#${createHash('sha256').update(out).digest('base64url')}`;
    known.set(v, out);
    return out;
  };
  return (ctx, countsRead) => {
    const hash = createHash('sha256').update(themeKey).update('\0').update(json(ctx) ?? '');
    for (const url of countsRead) hash.update(`\0${url}=${counts.get(url) ?? 'none'}`);
    return hash.digest('base64url');
  };
}

interface Entry {
  digest: string;
  /** The terms (page URLs) whose note counts the page's render read; their counts are in the digest. */
  counts: string[];
  size: number;
  mtimeMs: number;
}

/** The record of one output folder's pages, read at the start of a build and written after it. */
export class PageRecord {
  private readonly next = new Map<string, { digest: string; counts: string[] }>();

  private constructor(
    private readonly file: string | undefined,
    private readonly outDir: string,
    private readonly previous: ReadonlyMap<string, Entry>,
  ) {}

  /** The record kept in `cacheDir` for `outDir` (none without a cache: every page is made). */
  static open(cacheDir: string | undefined, outDir: string): PageRecord {
    if (!cacheDir) return new PageRecord(undefined, outDir, new Map());
    const file = path.join(cacheDir, `pages-v${FORMAT}`, createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16) + '.json');
    let previous = new Map<string, Entry>();
    try {
      const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<[string, string, number, number, string[]]>;
      previous = new Map(rows.map(([rel, digest, size, mtimeMs, counts]) => [rel, { digest, counts: Array.isArray(counts) ? counts : [], size, mtimeMs }]));
    } catch {
      // none yet, or damaged: every page is made
    }
    return new PageRecord(file, outDir, previous);
  }

  /**
   * Whether the previous output's file at `rel` is this build's page as it is: its digest (`digestOf`, with the
   * counts the last render read) is the record's, and the file is as that build left it.
   */
  unchanged(rel: string, digestOf: (countsRead: readonly string[]) => string): boolean {
    const was = this.previous.get(rel);
    if (!was) return false;
    const digest = digestOf(was.counts);
    if (digest !== was.digest) return false;
    try {
      const st = statSync(path.join(this.outDir, rel));
      if (st.size !== was.size || st.mtimeMs !== was.mtimeMs) return false;
    } catch {
      return false;
    }
    this.next.set(rel, { digest, counts: was.counts });
    return true;
  }

  /** Notes that page `rel` was made from a context with `digest`, its render reading the counts of `counts`. */
  made(rel: string, digest: string, counts: string[]): void {
    this.next.set(rel, { digest, counts });
  }

  /**
   * Stores the digests of this build's pages with their files' size and time now (after the output is in place),
   * from `stamps` where it has them.
   */
  save(stamps?: ReadonlyMap<string, FileStamp | undefined>): void {
    if (!this.file) return;
    const rows: Array<[string, string, number, number, string[]]> = [];
    for (const [rel, { digest, counts }] of this.next) {
      let st: FileStamp | undefined;
      try {
        st = stamps?.has(rel) ? stamps.get(rel) : statSync(path.join(this.outDir, rel));
      } catch {
        // not written (the build wrote nothing): not recorded
      }
      if (st) rows.push([rel, digest, st.size, st.mtimeMs, counts]);
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, JSON.stringify(rows));
      renameSync(tmp, this.file);
    } catch {
      rmSync(tmp, { force: true }); // the next build makes every page
    }
  }
}
