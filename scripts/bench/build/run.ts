/**
 * Build benchmark runner: cold full builds of the same generated corpus by danlu and its peers, in one run.
 *
 *   npm run bench:build -- [--notes 200,1000] [--runs 1] [--peers danlu,plain-unified,eleventy] [--seed 1]
 *                          [--danlu HEAD|<commit>|worktree] [--doc BENCHMARKS.md]
 *
 * Every build is a fresh child process with its output (and, for danlu, its persistent cache) deleted first;
 * `danlu (warm rebuild)` runs right after danlu's cold build with everything left in place. Peers run
 * interleaved within each round, so drift on a shared machine hits them alike; with --runs k the median is
 * reported. Wall time is measured here with performance.now() around the child; peak RSS and CPU time come from
 * GNU time (`/usr/bin/time -v`) when the machine has it. After each run (outside the timer) the output is read
 * back: pages written and formulas typeset, so a peer that is fast because it drops display math shows it.
 *
 * Prints a markdown table, writes rows to bench-out/build.json and the table to bench-out/build.md, and with
 * --doc replaces the block between `<!-- bench:build:start -->` and `<!-- bench:build:end -->` in that file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, writeCorpus, type CorpusManifest } from './corpus.js';
import { measure, snapshot, type Measurement } from './real/harness.js';
import { allPeers, type Command, type OutputSummary, type Peer, type PeerContext } from './peers.js';

/** One row of the result: a peer at one corpus size, over all runs. */
export interface BuildRow {
  peer: string;
  notes: number;
  status: 'ok' | 'failed' | 'unavailable';
  detail?: string;
  runs: number[];
  /** 1-minute load average before each run. */
  loads: number[];
  seconds: number | null;
  ratioToDanlu: number | null;
  ratioToPlain: number | null;
  notesPerSecond: number | null;
  maxRssMB: number | null;
  cpuSeconds: number | null;
  output: OutputSummary | null;
  expectedDisplay: number;
  expectedMath: number;
}

const REPO = resolve(import.meta.dirname, '../../..');

/**
 * One untimed danlu build of a small corpus (enough notes to start the worker pool) before anything is timed.
 * danlu's launcher compiles the sources to lib/ once per version (bin/compile.js, what `npm install` does for a
 * user): the first build of a fresh snapshot would otherwise also time that compile, a cost no user pays twice.
 */
async function warmUpDanlu(peers: readonly Peer[]): Promise<void> {
  const peer = peers.find((p) => p.name === 'danlu');
  if (!peer) return;
  const dir = join(REPO, 'bench-out', 'build-warmup');
  const content = join(dir, 'corpus');
  const ctx = contextFor(peer, dir, content);
  if (peer.unavailable(ctx)) return;
  writeCorpus(content, 64, DEFAULT_SEED);
  peer.makeCold(ctx);
  const m = await measure(peer.command(ctx));
  log(`danlu warm-up (untimed, compiles lib/): ${m.seconds.toFixed(1)} s, exit ${m.exitCode}`);
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const log = (msg: string): void => void process.stderr.write(`[bench:build ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** The danlu code under test, fixed for the whole run. */
let danluRoot = REPO;

function contextFor(peer: Peer, dir: string, content: string): PeerContext {
  const base = (peer.warmOf ?? peer.name).replace(/[^a-z0-9-]+/gi, '-');
  return { repo: REPO, danluRoot, content, out: join(dir, `out-${base}`), report: join(dir, `${base}-report.json`) };
}

/** Benchmarks every peer on one corpus size. */
async function benchSize(notes: number, runs: number, peers: readonly Peer[], seed: number): Promise<BuildRow[]> {
  const dir = join(REPO, 'bench-out', `build-${notes}`);
  mkdirSync(dir, { recursive: true });
  const content = join(dir, 'corpus');
  const manifest: CorpusManifest = writeCorpus(content, notes, seed);
  log(`corpus: ${notes} notes, ${(manifest.bytes / 2 ** 20).toFixed(1)} MiB, ${manifest.inline} inline + ${manifest.display} display formulas → ${content}`);

  const samples = new Map<string, { m: Measurement; out: OutputSummary }[]>();
  const skipped = new Map<string, string>();
  for (const peer of peers) {
    const why = peer.unavailable(contextFor(peer, dir, content));
    if (why) skipped.set(peer.name, why);
    samples.set(peer.name, []);
  }
  for (let run = 1; run <= runs; run++) {
    for (const peer of peers) {
      if (skipped.has(peer.name)) continue;
      if (peer.warmOf && (skipped.has(peer.warmOf) || !samples.get(peer.warmOf)?.at(-1))) continue;
      const ctx = contextFor(peer, dir, content);
      peer.makeCold(ctx);
      const m = await measure(peer.command(ctx));
      if (m.exitCode !== 0) {
        log(`${peer.name} N=${notes} run ${run}: exit ${m.exitCode} after ${m.seconds.toFixed(1)} s\n${m.stderrTail}`);
        const lines = m.stderrTail.split('\n');
        const reason = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '';
        skipped.set(peer.name, `failed (exit ${m.exitCode}): ${reason.trim()}`.slice(0, 200).replace(/\|/g, '\\|'));
        continue;
      }
      const out = peer.summarize(ctx);
      samples.get(peer.name)?.push({ m, out });
      log(`${peer.name} N=${notes} run ${run}/${runs}: ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds?.toFixed(1) ?? '?'} s, load ${m.load.toFixed(1)}), ${out.pages} pages, rss ${m.maxRssMB?.toFixed(0) ?? '?'} MB`);
    }
  }

  const secondsOf = (name: string): number | null => median(samples.get(name)?.map((s) => s.m.seconds) ?? []);
  const danluSeconds = secondsOf('danlu');
  const plainSeconds = secondsOf('plain-unified');
  return peers.map((peer): BuildRow => {
    const got = samples.get(peer.name) ?? [];
    const seconds = skipped.has(peer.name) ? null : secondsOf(peer.name);
    const last = got.at(-1);
    const reason = skipped.get(peer.name);
    return {
      peer: peer.name,
      notes,
      status: seconds !== null ? 'ok' : reason?.startsWith('failed') ? 'failed' : 'unavailable',
      ...(reason ? { detail: reason } : {}),
      runs: got.map((s) => Number(s.m.seconds.toFixed(3))),
      loads: got.map((s) => Number(s.m.load.toFixed(1))),
      seconds,
      ratioToDanlu: seconds !== null && danluSeconds ? seconds / danluSeconds : null,
      ratioToPlain: seconds !== null && plainSeconds ? seconds / plainSeconds : null,
      notesPerSecond: seconds ? notes / seconds : null,
      maxRssMB: median(got.flatMap((s) => (s.m.maxRssMB === null ? [] : [s.m.maxRssMB]))),
      cpuSeconds: median(got.flatMap((s) => (s.m.cpuSeconds === null ? [] : [s.m.cpuSeconds]))),
      // Output counts are the last run's (every run writes the same); the build's own duration is a median too.
      output: last
        ? { ...last.out, reportedMs: median(got.flatMap((s) => (s.out.reportedMs === null ? [] : [s.out.reportedMs]))) }
        : null,
      expectedDisplay: manifest.display,
      expectedMath: manifest.display + manifest.inline,
    };
  });
}

const fmt = (v: number | null, digits = 2): string => (v === null ? '–' : v.toFixed(digits));

/** Renders rows as the markdown table that goes into BENCHMARKS.md. */
export function markdownTable(rows: readonly BuildRow[], runs: number): string {
  const head =
    `| peer | N | seconds (median of ${runs}) | ÷ danlu | ÷ plain-unified | notes/s | CPU s | peak RSS MB | pages | display math typeset | KaTeX errors |\n` +
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = rows.map((r) => {
    if (r.status !== 'ok') return `| ${r.peer} | ${r.notes} | ${r.detail ?? r.status} | | | | | | | | |`;
    const o = r.output;
    const display = o?.display === null || o?.display === undefined ? '–' : `${o.display} / ${r.expectedDisplay}`;
    const inProcess = o?.reportedMs ? ` (${(o.reportedMs / 1000).toFixed(2)} in-process)` : '';
    return (
      `| ${r.peer} | ${r.notes} | ${fmt(r.seconds)}${inProcess} | ${fmt(r.ratioToDanlu)} | ${fmt(r.ratioToPlain)} | ` +
      `${fmt(r.notesPerSecond, 0)} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.maxRssMB, 0)} | ${o?.pages ?? '–'} | ${display} | ${o?.errors ?? '–'} |`
    );
  });
  return [head, ...lines].join('\n');
}

/** Replaces the generated block inside `## Build` of a markdown file, leaving every other section alone. */
function updateDoc(path: string, block: string): void {
  const start = '<!-- bench:build:start -->';
  const end = '<!-- bench:build:end -->';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n## Build\n\n## Engine\n';
  const generated = `${start}\n${block}\n${end}`;
  let next: string;
  if (text.includes(start) && text.includes(end)) {
    next = text.slice(0, text.indexOf(start)) + generated + text.slice(text.indexOf(end) + end.length);
  } else {
    const heading = /^## Build[^\n]*\n/m.exec(text);
    if (!heading) throw new Error(`${path} has no "## Build" heading to write under`);
    const at = heading.index + heading[0].length;
    next = `${text.slice(0, at)}\n${generated}\n${text.slice(at)}`;
  }
  writeFileSync(path, next);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string', default: '200,1000' },
      runs: { type: 'string', default: '1' },
      peers: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      doc: { type: 'string' },
      danlu: { type: 'string', default: 'HEAD' },
    },
  });
  const sizes = values.notes.split(',').map(Number);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--notes: positive integers, got ${values.notes}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: a positive integer, got ${values.runs}`);
  const wanted = values.peers?.split(',');
  const peers = allPeers.filter((p) => !wanted || wanted.includes(p.name) || (p.warmOf !== undefined && wanted.includes(p.warmOf)));

  // --danlu <commit> (default HEAD) measures that commit's code; --danlu worktree measures the live checkout.
  let danluLabel = 'the working tree';
  if (values.danlu !== 'worktree') {
    const snap = snapshot(values.danlu);
    danluRoot = snap.root;
    danluLabel = snap.label;
  }
  log(`danlu: ${danluLabel} (${danluRoot})`);

  await warmUpDanlu(peers);

  const rows: BuildRow[] = [];
  for (const n of sizes) rows.push(...(await benchSize(n, runs, peers, seed)));

  const argv = process.argv.slice(2).filter((a, i, all) => a !== '--doc' && all[i - 1] !== '--doc');
  const command = `npm run bench:build${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, Node ${process.version}`;
  const table = markdownTable(rows, runs);
  const loads = rows.flatMap((r) => r.loads);
  const loadRange = loads.length ? `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs` : 'no runs';
  const block = `\`${command}\` — ${date}, danlu at ${danluLabel}, ${machine}, ${loadRange}, corpus seed ${seed}.\n\n${table}`;
  console.log(`\n${block}\n`);

  const outDir = join(REPO, 'bench-out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'build.json'),
    JSON.stringify({ command, date, danlu: danluLabel, machine, seed, runs, rows }, null, 2) + '\n',
  );
  writeFileSync(join(outDir, 'build.md'), block + '\n');
  if (values.doc) updateDoc(resolve(values.doc), block);
}

await main();
