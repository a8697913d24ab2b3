/**
 * Cold builds of 173 real-sized notes (median ~17 KiB, heavy math and code; scripts/bench/build/real/corpus.ts):
 * danlu against the plain remark-math → rehype-katex script and Eleventy, interleaved in one run.
 *
 *   npm run bench:real -- [--rounds 3] [--peers danlu,plain-unified,eleventy] [--seed 1] [--fences seed|own-line]
 *                         [--danlu HEAD|<commit>|worktree]
 *
 * `--fences own-line` writes every display formula's `$$` on a line of its own; the default writes derivations
 * the seed note's way (`$$\begin{align*}` on one line), which remark-math misreads (see corpus.ts).
 *
 * danlu runs as `node bin/danlu.js build --content <dir> --out <dir> --no-cache` from a `git archive` snapshot of
 * the commit (default HEAD; `worktree` for the live checkout), its output deleted before each build. The peers
 * come from scripts/bench/build/peers.ts. Each round runs every peer once, the order rotating from round to round
 * so that none always runs first on a warm or cold machine; the median of the rounds is reported. After each
 * build (outside the timer) its output is read back: pages, display formulas and KaTeX errors.
 *
 * Prints a markdown table and writes bench-out/real.json and bench-out/real.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eleventy, plainUnified, type OutputSummary, type Peer, type PeerContext } from '../peers.js';
import { writeRealCorpus, type RealManifest } from './corpus.js';
import { danluCli, danluUnderTest, fmt, htmlFiles, logger, machine, measure, median, readReport, REPO, rm, type Measurement } from './harness.js';

const log = logger('bench:real');

/** danlu, cold by construction: `--no-cache`, and its output and report deleted first. */
const danluNoCache: Peer = {
  name: 'danlu',
  unavailable: () => null,
  command: (ctx) => danluCli(ctx.danluRoot, ['build', '--content', ctx.content, '--out', ctx.out, '--report', ctx.report, '--no-cache', '--quiet'], ctx.danluRoot),
  makeCold: (ctx) => {
    rm(ctx.out);
    rm(ctx.report);
  },
  summarize: (ctx): OutputSummary => {
    const r = readReport(ctx.report);
    return { pages: r.pages ?? htmlFiles(ctx.out).length, display: r.display, math: r.inline !== null && r.display !== null ? r.inline + r.display : null, errors: r.errors, reportedMs: r.durationMs };
  },
};

interface Row {
  peer: string;
  status: 'ok' | 'failed' | 'unavailable';
  detail?: string;
  runs: number[];
  loads: number[];
  seconds: number | null;
  ratioDanluToPeer: number | null;
  cpuSeconds: number | null;
  maxRssMB: number | null;
  output: OutputSummary | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      peers: { type: 'string', default: 'danlu,plain-unified,eleventy' },
      seed: { type: 'string', default: '1' },
      notes: { type: 'string', default: '173' },
      danlu: { type: 'string', default: 'HEAD' },
      fences: { type: 'string', default: 'seed' },
    },
  });
  const rounds = Number(values.rounds);
  const seed = Number(values.seed);
  const notes = Number(values.notes);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: a positive integer, got ${values.rounds}`);
  const wanted = values.peers.split(',');
  const peers = [danluNoCache, plainUnified, eleventy].filter((p) => wanted.includes(p.name));

  const under = danluUnderTest(values.danlu);
  log(`danlu: ${under.label} (${under.root})`);
  const dir = join(REPO, 'bench-out', 'real');
  mkdirSync(dir, { recursive: true });
  const content = join(dir, 'corpus');
  const fences = values.fences;
  if (fences !== 'seed' && fences !== 'own-line') throw new Error(`--fences: seed or own-line, got ${fences}`);
  const manifest: RealManifest = writeRealCorpus(content, notes, seed, fences);
  const kib = (b: number): string => (b / 1024).toFixed(1);
  log(
    `corpus: ${manifest.notes} notes, ${(manifest.bytes / 2 ** 20).toFixed(2)} MiB, sizes min ${kib(manifest.minBytes)} / median ${kib(manifest.medianBytes)} / max ${kib(manifest.maxBytes)} KiB, ` +
      `${manifest.inline} inline + ${manifest.display} display formulas, ${manifest.fences} code blocks (${(manifest.codeShare * 100).toFixed(0)} % of bytes), ${manifest.tables} tables, ${manifest.images} images, ${manifest.callouts} callouts`,
  );
  const ctxOf = (p: Peer): PeerContext => ({ repo: REPO, danluRoot: under.root, content, out: join(dir, `out-${p.name}`), report: join(dir, `${p.name}-report.json`) });

  // Untimed: danlu bundles its CLI and workers once per version of its sources; no user pays that twice.
  if (peers.includes(danluNoCache)) {
    const ctx = { ...ctxOf(danluNoCache), content: join(dir, 'warmup-corpus'), out: join(dir, 'out-warmup') };
    writeRealCorpus(ctx.content, 12, seed);
    danluNoCache.makeCold(ctx);
    const m = await measure(danluNoCache.command(ctx));
    log(`danlu warm-up (untimed): ${m.seconds.toFixed(1)} s, exit ${m.exitCode}`);
  }

  const samples = new Map<string, { m: Measurement; out: OutputSummary }[]>(peers.map((p) => [p.name, []]));
  const failed = new Map<string, string>();
  for (const p of peers) {
    const why = p.unavailable(ctxOf(p));
    if (why) failed.set(p.name, why);
  }
  for (let round = 0; round < rounds; round++) {
    const order = peers.map((_, i) => peers[(i + round) % peers.length] as Peer);
    for (const peer of order) {
      if (failed.has(peer.name)) continue;
      const ctx = ctxOf(peer);
      peer.makeCold(ctx);
      const m = await measure(peer.command(ctx));
      if (m.exitCode !== 0) {
        log(`${peer.name} round ${round + 1}: exit ${m.exitCode}\n${m.stderrTail}`);
        failed.set(peer.name, `failed (exit ${m.exitCode}): ${(m.stderrTail.split('\n').find((l) => /error/i.test(l)) ?? m.stderrTail.split('\n')[0] ?? '').trim()}`.slice(0, 200).replace(/\|/g, '\\|'));
        continue;
      }
      const out = peer.summarize(ctx);
      samples.get(peer.name)?.push({ m, out });
      log(`${peer.name} round ${round + 1}/${rounds}: ${m.seconds.toFixed(2)} s (cpu ${fmt(m.cpuSeconds, 1)} s, load ${m.load.toFixed(1)}), ${out.pages} pages, ${out.display ?? '?'} display, ${out.errors ?? '?'} KaTeX errors`);
    }
  }

  const secondsOf = (name: string): number | null => (failed.has(name) ? null : median(samples.get(name)?.map((s) => s.m.seconds) ?? []));
  const danluSeconds = secondsOf('danlu');
  const rows: Row[] = peers.map((p) => {
    const got = samples.get(p.name) ?? [];
    const seconds = secondsOf(p.name);
    const reason = failed.get(p.name);
    const last = got.at(-1);
    return {
      peer: p.name,
      status: seconds !== null ? 'ok' : reason?.startsWith('failed') ? 'failed' : 'unavailable',
      ...(reason ? { detail: reason } : {}),
      runs: got.map((s) => Number(s.m.seconds.toFixed(3))),
      loads: got.map((s) => Number(s.m.load.toFixed(1))),
      seconds,
      ratioDanluToPeer: seconds && danluSeconds !== null ? danluSeconds / seconds : null,
      cpuSeconds: median(got.flatMap((s) => (s.m.cpuSeconds === null ? [] : [s.m.cpuSeconds]))),
      maxRssMB: median(got.flatMap((s) => (s.m.maxRssMB === null ? [] : [s.m.maxRssMB]))),
      output: last ? { ...last.out, reportedMs: median(got.flatMap((s) => (s.out.reportedMs === null ? [] : [s.out.reportedMs]))) } : null,
    };
  });

  const table = [
    `| peer | seconds (median of ${rounds}) | runs | danlu ÷ peer | CPU s | peak RSS MB | pages | display math typeset | KaTeX errors |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      if (r.status !== 'ok') return `| ${r.peer} | ${r.detail ?? r.status} | | | | | | | |`;
      const o = r.output;
      const inProcess = o?.reportedMs ? ` (${(o.reportedMs / 1000).toFixed(2)} in-process)` : '';
      return `| ${r.peer} | ${fmt(r.seconds)}${inProcess} | ${r.runs.map((s) => s.toFixed(1)).join(', ')} | ${fmt(r.ratioDanluToPeer)} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.maxRssMB, 0)} | ${o?.pages ?? '–'} | ${o?.display ?? '–'} / ${manifest.display} | ${o?.errors ?? '–'} |`;
    }),
  ].join('\n');
  const plain = rows.find((r) => r.peer === 'plain-unified')?.ratioDanluToPeer ?? null;
  const eleventyRatio = rows.find((r) => r.peer === 'eleventy')?.ratioDanluToPeer ?? null;
  const loads = rows.flatMap((r) => r.loads);
  const argv = process.argv.slice(2);
  const command = `npm run bench:real${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const corpusLine =
    `${manifest.notes} notes, ${(manifest.bytes / 2 ** 20).toFixed(2)} MiB; note size min ${kib(manifest.minBytes)} / median ${kib(manifest.medianBytes)} / max ${kib(manifest.maxBytes)} KiB; ` +
    `${manifest.inline} inline + ${manifest.display} display formulas, ${manifest.fences} code blocks (${(manifest.codeShare * 100).toFixed(0)} % of the bytes), ${manifest.tables} tables, ${manifest.images} images, ${manifest.callouts} callouts; display fences: ${fences}; seed ${seed}`;
  const block =
    `\`${command}\` — ${date}, danlu at ${under.label}, ${machine()}, load average ${loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : '?'} (now ${loadavg()[0]?.toFixed(1)}).\n` +
    `Corpus: ${corpusLine}.\n\n${table}\n\n` +
    `danlu ÷ plain-unified: **${fmt(plain)}** (goal ≤ 0.5); danlu ÷ Eleventy: ${fmt(eleventyRatio)}.`;
  console.log(`\n${block}\n`);
  const outDir = join(REPO, 'bench-out');
  writeFileSync(join(outDir, 'real.json'), JSON.stringify({ command, date, danlu: under.label, machine: machine(), seed, rounds, corpus: manifest, ratioToPlain: plain, ratioToEleventy: eleventyRatio, rows }, null, 2) + '\n');
  writeFileSync(join(outDir, 'real.md'), block + '\n');
}

await main();
