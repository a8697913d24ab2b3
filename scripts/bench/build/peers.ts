/**
 * The build benchmark's peers: how to run each one as a fresh process on a corpus, what to delete so that its
 * run is cold, and how to read back what it produced (so a fast build that drops math does not look like a win).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where one peer reads and writes for one corpus size. */
export interface PeerContext {
  /** The repository root (peers' scripts and node_modules). */
  repo: string;
  /** Root of the danlu code under test: a snapshot of a commit, or the repository itself. */
  danluRoot: string;
  /** The corpus folder (read only). */
  content: string;
  /** This peer's output folder. */
  out: string;
  /** A JSON report path the peer may write. */
  report: string;
}

/** A command line to spawn. */
export interface Command {
  file: string;
  args: string[];
  /** Working directory; the repository root if absent. */
  cwd?: string;
}

/** What a finished build left behind, read after the timer stopped. */
export interface OutputSummary {
  /** HTML files written (note pages plus, for a full site, index, tag and archive pages). */
  pages: number;
  /** Display formulas typeset (KaTeX `katex-display` wrappers, or the peer's own report). */
  display: number | null;
  /** Inline and display formulas typeset. */
  math: number | null;
  /** Formulas KaTeX could not parse (`katex-error`, or the peer's report). */
  errors: number | null;
  /** The build's own idea of its duration, when it reports one (excludes process start-up). */
  reportedMs: number | null;
}

/** A benchmark peer. */
export interface Peer {
  /** Row label. */
  name: string;
  /** Null if it can run here, else why not (printed in its row). */
  unavailable(ctx: PeerContext): string | null;
  /** Command for one build. */
  command(ctx: PeerContext): Command;
  /** Deletes everything that would make the next run warm. */
  makeCold(ctx: PeerContext): void;
  /** Reads the output after a run. */
  summarize(ctx: PeerContext): OutputSummary;
  /** Runs right after the peer's cold run without cleaning anything (a rebuild with nothing changed). */
  warmOf?: string;
}

const rm = (path: string): void => rmSync(path, { recursive: true, force: true });

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

/** Counts KaTeX's own markers in the written HTML: the same yardstick for peers that do not report. */
function countKatex(dir: string): OutputSummary {
  const files = htmlFiles(dir);
  let display = 0;
  let math = 0;
  let errors = 0;
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    display += html.split('class="katex-display"').length - 1;
    math += html.split('<span class="katex">').length - 1;
    errors += html.split('katex-error').length - 1;
  }
  return { pages: files.length, display, math, errors, reportedMs: null };
}

/** `node --import tsx script` is what `npx tsx script` runs, minus npx's and tsx's extra parent processes. */
const tsxScript = (ctx: PeerContext, script: string, args: string[]): Command => ({
  file: process.execPath,
  args: ['--import', 'tsx', join(ctx.repo, script), ...args],
});

/** The hand-written unified pipeline (scripts/bench/build/plain-unified.ts). */
export const plainUnified: Peer = {
  name: 'plain-unified',
  unavailable: () => null,
  command: (ctx) => tsxScript(ctx, 'scripts/bench/build/plain-unified.ts', ['--content', ctx.content, '--out', ctx.out]),
  makeCold: (ctx) => rm(ctx.out),
  summarize: (ctx) => countKatex(ctx.out),
};

/** Eleventy 3 + markdown-it + @mdit/plugin-katex (scripts/bench/build/eleventy/eleventy.config.js). */
export const eleventy: Peer = {
  name: 'eleventy',
  unavailable: (ctx) =>
    existsSync(join(ctx.repo, 'node_modules/@11ty/eleventy/cmd.cjs')) ? null : '@11ty/eleventy is not installed',
  command: (ctx) => ({
    file: process.execPath,
    args: [
      join(ctx.repo, 'node_modules/@11ty/eleventy/cmd.cjs'),
      '--config',
      join(ctx.repo, 'scripts/bench/build/eleventy/eleventy.config.js'),
      '--input',
      ctx.content,
      '--output',
      ctx.out,
      '--quiet',
    ],
  }),
  makeCold: (ctx) => {
    rm(ctx.out);
    rm(join(ctx.repo, '.cache')); // eleventy-fetch's cache, should anything have made one
  },
  summarize: (ctx) => countKatex(ctx.out),
};

/**
 * Eleventy with a document shell around each page (scripts/bench/build/eleventy/pagefind.config.js: Pagefind skips
 * HTML fragments), then Pagefind's own CLI over its output: what an Eleventy site with search pays for a cold
 * build, by Pagefind's documented set-up for static generators (index the built folder). danlu indexes its notes
 * with the same Pagefind, so this row compares equal outputs; the plain `eleventy` row builds no search index.
 */
export const eleventyPagefind: Peer = {
  name: 'eleventy + pagefind',
  unavailable: (ctx) => eleventy.unavailable(ctx) ?? (existsSync(join(ctx.repo, 'node_modules/pagefind/lib/runner/bin.cjs')) ? null : 'pagefind is not installed'),
  command: (ctx) => {
    const q = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const build = [process.execPath, join(ctx.repo, 'node_modules/@11ty/eleventy/cmd.cjs'), '--config', join(ctx.repo, 'scripts/bench/build/eleventy/pagefind.config.js'), '--input', ctx.content, '--output', ctx.out, '--quiet'];
    const index = [process.execPath, join(ctx.repo, 'node_modules/pagefind/lib/runner/bin.cjs'), '--site', ctx.out, '--silent'];
    return { file: '/bin/sh', args: ['-c', `${build.map(q).join(' ')} && ${index.map(q).join(' ')}`] };
  },
  makeCold: (ctx) => eleventy.makeCold(ctx),
  summarize: (ctx) => countKatex(ctx.out),
};

/** The places danlu may keep its persistent cache: beside the output, or under the content's parent. */
const danluCaches = (ctx: PeerContext): string[] => [
  join(ctx.out, '.danlu-cache'),
  join(dirname(ctx.out), '.danlu-cache'),
  join(dirname(ctx.content), '.danlu-cache'),
];

/** danlu's report, read defensively: the contract is `notes`, `pages`, `durationMs`, `math: {inline, display, errors}`. */
function readDanluReport(ctx: PeerContext): OutputSummary {
  const pages = htmlFiles(ctx.out).length;
  if (!existsSync(ctx.report)) return { pages, display: null, math: null, errors: null, reportedMs: null };
  const report = JSON.parse(readFileSync(ctx.report, 'utf8')) as {
    pages?: unknown;
    durationMs?: unknown;
    math?: { inline?: unknown; display?: unknown; errors?: unknown };
  };
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const inline = num(report.math?.inline);
  const display = num(report.math?.display);
  return {
    pages: num(report.pages) ?? pages,
    display,
    math: inline !== null && display !== null ? inline + display : null,
    errors: num(report.math?.errors),
    reportedMs: num(report.durationMs),
  };
}

/**
 * What `npm run build -- …` runs (`node bin/danlu.js build …`: the compiled CLI, or in older commits the bundled
 * one), from danlu's root like a user running it from the repository. Snapshots older than the bundling launcher
 * run the sources through tsx. (Until 2026-12-08 only a launcher that mentioned esbuild counted, so every bench:build
 * run from 2026-12-03 on timed danlu through tsx: its modules, in the main thread and the workers, transformed at
 * run time and without the launcher's V8 flags.)
 */
const danluCommand = (ctx: PeerContext): Command => {
  const args = ['build', '--content', ctx.content, '--out', ctx.out, '--report', ctx.report];
  const launcher = join(ctx.danluRoot, 'bin/danlu.js');
  const bundling =
    existsSync(launcher) && (existsSync(join(ctx.danluRoot, 'bin/compile.js')) || readFileSync(launcher, 'utf8').includes('esbuild'));
  return {
    ...(bundling ? { file: process.execPath, args: [launcher, ...args] } : tsxScript({ ...ctx, repo: ctx.danluRoot }, 'src/cli/index.ts', args)),
    cwd: ctx.danluRoot,
  };
};

const danluUnavailable = (ctx: PeerContext): string | null =>
  existsSync(join(ctx.danluRoot, 'src/cli/index.ts')) && existsSync(join(ctx.danluRoot, 'src/cli/commands/build.ts'))
    ? null
    : 'not available (src/cli build command not written yet)';

/** Our build, cold: output, report and every persistent cache deleted first. */
export const danlu: Peer = {
  name: 'danlu',
  unavailable: danluUnavailable,
  command: danluCommand,
  makeCold: (ctx) => {
    rm(ctx.out);
    rm(ctx.report);
    for (const cache of danluCaches(ctx)) rm(cache);
  },
  summarize: readDanluReport,
};

/** Our build again on the same input with the cache and output of the cold run left in place. */
export const danluWarm: Peer = {
  name: 'danlu (warm rebuild)',
  unavailable: danluUnavailable,
  command: danluCommand,
  makeCold: (ctx) => rm(ctx.report),
  summarize: readDanluReport,
  warmOf: 'danlu',
};

/** Every peer, in the order they run within one round. */
export const allPeers: readonly Peer[] = [danlu, danluWarm, plainUnified, eleventy, eleventyPagefind];
