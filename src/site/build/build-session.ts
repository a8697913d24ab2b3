/**
 * What a long-running process (the dev server) keeps between builds of one site, so a rebuild redoes only what a
 * change touched: notes whose file is unchanged are not read or parsed again, renderings are reused from memory
 * while their key and link lookups hold, and pages are rendered through the theme only when they are requested.
 * A build without a session (the CLI) starts from the disk cache alone.
 */
import type { Note } from '../content/loader.js';
import type { Message } from '../messages.js';
import type { RecordedNote } from './note-codec.js';

/** A note file as last read: reused while its size and modification time are unchanged. */
export interface RememberedNote {
  size: number;
  mtimeMs: number;
  /** The note, or none when it had a problem (its messages say which). */
  note: Note | undefined;
  messages: Message[];
}

/** Notes as last read, under the reading rules they were read with. */
export interface NoteMemo {
  /** The rules (zone, `updated_option`, Hexo mode): other rules read the same bytes differently. */
  rules: string;
  files: Map<string, RememberedNote>;
}

/** State kept between the builds of one site in one process. Opaque to callers: pass it back to each build. */
export interface BuildSession {
  /** @internal */
  readonly notes: NoteMemo;
  /** Renderings by cache key (render-cache.ts `renderKey`), with the lookups they made. @internal */
  renders: Map<string, RecordedNote>;
  /**
   * Bumped when the site's theme files change, so the next build imports the theme afresh (an ES module is
   * otherwise imported once per process). @internal
   */
  themeVersion: number;
  /** The first fenced block of each language the notes use (language → code): what to warm a renderer with. @internal */
  readonly languages: Map<string, string>;
  /** The search index the last build started in the background, stopped if a newer build starts. @internal */
  search?: { abort(): Promise<void> } | undefined;
}

/** Starts a session; see {@link BuildSession}. */
export function createBuildSession(): BuildSession {
  return { notes: { rules: '', files: new Map() }, renders: new Map(), themeVersion: 0, languages: new Map() };
}

/** Tells the session the theme changed: the next build loads it again. */
export function themeChanged(session: BuildSession): void {
  session.themeVersion++;
}
