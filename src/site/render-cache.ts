/**
 * The persistent render cache: a note's rendering is a pure function of its bytes, the link table and the
 * pipeline's own code, so all three go into the key. A rebuild with nothing changed renders nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoteHtml } from './markdown/processor.js';

/** Bump when the shape of a cache entry changes. */
const FORMAT = 2;

/**
 * A cache of rendered notes on disk, one file per entry, so a build reads only the entries it uses and writes only
 * the ones it rendered (a single JSON file for 1000 math-heavy notes is >100 MB to parse and rewrite).
 */
export class RenderCache {
  private used = new Set<string>();
  private made = false;

  private constructor(private readonly dir: string | undefined) {}

  /** Opens (or starts) the cache in `dir`; `undefined` gives a cache that forgets everything. */
  static open(dir: string | undefined): RenderCache {
    return new RenderCache(dir ? path.join(dir, `render-v${FORMAT}`) : undefined);
  }

  get(key: string): NoteHtml | undefined {
    if (!this.dir) return undefined;
    try {
      const hit = JSON.parse(readFileSync(path.join(this.dir, `${key}.json`), 'utf8')) as NoteHtml;
      this.used.add(key);
      return hit;
    } catch {
      return undefined; // missing or damaged: render again
    }
  }

  /** Where the entry for `key` is stored (the rendering thread writes it with {@link writeCacheEntry}). */
  fileFor(key: string): string | undefined {
    if (!this.dir) return undefined;
    if (!this.made) mkdirSync(this.dir, { recursive: true });
    this.made = true;
    return path.join(this.dir, `${key}.json`);
  }

  /** Records that `key` belongs to this build (its file was written by the thread that rendered it). */
  adopt(key: string): void {
    this.used.add(key);
  }

  /** Drops the entries no note of this build uses any more. */
  save(): void {
    if (!this.dir || !existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) {
      if (!this.used.has(name.replace(/\.json$/, ''))) rmSync(path.join(this.dir, name), { force: true });
    }
  }
}

/** Writes one cache entry atomically (any thread may call it). */
export function writeCacheEntry(file: string, value: NoteHtml): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

let codeHash: string | undefined;

/**
 * Hash of the pipeline's source code (markdown, diagrams, engine shapes), so editing a plugin invalidates the
 * cache on a developer's machine without anyone remembering to bump a version.
 */
export function pipelineCodeHash(): string {
  if (codeHash) return codeHash;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const h = createHash('sha256');
  const dirs = [path.join(here, 'markdown'), path.join(here, 'diagrams'), path.join(here, '..', 'engine', 'nn')];
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (/\.(ts|js)$/.test(name)) h.update(name).update(readFileSync(full));
    }
  };
  for (const d of dirs) visit(d);
  const pkg = path.join(here, '..', '..', 'package-lock.json');
  if (existsSync(pkg)) h.update(readFileSync(pkg));
  codeHash = h.digest('hex').slice(0, 16);
  return codeHash;
}

/** Cache key of one note's rendering. */
export function renderKey(noteHash: string, rel: string, linksHash: string, language: string): string {
  return createHash('sha256').update(`${pipelineCodeHash()}\0${linksHash}\0${language}\0${rel}\0${noteHash}`).digest('hex').slice(0, 32);
}
