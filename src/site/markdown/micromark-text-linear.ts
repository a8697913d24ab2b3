/**
 * Makes micromark's merging of adjacent `data` events linear in the length of a paragraph (imported for its effect,
 * once, by the pipeline).
 *
 * Why: micromark 4.0.3 merges the runs of `data` tokens of every text, string and document content
 * (`resolveAllText` in micromark/lib/initialize/text.js) with one `events.splice` per run, and each splice moves
 * every event after it. A paragraph has a run per line and more (text constructs such as GFM's autolinks break
 * `data` at many letters), so a long paragraph cost time quadratic in its length: 40,000 one-line sentences took
 * ~30 CPU-seconds, nearly all of it in that loop (BENCHMARKS.md, "Hostile input"). The replacement does the same
 * merge with one pass that compacts the array in place: same events, same token objects, same order.
 *
 * The three resolvers are plain properties of micromark's initial constructs, read each time a tokenizer is made,
 * so replacing them here reaches every parse (remark-parse's and ours). Imported by path because micromark's
 * `exports` map does not list its internals; esbuild bundles the same file micromark itself imports, so the bundled
 * CLI and workers are patched too. `test/site/markdown/micromark-text-linear.test.ts` checks it is in effect and
 * that the events are micromark's own.
 */
import type { Event, InitialConstruct, Resolver } from 'micromark-util-types';
import * as initial from '../../../node_modules/micromark/lib/initialize/text.js';

const constructs = initial as unknown as { resolver: InitialConstruct; string: InitialConstruct; text: InitialConstruct };

/** Marks a resolver as ours, so importing this module twice (tests, bundles) never wraps one twice. */
const LINEAR = Symbol.for('danlu.micromark-text-linear');

/**
 * What `resolveAllText`'s loop does — every run of consecutive `data` events becomes its first token, stretched to
 * the end of the run — in one pass that compacts `events` in place.
 */
function mergeData(events: Event[]): Event[] {
  let write = 0;
  let read = 0;
  while (read < events.length) {
    const event = events[read] as Event;
    if (event[1].type !== 'data') {
      events[write++] = event;
      read++;
      continue;
    }
    let end = read + 1;
    while (end < events.length && (events[end] as Event)[1].type === 'data') end++;
    // A run of one token (its enter and exit) stays as it is; a longer run keeps its first token's two events.
    if (end !== read + 2) event[1].end = (events[end - 1] as Event)[1].end;
    events[write++] = event;
    events[write++] = events[read + 1] as Event;
    read = end;
  }
  events.length = write;
  return events;
}

// The original still runs after the merge, for what else it does (text content's line-suffix pass, which is
// linear: it edits through an EditMap); on merged events its own loop finds no run to splice.
for (const key of ['resolver', 'string', 'text'] as const) {
  const construct = constructs[key];
  const original = construct.resolveAll;
  if (!original || LINEAR in original) continue;
  const resolve: Resolver = (events, context) => original(mergeData(events), context);
  Object.defineProperty(resolve, LINEAR, { value: true });
  construct.resolveAll = resolve;
}

/** Whether micromark's text resolvers are the linear ones (for the test that guards against a micromark upgrade). */
export function micromarkTextIsLinear(): boolean {
  return (['resolver', 'string', 'text'] as const).every((k) => {
    const r = constructs[k].resolveAll;
    return r !== undefined && LINEAR in r;
  });
}
