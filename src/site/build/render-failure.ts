/**
 * The mark of a note whose rendering threw (markdown/render-guard.ts). Its own module, so the main thread can
 * recognise one without loading the markdown pipeline (a rebuild served from the cache never loads it).
 */
import type { NoteHtml } from '../markdown/processor.js';

/** Rule of a note whose rendering threw: never cached, since what failed may not fail the same way twice. */
export const RENDER_FAILED = 'render-failed';

/** Whether a rendering must not go into the persistent cache (its failure may not repeat). */
export function isUncacheable(note: NoteHtml): boolean {
  return note.messages.some((m) => m.rule === RENDER_FAILED);
}
