/**
 * The persistent render cache: a note's rendering is a pure function of its bytes, the link table and the
 * pipeline's own code, so all three go into the key. A rebuild with nothing changed renders nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoteHtml } from './markdown/processor.js';

/** Bump when the cache file's shape changes. */
const FORMAT = 1;

/** A cache of rendered notes, loaded once and saved at the end of a successful build. */
export class RenderCache {
  private entries = new Map<string, NoteHtml>();
  private used = new Set<string>();
  private dirty = false;

  private constructor(private readonly file: string | undefined) {}

  /** Opens (or starts) the cache in `dir`; `undefined` gives a cache that forgets everything. */
  static open(dir: string | undefined): RenderCache {
    const cache = new RenderCache(dir ? path.join(dir, `render-v${FORMAT}.json`) : undefined);
    if (cache.file && existsSync(cache.file)) {
      try {
        const data = JSON.parse(readFileSync(cache.file, 'utf8')) as Record<string, NoteHtml>;
        cache.entries = new Map(Object.entries(data));
      } catch {
        // A damaged cache is only lost time: start empty.
      }
    }
    return cache;
  }

  get(key: string): NoteHtml | undefined {
    const hit = this.entries.get(key);
    if (hit) this.used.add(key);
    return hit;
  }

  set(key: string, value: NoteHtml): void {
    this.entries.set(key, value);
    this.used.add(key);
    this.dirty = true;
  }

  /** Writes the entries used by this build (dropping stale ones), atomically. */
  save(): void {
    if (!this.file || (!this.dirty && this.used.size === this.entries.size)) return;
    const keep: Record<string, NoteHtml> = {};
    for (const k of [...this.used].sort()) {
      const v = this.entries.get(k);
      if (v) keep[k] = v;
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(keep));
    renameSync(tmp, this.file);
  }
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
