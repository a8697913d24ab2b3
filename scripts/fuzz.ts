/**
 * Bounded fuzzing of the markdown pipeline: mutations of our own `content/` notes and of generated corpus notes
 * (scripts/bench/build/corpus.ts), rendered through the real processor, looking for a render that throws instead of
 * reporting, a message without a place inside the note, or a case far slower than the rest.
 *
 *   tsx scripts/fuzz.ts [--iterations 500] [--seed 1] [--corpus 50]
 *
 * Deterministic: the same seed and iteration count try the same inputs in the same order, so a crash is replayed by
 * running again with the same flags (`--only <i>` renders just iteration i and prints its input's length). Prints
 * iterations, crashes (with the iteration, mutation and error), and the slowest case; exits 1 on any crash.
 * test/scripts/fuzz.test.ts runs a few seconds' worth in CI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseSource } from '../src/site/content/front-matter.js';
import { createMarkdownProcessor } from '../src/site/markdown/processor.js';
import { RENDER_FAILED } from '../src/site/build/render-failure.js';
import { generateNote } from './bench/build/corpus.js';
import { createRandom, mixSeed, type Random } from './bench/build/random.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One fuzz run's outcome. */
export interface FuzzReport {
  iterations: number;
  crashes: Array<{ iteration: number; mutation: string; error: string }>;
  /** Messages whose line lies outside the note (a place that cannot be found). */
  misplaced: Array<{ iteration: number; mutation: string; message: string }>;
  slowest: { iteration: number; mutation: string; ms: number; chars: number } | undefined;
}

/** Options of {@link fuzz}. */
export interface FuzzOptions {
  iterations: number;
  seed: number;
  /** Generated corpus notes mixed with `content/` (0: content only). */
  corpus: number;
  /** Render only this iteration (replaying a crash). */
  only?: number | undefined;
}

/** Snippets that exercise every syntax form and the limits; spliced into notes by the mutations. */
const SNIPPETS = [
  '$', '$$', '\\(', '\\[', '`', '```', '~~~', '**', '*', '_', '~~', '==', '[', ']', '(', ')', '[[', ']]', '![', '|',
  '<div>', '</div>', '<span>', '</span>', '<details>', '<!--', '-->', '<script>', '> ', '> [!note] ', '- ', '1. ', '\t',
  '{% note info %}', '{% endnote %}', '{% raw %}', '{% blockquote %}', '{% endblockquote %}', '{% codeblock %}', '{% endcodeblock %}',
  'a*', '[[Note]]', '&#64;', 'www.x.com', 'a@b.org', '<!-- more -->', '---\n', '\n', '\n\n', '\\', '&', '&#x0;', '\u0000',
  '\ud835', '𝜆', '\u200b', '\r', '#', '|---|', '\\begin{align}', '\\end{align}', '\\\\', '^', '{', '}',
  '```plot\nx: -1 .. 1\nf: x\n```\n', '```nn\ninput 1x28x28\nconv 8 k5\n```\n', '```mermaid\nflowchart LR\n a --> b\n```\n',
];

type Mutation = (text: string, r: Random) => string;

/** The mutations, by name: small edits a careless writer or an attacker makes. */
const MUTATIONS: Record<string, Mutation> = {
  insert: (t, r) => splice(t, r.int(0, t.length), 0, r.pick(SNIPPETS)),
  delete: (t, r) => {
    const at = r.int(0, t.length);
    return splice(t, at, r.int(1, 40), '');
  },
  repeat: (t, r) => {
    const s = r.pick(SNIPPETS);
    return splice(t, r.int(0, t.length), 0, s.repeat(r.int(2, 300)));
  },
  duplicate: (t, r) => {
    const at = r.int(0, t.length);
    const len = r.int(1, 400);
    return splice(t, at, 0, t.slice(at, at + len).repeat(r.int(1, 8)));
  },
  nest: (t, r) => {
    const [open, close] = r.pick([['> ', ''], ['- ', ''], ['<div>', '</div>'], ['*', '*'], ['(', ')'], ['[', '](u)'], ['<b>', '</b>']] as const);
    const n = r.int(10, 400);
    return splice(t, r.int(0, t.length), 0, `\n\n${open.repeat(n)}x${close.repeat(n)}\n\n`);
  },
  swapLines: (t, r) => {
    const lines = t.split('\n');
    const a = r.int(0, lines.length - 1);
    const b = r.int(0, lines.length - 1);
    [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
    return lines.join('\n');
  },
  truncate: (t, r) => t.slice(0, r.int(0, t.length)),
  // A paragraph of many emphasis closers or wikilinks, around the marker limit (limits.ts) and past it.
  markers: (t, r) => splice(t, r.int(0, t.length), 0, `\n\n${Array.from({ length: r.int(500, 1500) }, () => r.pick(['a*', 'a~~', 'a==', 'a*b', '[[Note]]'])).join(r.pick([' ', '\n']))}\n\n`),
  longLine: (t, r) => splice(t, r.int(0, t.length), 0, `\n\n\`\`\`${r.pick(['js', 'ts', 'python', 'text'])}\n${'a'.repeat(r.int(500, 5000))}\n\`\`\`\n`),
};

function splice(t: string, at: number, remove: number, insert: string): string {
  return t.slice(0, at) + insert + t.slice(at + remove);
}

function contentNotes(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...contentNotes(full));
    else if (name.endsWith('.md')) out.push(readFileSync(full, 'utf8'));
  }
  return out;
}

/** Runs the fuzzer; never throws for a crashing input (that is what it reports). */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seeds = [...contentNotes(path.join(repo, 'content')), ...Array.from({ length: options.corpus }, (_, i) => generateNote(i).text)];
  const processor = createMarkdownProcessor({ language: 'zh-CN', links: { notes: [], files: [], filesBase: '/files/' } });
  const names = Object.keys(MUTATIONS);
  const report: FuzzReport = { iterations: 0, crashes: [], misplaced: [], slowest: undefined };
  for (let i = 0; i < options.iterations; i++) {
    if (options.only !== undefined && i !== options.only) continue;
    // Each iteration has its own stream, so `--only i` replays it without running the ones before.
    const r = createRandom(mixSeed(options.seed, i));
    let text = r.pick(seeds);
    const applied: string[] = [];
    for (let k = r.int(1, 4); k > 0; k--) {
      const name = r.pick(names);
      applied.push(name);
      text = (MUTATIONS[name] as Mutation)(text, r);
    }
    const mutation = applied.join('+');
    const t0 = performance.now();
    try {
      const parsed = parseSource(text, { file: 'fuzz.md', timezone: 'UTC', mtime: new Date(0) });
      const note = await processor.render({ rel: 'fuzz.md', display: 'fuzz.md', body: parsed.body });
      // The guard turns an exception into a `render-failed` error, so the build goes on: for the fuzzer it is a crash.
      for (const m of note.messages) if (m.rule === RENDER_FAILED) report.crashes.push({ iteration: i, mutation, error: m.message });
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const m of note.messages) if (m.line < 1 || m.line > lines) report.misplaced.push({ iteration: i, mutation, message: `${m.line}:${m.column} ${m.rule} ${m.message}` });
    } catch (error) {
      report.crashes.push({ iteration: i, mutation, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    const ms = performance.now() - t0;
    if (!report.slowest || ms > report.slowest.ms) report.slowest = { iteration: i, mutation, ms: Math.round(ms), chars: text.length };
    report.iterations++;
    if (options.only !== undefined) console.log(`iteration ${i}: ${mutation}, ${text.length} characters`);
  }
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      corpus: { type: 'string', default: '50' },
      only: { type: 'string' },
    },
  });
  const report = await fuzz({
    iterations: Number(values.iterations),
    seed: Number(values.seed),
    corpus: Number(values.corpus),
    only: values.only === undefined ? undefined : Number(values.only),
  });
  console.log(`iterations: ${report.iterations}, crashes: ${report.crashes.length}, misplaced messages: ${report.misplaced.length}`);
  if (report.slowest) console.log(`slowest: iteration ${report.slowest.iteration} (${report.slowest.mutation}, ${report.slowest.chars} characters) ${report.slowest.ms} ms`);
  for (const c of report.crashes.slice(0, 10)) console.log(`crash at iteration ${c.iteration} (${c.mutation}):\n${c.error}`);
  for (const m of report.misplaced.slice(0, 10)) console.log(`misplaced at iteration ${m.iteration} (${m.mutation}): ${m.message}`);
  process.exitCode = report.crashes.length > 0 ? 1 : 0;
}
