/**
 * The notes as the last build read them, kept in the build cache, so the next process takes an unchanged file's
 * front matter from here instead of reading and parsing it (make's rule: same size and modification time, same
 * file). Reading and parsing 1000 notes was the largest part of a one-note CLI rebuild after the renderings and
 * pages came from the cache. A note restored from here has no body: the loader reads it if the note renders.
 *
 * Keyed by danlu's code (the parser is part of it), the content folder and the working directory (messages name
 * files relative to it); the reading rules (zone, Hexo mode) are the memo's own `rules`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Note } from '../content/loader.js';
import type { NoteMeta } from '../content/front-matter.js';
import type { NoteMemo, RememberedNote } from './build-session.js';
import { danluSourceHash } from './source-hash.js';

const FORMAT = 1;

/** Fields a note's meta holds as `undefined` when the front matter has none (JSON drops them; they are put back). */
const ABSENT = { description: undefined, permalink: undefined, type: undefined } satisfies Partial<NoteMeta>;

type StoredMeta = Omit<NoteMeta, 'date' | 'updated' | 'nameLines'> & { date: string; updated?: string; nameLines?: Array<[string, number]> };
type StoredNote = Omit<RememberedNote, 'note'> & { file: string; note?: Omit<Note, 'body' | 'meta' | 'file'> & { meta: StoredMeta } };

function memoFile(cacheDir: string, contentDir: string): string {
  const key = createHash('sha256').update(`${FORMAT}\0${danluSourceHash()}\0${path.resolve(contentDir)}\0${process.cwd()}`).digest('hex').slice(0, 24);
  return path.join(cacheDir, `notes-v${FORMAT}`, `${key}.json`);
}

/** The memo kept for `contentDir` (empty if none, or another danlu's). */
export function readNoteMemo(cacheDir: string, contentDir: string): NoteMemo {
  try {
    const stored = JSON.parse(readFileSync(memoFile(cacheDir, contentDir), 'utf8')) as { rules: string; files: StoredNote[] };
    const files = new Map<string, RememberedNote>();
    for (const s of stored.files) {
      const { note, file, ...rest } = s;
      let restored: Note | undefined;
      if (note) {
        const { date, updated, nameLines, ...meta } = note.meta;
        // No `body`: the loader defines it, read on first use.
        restored = { ...note, file, meta: { ...ABSENT, ...meta, date: new Date(date), updated: updated === undefined ? undefined : new Date(updated), ...(nameLines ? { nameLines: new Map(nameLines) } : {}) } } as Note;
      }
      files.set(file, { ...rest, note: restored });
    }
    return { rules: stored.rules, files };
  } catch {
    return { rules: '', files: new Map() };
  }
}

/** Keeps `memo` for the next build of `contentDir` (a failure to write only costs that build the reading). */
export function writeNoteMemo(cacheDir: string, contentDir: string, memo: NoteMemo): void {
  const file = memoFile(cacheDir, contentDir);
  const files: StoredNote[] = [];
  for (const [abs, r] of memo.files) {
    const { note, ...rest } = r;
    if (!note) {
      files.push({ ...rest, file: abs });
      continue;
    }
    const { date, updated, nameLines, ...meta } = note.meta;
    files.push({
      ...rest,
      file: abs,
      note: {
        rel: note.rel,
        display: note.display,
        hash: note.hash,
        meta: { ...meta, date: date.toISOString(), ...(updated ? { updated: updated.toISOString() } : {}), ...(nameLines ? { nameLines: [...nameLines] } : {}) },
      },
    });
  }
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ rules: memo.rules, files }));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}
