/**
 * Rendering one note can never stop the build: a note over the limits (limits.ts) is refused before it is parsed,
 * and any exception while rendering it (a plugin's bug, a stack overflow the limits did not foresee) becomes an
 * error message at the note, with a visible box in place of its body. The other notes render as usual, on the
 * main thread and in workers alike, since both render through the processor's `renderParts`.
 */
import type { VFileMessage } from 'vfile-message';
import type { Message } from '../messages.js';
import { RENDER_FAILED } from '../build/render-failure.js';
import { checkNoteLimits, scanNesting } from './limits.js';
import './micromark-text-linear.js';
import type { NoteHtml, RenderInput } from './processor.js';


type Render = (input: RenderInput) => Promise<{ note: NoteHtml; htmlParts: string[] }>;

/** Renders through `render`, or returns the refusal or the failure as an error on an otherwise empty note. */
export async function renderGuarded(input: RenderInput, render: Render): Promise<{ note: NoteHtml; htmlParts: string[] }> {
  const refused = checkNoteLimits(input.body);
  if (refused) return failedNote(input, { ...refused, message: refused.reason });
  try {
    return await render(input);
  } catch (error) {
    return failedNote(input, describeFailure(input, error));
  }
}

/** The message for an exception while rendering: its place when it has one, what threw, and what to do. */
function describeFailure(input: RenderInput, error: unknown): { line: number; column: number; rule: string; message: string } {
  const place = (error as Partial<VFileMessage> | undefined)?.place;
  const point = place && 'start' in place ? place.start : place;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    // Nesting below every limit can still add up (a list in a quote in HTML in emphasis…): say where it is deepest.
    const deepest = scanNesting(input.body);
    return {
      line: deepest?.line ?? 1,
      column: deepest?.column ?? 1,
      rule: RENDER_FAILED,
      message: 'this note is nested too deeply to render (the stack ran out); flatten its lists, quotes or HTML',
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  const where = error instanceof Error ? culprit(error) : undefined;
  return {
    line: point?.line ?? 1,
    column: point?.column ?? 1,
    rule: RENDER_FAILED,
    message: `rendering this note failed${where ? ` in ${where}` : ''}: ${text}; the other notes were built (please report this with the note)`,
  };
}

/** The first plugin or library named in the error's stack: what to report the failure against. */
function culprit(error: Error): string | undefined {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const m = /(?:node_modules\/((?:@[^/]+\/)?[^/]+)|markdown\/(plugins\/[^/:]+|syntax\/[^/:]+))/.exec(line);
    if (m) return m[1] ?? m[2];
  }
  return undefined;
}

/** A note with no body but a visible notice, and the error. */
function failedNote(input: RenderInput, problem: { line: number; column: number; rule: string; message: string }): { note: NoteHtml; htmlParts: string[] } {
  const message: Message = { file: input.display, line: problem.line, column: problem.column, severity: 'error', rule: problem.rule, message: problem.message };
  const html = `<p class="render-error" role="alert">${escapeHtml(`${input.display}:${problem.line}:${problem.column} ${problem.message}`)}</p>\n`;
  const note: NoteHtml = {
    html,
    moreHtml: undefined,
    firstParagraphHtml: undefined,
    moreThanFirstParagraph: true,
    excerptHasMath: false,
    toc: [],
    math: { inline: 0, display: 0, errors: 0 },
    diagrams: [],
    assets: [],
    wordCount: 0,
    readingMinutes: 0,
    text: '',
    messages: [message],
  };
  return { note, htmlParts: [html] };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
