/**
 * The search bundle a full index made, kept in the build cache so the next build indexes only what changed.
 *
 * Pagefind's index cannot be updated: a note edited means indexing every note again (seconds at 1000 notes). So a
 * full index is kept as the *base*, with a digest of what each page was indexed from, and a later build indexes
 * only the notes whose digest differs (and new ones) into a small *delta* index. The page's client searches both
 * through Pagefind's own `mergeIndex` and drops the base's results for pages the delta replaces or that are gone
 * (their Pagefind page ids, listed in {@link MANIFEST}). When the delta would hold too many pages, the next build
 * makes a new base instead, so the reader never searches a delta much larger than a few dozen notes.
 *
 * Stored as one file: a JSON header line, then every file's bytes one after another (a full bundle at 1000 notes
 * is ~1,100 files, which as separate cache files cost a metadata operation each, twice per build).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The file beside Pagefind's own that tells the page's client what to merge and what to hide. */
export const MANIFEST = 'danlu-search.json';

/** Where the delta index goes, inside the search bundle's folder. */
export const DELTA_DIR = 'delta/';

/** What {@link MANIFEST} holds: index folders to merge (relative to the bundle) and base page ids to leave out. */
export interface SearchManifest {
  merge: string[];
  hide: string[];
}

/** A page of the base: the digest of what it was indexed from, and its Pagefind page id (a result's `id`). */
export interface BasePage {
  digest: string;
  id: string;
}

/** A full search bundle and the pages it holds, by URL. `files` are by path inside the bundle (no folder prefix). */
export interface SearchBase {
  pages: Map<string, BasePage>;
  files: Map<string, Uint8Array>;
}

const FORMAT = 1;

/**
 * The most pages a delta may hold before a new base is made: a few dozen, or 5 % of a large site. Beyond that the
 * reader's client would search a second index of real size, and its ranking (Pagefind's weights are per index)
 * would drift from a single index's.
 */
export function deltaLimit(basePages: number): number {
  return Math.max(32, Math.ceil(basePages / 20));
}

/**
 * Pagefind page id of each page of a bundle, by URL: a fragment file is named by its page's id and holds, gzipped
 * after Pagefind's signature, the page's record with its `url`.
 */
export function pageIds(files: ReadonlyMap<string, Uint8Array>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [name, bytes] of files) {
    const m = /^fragment\/(.+)\.pf_fragment$/.exec(name);
    if (!m?.[1]) continue;
    const raw = gunzipSync(bytes);
    const record = JSON.parse(raw.subarray(raw.subarray(0, 12).toString() === 'pagefind_dcd' ? 12 : 0).toString('utf8')) as { url?: unknown };
    if (typeof record.url === 'string') ids.set(record.url, m[1]);
  }
  return ids;
}

/** Reads the base kept under `cacheDir` for `key` (see {@link baseKey}); `undefined` if there is none or it is another's. */
export function readSearchBase(cacheDir: string, key: string): SearchBase | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(baseFile(cacheDir));
  } catch {
    return undefined;
  }
  try {
    const nl = buf.indexOf(10);
    const head = JSON.parse(buf.toString('utf8', 0, nl)) as { key: string; pages: Array<[string, string, string]>; files: Array<[string, number]> };
    if (head.key !== key) return undefined;
    const files = new Map<string, Uint8Array>();
    let at = nl + 1;
    for (const [name, length] of head.files) {
      files.set(name, buf.subarray(at, at + length));
      at += length;
    }
    if (at !== buf.length) return undefined; // torn: index again
    return { pages: new Map(head.pages.map(([url, digest, id]) => [url, { digest, id }])), files };
  } catch {
    return undefined;
  }
}

/** Stores `base` under `cacheDir` for `key`, replacing the previous one whole (a temporary file, then a rename). */
export function writeSearchBase(cacheDir: string, key: string, base: SearchBase): void {
  const file = baseFile(cacheDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const head = JSON.stringify({
    key,
    pages: [...base.pages].map(([url, p]) => [url, p.digest, p.id]),
    files: [...base.files].map(([name, bytes]) => [name, bytes.byteLength]),
  });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(head + '\n'), ...[...base.files.values()]]));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true }); // a cache that cannot be written only costs the next build a full index
  }
}

/**
 * What a base must have been made with to be reused: this format, Pagefind's version, the site's language, the
 * selectors Pagefind drops and danlu's own code (which makes the documents Pagefind reads).
 */
export function baseKey(language: string, exclude: readonly string[], codeHash: string): string {
  return createHash('sha256').update(`${FORMAT}\0${pagefindVersion()}\0${language}\0${exclude.join(',')}\0${codeHash}`).digest('hex').slice(0, 32);
}

/** The digest a page is indexed from: its URL, title, date and the digest of its body HTML. */
export function pageDigest(url: string, title: string, date: string, htmlDigest: string): string {
  return createHash('sha256').update(`${url}\0${title}\0${date}\0${htmlDigest}`).digest('base64url').slice(0, 24);
}

function baseFile(cacheDir: string): string {
  return path.join(cacheDir, `search-v${FORMAT}`, 'base.bin');
}

let version: string | undefined;

function pagefindVersion(): string {
  if (version) return version;
  // Pagefind's package.json is not among its exports: found from its entry point, up the folders.
  let dir = path.dirname(fileURLToPath(import.meta.resolve('pagefind')));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pagefind' && pkg.version) return (version = pkg.version);
    } catch {
      // not here: one folder up
    }
  }
  return (version = 'unknown');
}
