/**
 * The persistent render cache. A note's rendering is a function of its bytes, the processor's settings, the
 * pipeline's own code, where the content folder is, and what it looked up in other notes. The first four make
 * the key; the lookups are recorded while it renders (markdown/links.ts) and stored with the entry, and the entry
 * is reused only while every one of them still finds the same in today's link table. So adding a note nothing
 * links to renders nothing else, and retitling or deleting one renders again only the notes whose links reached
 * it (or whose dangling links now do).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lookupsHold, type LinkResolver } from '../markdown/links.js';
import type { ProcessorSettings } from '../markdown/processor.js';
import { decodeNoteFile, decodeNoteHtml, type RecordedNote } from './note-codec.js';
import { danluSourceHash } from './source-hash.js';

/** Bump when the shape of a cache entry changes. */
const FORMAT = 6; // 4: NoteHtml.demos; 5: lookups instead of the link table in the key; 6: moreThanFirstParagraph
const EXT = '.note';
/** The file naming each note's entry of the last build (`rel` → key). */
const INDEX = 'index.json';

/**
 * A cache of rendered notes on disk, one file per entry, so a build reads only the entries it uses and writes only
 * the ones it rendered (a single file for 1000 math-heavy notes is >100 MB to parse and rewrite). Entries are in the
 * `note-codec` format, the same bytes a worker hands to the main thread.
 */
export class RenderCache {
  private used = new Set<string>();
  private made = false;
  private index: Map<string, string> | undefined;

  private constructor(private readonly dir: string | undefined) {}

  /** Opens (or starts) the cache in `dir`; `undefined` gives a cache that forgets everything. */
  static open(dir: string | undefined): RenderCache {
    return new RenderCache(dir ? path.join(dir, `render-v${FORMAT}`) : undefined);
  }

  /** Whether the cache holds no entry at all (a first build, or the cache was deleted). */
  isEmpty(): boolean {
    return !this.dir || !existsSync(this.dir) || readdirSync(this.dir).length === 0;
  }

  /**
   * The entry for `key`, if it is stored and every lookup it made still finds the same through `links`. A stale
   * entry stays in use (its note renders again and overwrites it under the same key). With `bodyLater`, the body
   * is read from the file only if something asks for it ({@link decodeNoteFile}): for a build that ends before
   * anything could replace the file (not a dev session, which keeps renderings from build to build).
   */
  get(key: string, links: LinkResolver, { bodyLater = false }: { bodyLater?: boolean } = {}): RecordedNote | undefined {
    if (!this.dir) return undefined;
    let hit: RecordedNote;
    try {
      const file = path.join(this.dir, key + EXT);
      hit = bodyLater ? decodeNoteFile(file) : decodeNoteHtml(readFileSync(file));
    } catch {
      return undefined; // missing or damaged: render again
    }
    this.used.add(key);
    return lookupsHold(hit.lookups ?? [], links) ? hit : undefined;
  }

  /**
   * Where the entry for `key` is stored. The rendering thread writes it: the bytes of `encodeNoteHtml`, with no
   * temporary file and rename (a torn or truncated entry fails the codec's length check on reading and is
   * rendered again, and the rename was one more slow metadata operation per note).
   */
  fileFor(key: string): string | undefined {
    if (!this.dir) return undefined;
    if (!this.made) mkdirSync(this.dir, { recursive: true });
    this.made = true;
    return path.join(this.dir, key + EXT);
  }

  /** Records that `key` belongs to this build (its file was written by the thread that rendered it). */
  adopt(key: string): void {
    this.used.add(key);
  }

  /**
   * The entry the previous build used for the note at `rel` (content path), if it is still stored: read before
   * {@link save} drops it, so a note that changed can reuse parts of its last rendering (its highlighted code).
   */
  previous(rel: string): RecordedNote | undefined {
    if (!this.dir) return undefined;
    if (this.index === undefined) {
      this.index = new Map();
      try {
        const kept = JSON.parse(readFileSync(path.join(this.dir, INDEX), 'utf8')) as { code?: string; keys?: Record<string, string> };
        // Made by another danlu (another Shiki, say): what it rendered is not what this one would.
        if (kept.code === pipelineCodeHash() && kept.keys) this.index = new Map(Object.entries(kept.keys));
      } catch {
        // none yet: nothing to reuse
      }
    }
    const key = this.index.get(rel);
    if (key === undefined || !/^[0-9a-f]{32}$/.test(key)) return undefined;
    try {
      return decodeNoteHtml(readFileSync(path.join(this.dir, key + EXT)));
    } catch {
      return undefined;
    }
  }

  /** Drops the entries no note of this build uses any more, and records which entry is each note's (`rel` → key). */
  save(keys: ReadonlyMap<string, string> = new Map()): void {
    if (!this.dir || !existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) {
      if (name !== INDEX && !this.used.has(name.slice(0, -EXT.length))) rmSync(path.join(this.dir, name), { force: true });
    }
    try {
      writeFileSync(path.join(this.dir, INDEX), JSON.stringify({ code: pipelineCodeHash(), keys: Object.fromEntries(keys) }));
    } catch {
      // without it, the next build's changed notes highlight their code afresh
    }
  }
}

let codeHash: string | undefined;

/**
 * The pipeline's version: the one hash of danlu's own code (source-hash.ts), kept for the process. So editing a
 * plugin invalidates the cache on a developer's machine without anyone remembering to bump a version. It covers
 * all of `src/` and `themes/`, not only the rendering code: an edit to, say, build.ts renders every note again
 * on a developer's next build (a user's danlu does not change between builds).
 */
export function pipelineCodeHash(): string {
  codeHash ??= danluSourceHash();
  return codeHash;
}

/**
 * Cache key of one note's rendering: the pipeline's code, the content folder's absolute path, every processor
 * setting (language, breaks, external links…: the whole `ProcessorSettings`, so a new setting is keyed without
 * anyone remembering to add it here), the note's path and its bytes. Not the link table: what the note read of it
 * is checked entry by entry ({@link RenderCache.get}).
 *
 * The content folder's place stays in the key: a path written from a vault opened above it
 * (`source/_posts/模型/RNN`) resolves by the folders above it, so a blog moved elsewhere renders again.
 */
export function renderKey(noteHash: string, rel: string, contentDir: string, settings: ProcessorSettings): string {
  let json = settingsJson.get(settings); // one settings object serves a whole build's notes
  if (json === undefined) settingsJson.set(settings, (json = stableJson(settings)));
  return createHash('sha256').update(`${pipelineCodeHash()}\0${FORMAT}\0${contentDir}\0${json}\0${rel}\0${noteHash}`).digest('hex').slice(0, 32);
}

const settingsJson = new WeakMap<ProcessorSettings, string>();

/** JSON with object keys sorted at every level, so equal settings give one key whatever order they were built in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
