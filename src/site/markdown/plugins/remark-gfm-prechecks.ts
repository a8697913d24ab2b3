/**
 * Lets micromark skip GFM's table and literal-autolink constructs wherever the note's own text shows they cannot
 * match. The tokens, and so the tree, are the same. Use right after remark-gfm.
 *
 * Why: the two constructs are tried far more often than they match.
 * - A table is tried at the start of every line of flow content. The try tokenizes the whole line as a head row,
 *   and only then finds that the next line is no delimiter row.
 * - The e-mail, `www.` and `http(s)://` autolinks are tried at the start of every ASCII word. Each try also ends
 *   the running `data` token there, so a paragraph becomes a token per word for the rest of micromark to carry.
 *
 * Together they were ~40 % of parsing on both the generated bench notes and real-sized ones (BENCHMARKS.md,
 * 2026-12-07). The checks are supersets of what each construct needs before it can succeed:
 * - a table's head row is followed by a line made only of container prefixes (`>`, spaces) and `|`, `:`, `-`;
 * - an e-mail literal starts a run of GFM "atext" (`A–Z a–z 0–9 + - . _`) that ends at `@`;
 * - `www.` and `http://`/`https://` literals start with those letters (any case).
 * A construct whose check fails is skipped exactly where it would have failed: the original tokenizer still
 * decides every place the check lets through, and a table that has begun (a body row) is never checked.
 *
 * The facts come from the document the processor's parser is given, computed once per parse. micromark's
 * tokenizers see only character codes and positions, so the parser is wrapped to publish the document while it
 * runs, and each micromark parser (one per parse) claims it on first use: a parse that did not go through this
 * processor's parser finds no facts and runs every construct unchecked.
 */
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Code, Construct, Effects, Event, Extension, ParseContext, State, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';

/** What one document allows, for the checks. */
interface DocumentFacts {
  /** The document as micromark counts offsets in it (without a leading byte-order mark). */
  readonly doc: string;
  /** By 1-based line number: whether that line could be a table's delimiter row. */
  readonly delimiterRow: Uint8Array;
  /** By UTF-16 offset: 1 where a run of atext ending at `@` starts (absent: the document has no `@`). */
  readonly emailStart: Uint8Array | undefined;
  /** The micromark parser reading this document (set on first use). */
  claimedBy?: ParseContext;
}

/** A delimiter row after its container prefixes: cells of `:-` and pipes, at least one `-`. */
const DELIMITER_ROW = /^[ \t>]*[-:| \t]*-[-:| \t]*$/;

function factsOf(source: string): DocumentFacts {
  // micromark drops a leading byte-order mark before counting offsets.
  const doc = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = doc.split(/\r\n|\r|\n/);
  const delimiterRow = new Uint8Array(lines.length + 2);
  lines.forEach((line, i) => {
    if (line.includes('-') && DELIMITER_ROW.test(line)) delimiterRow[i + 1] = 1;
  });
  let emailStart: Uint8Array | undefined;
  if (doc.includes('@')) {
    emailStart = new Uint8Array(doc.length + 1);
    // Backwards: `reaches` says whether the run of atext from i + 1 on ends at `@`.
    let reaches = false;
    for (let i = doc.length - 1; i >= 0; i--) {
      const c = doc.charCodeAt(i);
      if (c === 64) reaches = true;
      else if (isAtext(c)) {
        if (reaches) emailStart[i] = 1;
      } else reaches = false;
    }
  }
  return { doc, delimiterRow, emailStart };
}

/** GFM's atext, as micromark-extension-gfm-autolink-literal defines it. */
function isAtext(c: number): boolean {
  return c === 43 || c === 45 || c === 46 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The facts being published by a parse in progress (a stack: a parse may run inside another's plugin). */
const published: DocumentFacts[] = [];
const claimed = new WeakMap<ParseContext, DocumentFacts | null>();

/** The facts of the document `context`'s parser reads, or undefined when they are not ours to know. */
function known(context: TokenizeContext): DocumentFacts | undefined {
  let facts = claimed.get(context.parser);
  if (facts === undefined) {
    const top = published[published.length - 1];
    facts = top && !top.claimedBy ? top : null;
    if (top && facts) top.claimedBy = context.parser;
    claimed.set(context.parser, facts);
  }
  return facts ?? undefined;
}

const TABLE = gfmTable().flow?.null as Construct | undefined;
const AUTOLINK_TEXT = gfmAutolinkLiteral().text as Record<number, Construct | Construct[]>;
const EMAIL = [AUTOLINK_TEXT[43]].flat()[0] as Construct;
const PROTOCOL = [AUTOLINK_TEXT[104]].flat()[1] as Construct;
const WWW = [AUTOLINK_TEXT[119]].flat()[1] as Construct;

/** Whether the table being tokenized has begun already (the same test the table's tokenizer starts with). */
function inTable(events: readonly Event[]): boolean {
  let i = events.length - 1;
  while (i > -1) {
    const type = (events[i] as Event)[1].type;
    if (type !== 'lineEnding' && type !== 'linePrefix') return type === 'tableHead' || type === 'tableRow';
    i--;
  }
  return false;
}

function prechecked(table: Construct): Construct {
  const tokenize = table.tokenize;
  return {
    ...table,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      const self = this;
      const inner = tokenize.call(self, effects, ok, nok);
      return (code: Code) => {
        const facts = known(self);
        if (facts && !facts.delimiterRow[self.now().line + 1] && !inTable(self.events)) return nok(code);
        return inner(code);
      };
    },
  };
}

/** `construct` with `previous` also asking `may` of the document at the current offset. */
function withPrevious(construct: Construct, may: (facts: DocumentFacts, offset: number) => boolean): Construct {
  const previous = construct.previous;
  if (!previous) throw new Error(`remarkGfmPrechecks: ${construct.name} has no previous check`);
  return {
    ...construct,
    previous(this: TokenizeContext, code: Code): boolean {
      if (!previous.call(this, code)) return false;
      const facts = known(this);
      return !facts || may(facts, this.now().offset);
    },
  };
}

const startsWithAnyCase = (doc: string, at: number, prefix: string): boolean => doc.slice(at, at + prefix.length).toLowerCase() === prefix;

/** The replacement of each construct GFM's extension holds, by its tokenizer (gfmTable() makes a new object per call). */
function replacements(): Map<Construct['tokenize'], Construct> {
  if (!TABLE || !EMAIL || !PROTOCOL || !WWW || EMAIL.name !== 'emailAutolink' || PROTOCOL.name !== 'protocolAutolink' || WWW.name !== 'wwwAutolink') {
    throw new Error('remarkGfmPrechecks: micromark-extension-gfm-table or -autolink-literal changed shape; update the prechecks');
  }
  return new Map([
    [TABLE.tokenize, prechecked(TABLE)],
    [EMAIL.tokenize, withPrevious(EMAIL, (f, at) => f.emailStart?.[at] === 1)],
    [WWW.tokenize, withPrevious(WWW, (f, at) => startsWithAnyCase(f.doc, at, 'www.'))],
    [PROTOCOL.tokenize, withPrevious(PROTOCOL, (f, at) => startsWithAnyCase(f.doc, at, 'http://') || startsWithAnyCase(f.doc, at, 'https://'))],
  ]);
}

type Constructs = Record<string, Construct | Construct[] | undefined>;

/**
 * Unified plugin: swaps GFM's table and literal-autolink constructs for checked ones and wraps the parser to
 * publish each document's facts (throws if remark-gfm was not used before it, or its constructs changed).
 */
export function remarkGfmPrechecks(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: Extension[] };
  const swap = replacements();
  const found = new Set<Construct['tokenize']>();
  const one = (c: Construct): Construct => {
    const to = swap.get(c.tokenize);
    if (to) found.add(c.tokenize);
    return to ?? c;
  };
  const map = (constructs: Constructs): Constructs => {
    const out: Constructs = {};
    for (const [code, value] of Object.entries(constructs)) out[code] = Array.isArray(value) ? value.map(one) : value && one(value);
    return out;
  };
  data.micromarkExtensions = (data.micromarkExtensions ?? []).map((ext) => {
    const out = { ...ext } as Record<string, unknown>;
    for (const hook of ['flow', 'text'] as const) if (ext[hook]) out[hook] = map(ext[hook] as Constructs);
    return out as Extension;
  });
  if (found.size !== swap.size) throw new Error(`remarkGfmPrechecks: expected remark-gfm's table and autolink constructs, found ${found.size} of ${swap.size}`);

  const parser = this.parser;
  if (!parser) throw new Error('remarkGfmPrechecks: use it after remark-parse');
  this.parser = (doc, file) => {
    published.push(factsOf(doc));
    try {
      return parser(doc, file);
    } finally {
      published.pop();
    }
  };
}
