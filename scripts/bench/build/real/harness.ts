/**
 * What the real-notes build bench (scripts/bench/build/real/) and the dev bench (scripts/bench/dev/) share with
 * scripts/bench/build/run.ts: timing a child process, a `git archive` snapshot of the danlu under test, medians.
 * run.ts imports its child-process timer from here.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from '../peers.js';

export const REPO = resolve(import.meta.dirname, '../../../..');
const GNU_TIME = '/usr/bin/time';

/** One timed child process. */
export interface Measurement {
  seconds: number;
  /** 1-minute load average just before the run. */
  load: number;
  exitCode: number | null;
  maxRssMB: number | null;
  cpuSeconds: number | null;
  stdout: string;
  stderrTail: string;
}

/** Runs a command as a child process and times it; GNU time (if present) wraps it for RSS and CPU. */
export function measure(cmd: Command, timeoutMs = 20 * 60_000): Promise<Measurement> {
  const wrapped = existsSync(GNU_TIME);
  const file = wrapped ? GNU_TIME : cmd.file;
  const args = wrapped ? ['-v', cmd.file, ...cmd.args] : cmd.args;
  const load = loadavg()[0] ?? 0;
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { cwd: cmd.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < 100_000) stdout += chunk;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = stderr.length < 200_000 ? stderr + chunk : stderr.slice(0, 20_000) + stderr.slice(-20_000) + chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const field = (name: string): number | null => {
        const m = new RegExp(`${name}: ([\\d.]+)`).exec(stderr);
        return m?.[1] ? Number(m[1]) : null;
      };
      const rssKB = field('Maximum resident set size \\(kbytes\\)');
      const user = field('User time \\(seconds\\)');
      const sys = field('System time \\(seconds\\)');
      const timeBlock = stderr.lastIndexOf('\tCommand being timed:');
      const own = timeBlock >= 0 ? stderr.slice(0, timeBlock) : stderr;
      resolvePromise({
        seconds,
        load,
        exitCode: code,
        maxRssMB: rssKB === null ? null : rssKB / 1024,
        cpuSeconds: user === null || sys === null ? null : user + sys,
        stdout,
        stderrTail: own.trim().split('\n').filter((l) => !/^Command exited with non-zero status/.test(l)).slice(0, 12).join('\n'),
      });
    });
  });
}

/**
 * Extracts a commit's code into bench-out/snap-<sha>/ (node_modules linked to the repository's). Several people
 * edit this checkout at once: measuring the live tree would time half-edited files. `git archive` only reads the
 * repository. Taken: bin, src, themes, scripts/data, package.json, package-lock.json and every top-level
 * tsconfig*.json (bin/compile.js compiles src/ to lib/ with tsconfig.build.json and stamps it with the lockfile),
 * whichever of them the commit has. The folder is marked complete only after extraction, so a half-made or
 * older-recipe one is made again.
 */
export function snapshot(rev: string): { root: string; label: string; sha: string } {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--verify', `${rev}^{commit}`);
  const label = `${sha.slice(0, 7)} (${git('log', '-1', '--format=%cd', '--date=format:%Y-%m-%d %H:%M', sha)})`;
  const root = join(REPO, 'bench-out', `snap-${sha.slice(0, 12)}`);
  const done = join(root, '.snapshot-complete');
  if (!existsSync(done)) {
    rm(root);
    mkdirSync(root, { recursive: true });
    const top = git('ls-tree', '--name-only', sha).split('\n');
    const paths = [
      ...['bin', 'src', 'themes', 'scripts/data', 'package.json', 'package-lock.json'].filter((p) => git('ls-tree', '--name-only', sha, p) !== ''),
      ...top.filter((f) => /^tsconfig.*\.json$/.test(f)),
    ];
    const tar = execFileSync('git', ['archive', '--format=tar', sha, ...paths], { cwd: REPO, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(done, `${sha}\n${paths.join('\n')}\n`);
  }
  return { root, label, sha };
}

/** `--danlu HEAD|<commit>|worktree`: the root of the danlu code under test and how to name it. */
export function danluUnderTest(rev: string): { root: string; label: string } {
  if (rev === 'worktree') {
    let sha = '';
    try {
      sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    } catch {
      // not a git checkout
    }
    return { root: REPO, label: `the working tree (on ${sha || 'unknown commit'})` };
  }
  return snapshot(rev);
}

export const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Nearest-rank percentile (p in 0…100). */
export const percentile = (xs: readonly number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? null;
};

export const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined ? '–' : v.toFixed(digits));

export const logger = (tag: string) => (msg: string): void =>
  void process.stderr.write(`[${tag} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export const machine = (): string => `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;

export const rm = (path: string): void => rmSync(path, { recursive: true, force: true });

/** HTML files under `dir`, relative to it. */
export function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
}

/** The CLI entry of a danlu root: `node bin/danlu.js …`, from `cwd`. */
export const danluCli = (root: string, args: string[], cwd: string): Command => ({
  file: process.execPath,
  args: [join(root, 'bin/danlu.js'), ...args],
  cwd,
});

/** danlu's report, read defensively (`pages`, `durationMs`, `math: {inline, display, errors}`). */
export function readReport(path: string): { pages: number | null; inline: number | null; display: number | null; errors: number | null; durationMs: number | null; upToDate: boolean } {
  const none = { pages: null, inline: null, display: null, errors: null, durationMs: null, upToDate: false };
  if (!existsSync(path)) return none;
  const r = JSON.parse(readFileSync(path, 'utf8')) as { pages?: unknown; durationMs?: unknown; upToDate?: unknown; math?: { inline?: unknown; display?: unknown; errors?: unknown } };
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { pages: num(r.pages), inline: num(r.math?.inline), display: num(r.math?.display), errors: num(r.math?.errors), durationMs: num(r.durationMs), upToDate: r.upToDate === true };
}
