/**
 * `npm run bench:browser [-- options]`: the engine in headless Chromium, next to its peers in the same page.
 *
 * For each demo workload (MLP 2-8-8-1 on two spirals, batch 32; the ConvNetJS MNIST net on synthetic 28×28 strokes,
 * batch 20; LSTM 1-20-1 on 16 sine sequences × 20), one page trains danlu on each backend asked for (through
 * `train()`), TF.js on webgl / wasm / cpu and ConvNetJS (MLP, CNN; equal work, see peers.ts) in interleaved rounds,
 * then danlu's reference backend in the training Worker; it records examples (timesteps) per second, the first
 * step, the longest main-thread long task while each trained, frames painted, readbacks per step (when the engine's
 * backend has `stats()`), and whether each danlu backend's loss of step k matches the reference backend's.
 *
 *   --json <file>        write { "rows": [ … ] } (workload, contestant, backend, perSecond, matchesReference,
 *                        firstStepMs, longestTaskMs, readbacksPerStep)
 *   --backends a,b       danlu backends (default reference and every gpu.js mode; reference is always run first)
 *   --tf a,b             TF.js backends (default webgl,wasm,cpu); --no-peers: danlu only
 *   --workloads a,b      mlp,cnn,lstm (default all)
 *   --rounds n --round-ms ms   timed rounds per contestant and their length (default 3 × 1500 ms)
 *   --quick              2 rounds × 600 ms, shorter Worker runs, no gpu.js-webgl (WebGL1) row
 *   --choice [--pages n] instead: n (10) fresh pages (new browser contexts), selectBackend for the CNN and the MLP
 *                        in each, every candidate then timed warm on its own; counts pages whose pick was the
 *                        fastest within 10 % (--json writes { "pages": [ … ] })
 *   --gpu                launch Chromium for a real GPU (Linux: --enable-gpu --use-angle=vulkan
 *                        --ignore-gpu-blocklist --enable-unsafe-webgpu; elsewhere the platform's default ANGLE);
 *                        without it: SwiftShader. The GL renderer string is printed with the table either way.
 *
 * Software GL (SwiftShader) says nothing of GPU speed: read ratios and main-thread figures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs as flagsFor } from './chromium.js';
import type { BenchSettings, ChoicePage, PageRow } from './entry.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const flag = (name: string): boolean => argv.includes(name);
const quick = flag('--quick');
const gpu = flag('--gpu');
const list = (name: string, dflt: string): string[] => (arg(name) ?? dflt).split(',').map((s) => s.trim()).filter(Boolean);
const backends = list('--backends', quick ? 'reference,gpu.js-webasm,gpu.js-cpu,gpu.js-webgl2,gpu.js-webgpu' : 'reference,gpu.js-webasm,gpu.js-cpu,gpu.js-webgl2,gpu.js-webgl,gpu.js-webgpu');
const tfBackends = list('--tf', 'webgl,wasm,cpu');
const workloads = list('--workloads', 'mlp,cnn,lstm') as ('mlp' | 'cnn' | 'lstm')[];
const rounds = Number(arg('--rounds') ?? (quick ? 2 : 3));
const roundMs = Number(arg('--round-ms') ?? (quick ? 600 : 1500));
const K = 3;
const chromiumArgs = (): string[] => flagsFor(gpu);
const TOLERANCE = 1e-3;

const bundle = async (entry: string): Promise<string> =>
  (await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' } })).outputFiles[0]!.text;
const [pageJs, workerJs] = await Promise.all([bundle(join(here, 'entry.ts')), bundle(join(repo, 'src/engine/worker/worker.ts'))]);
const wasmDir = join(repo, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

const load0 = loadavg();
const started = new Date();
const git = (...a: string[]): string => {
  try {
    return execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};
const commit = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'scripts/bench/browser', 'src/engine') !== '';

const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new', ...chromiumArgs()] });

/** A fresh page (its own browser context) with the bench bundle, the Worker script and TF.js's .wasm files. */
async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('bench:')) process.stderr.write(`${m.text()}\n`);
  });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  await page.route('http://localhost/**', (r) => {
    const url = new URL(r.request().url());
    if (url.pathname === '/worker.js') return r.fulfill({ contentType: 'text/javascript', body: workerJs });
    if (url.pathname.startsWith('/tfjs-wasm/')) {
      const file = url.pathname.slice('/tfjs-wasm/'.length);
      if (!/^[\w.-]+\.wasm$/.test(file)) return r.fulfill({ status: 404, body: '' });
      return r.fulfill({ contentType: 'application/wasm', body: readFileSync(join(wasmDir, file)) });
    }
    return r.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body><canvas width="8" height="8"></canvas></body></html>' });
  });
  await page.goto('http://localhost/');
  await page.addScriptTag({ content: pageJs });
  return page;
}

type Env = { renderer: string; vendor: string; webgpu: string; isolated: boolean; cores: number };
type G = {
  benchWorkload(w: string, s: BenchSettings): Promise<PageRow[]>;
  benchEnvironment(): Promise<Env>;
  benchChoice(w: string, cnnBatch: number, warmMs: number, roundMs: number, rounds: number): Promise<ChoicePage>;
};

const f = (v: number | null | undefined, d = 0): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d).replace(/\B(?=(\d{3})+(?!\d))/g, ' '));
const num = (v: number): string => (v >= 100 ? f(v) : v >= 10 ? f(v, 1) : f(v, 2));
const header = (env: Env): string =>
  `Chromium headless, ${gpu ? `GPU flags (${chromiumArgs().join(' ')})` : 'SwiftShader (--use-angle=swiftshader)'}; ` +
  `GL renderer: **${env.renderer}** (${env.vendor}); WebGPU: ${env.webgpu}; cross-origin isolated: ${env.isolated}; ` +
  `${env.cores} logical cores; danlu ${commit}${dirty ? ' + uncommitted changes in scripts/bench/browser or src/engine' : ''}; ` +
  `${started.toISOString()}; load average ${load0.map((l) => l.toFixed(2)).join(' ')} at start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at end.` +
  // The engine's SOFTWARE_RENDERER test (src/engine/backend/gpu/index.ts), not imported: that module loads gpu.js.
  (/swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|lavapipe/i.test(env.renderer)
    ? `\n\n**The GL renderer is a software rasterizer: no GPU was used${gpu ? ' although --gpu was given (no usable GPU, or Chromium fell back)' : ''}.**`
    : '');

try {
  if (flag('--choice')) {
    const pages = Number(arg('--pages') ?? 10);
    const results: ChoicePage[] = [];
    let env: Env | undefined;
    for (let i = 0; i < pages; i++) {
      for (const w of (arg('--workloads') ? workloads : ['cnn', 'mlp'])) {
        const page = await freshPage();
        env ??= await page.evaluate(() => (globalThis as unknown as G).benchEnvironment());
        process.stderr.write(`choice: page ${i + 1}/${pages}, ${w}\n`);
        const r = await page.evaluate(([w, warm, rms, n]) => (globalThis as unknown as G).benchChoice(w as string, 20, warm as number, rms as number, n as number), [w, quick ? 500 : 1000, quick ? 150 : 300, 3] as const);
        results.push(r);
        process.stderr.write(`  picked ${r.picked}, fastest ${r.fastest} (pick ÷ fastest ${r.pickOverFastest.toFixed(2)}) ${r.right ? 'right' : 'WRONG'}\n`);
        await page.context().close();
      }
    }
    console.log(`bench:browser --choice — ${header(env!)}\n`);
    console.log('selectBackend with its defaults (every registered backend; software GL skipped), then every candidate that starts timed on a fresh model: first step, warm-up, 3 interleaved rounds, median ms/step.\n');
    console.log('| workload | page | picked | select ms (longest task ms) | select\'s ms/step | truth ms/step per candidate | fastest | pick ÷ fastest | right (≤ 1.10) |');
    console.log('| --- | ---: | --- | ---: | --- | --- | --- | ---: | --- |');
    const seen: Record<string, number> = {};
    for (const r of results) {
      seen[r.workload] = (seen[r.workload] ?? 0) + 1;
      const truth = r.truth.map((t) => `${t.backend.replace('gpu.js-', '')} ${t.msPerStep === null ? '✗' : num(t.msPerStep)}${t.note?.startsWith('warm only') ? '*' : ''}`).join(', ');
      const sel = r.selectTimings.map((t) => `${t.backend.replace('gpu.js-', '')} ${t.msPerStep === null ? (t.note?.startsWith('software GL') ? 'soft GL' : t.note?.startsWith('dropped') ? `dropped (${t.note.match(/([\d.]+) ms\/step/)?.[1] ?? '?'} warm)` : '✗') : num(t.msPerStep)}`).join(', ');
      console.log(`| ${r.workload} | ${seen[r.workload]} | ${r.picked} | ${f(r.selectMs)} (${f(r.selectLongestTaskMs)}) | ${sel} | ${truth} | ${r.fastest} | ${r.pickOverFastest.toFixed(2)} | ${r.right ? '✅' : '❌'} |`);
    }
    for (const w of ['cnn', 'mlp']) {
      const rs = results.filter((r) => r.workload === w);
      console.log(`\n${w}: right in ${rs.filter((r) => r.right).length} of ${rs.length} fresh pages (goal ≥ 9 of 10).`);
    }
    console.log('\n✗: did not start. *: warm-up only (> 4× the fastest warm step).');
    const json = arg('--json');
    if (json) writeFileSync(json, JSON.stringify({ pages: results }, null, 2));
  } else {
    const settings: BenchSettings = {
      backends, tfBackends: tfBackends as BenchSettings['tfBackends'], rounds, roundMs, k: K, tolerance: TOLERANCE, cnnBatch: 20,
      workerUrl: 'http://localhost/worker.js', wasmBase: 'http://localhost/tfjs-wasm/', workerSteps: 0, peers: !flag('--no-peers'),
    };
    const rows: PageRow[] = [];
    const page = await freshPage();
    const env = await page.evaluate(() => (globalThis as unknown as G).benchEnvironment());
    for (const w of workloads) {
      const workerSteps = Number(arg('--worker-steps') ?? { mlp: quick ? 2000 : 8000, cnn: quick ? 30 : 100, lstm: quick ? 150 : 500 }[w]);
      rows.push(...(await page.evaluate(([w, s]) => (globalThis as unknown as G).benchWorkload(w as string, s as BenchSettings), [w, { ...settings, workerSteps }] as const)));
    }
    await page.context().close();
    printTable(rows, env);
    const json = arg('--json');
    if (json) {
      const out = rows.map((r) => ({
        workload: r.workload,
        contestant: r.contestant,
        backend: r.name,
        perSecond: r.error ? null : r.perSecond,
        matchesReference: r.contestant === 'danlu' ? (r.error ? false : r.matchesReference) : null,
        firstStepMs: r.firstStepMs,
        longestTaskMs: r.error ? null : r.longestTaskMs,
        readbacksPerStep: r.readbacksPerStep,
      }));
      writeFileSync(json, `${JSON.stringify({ rows: out }, null, 2)}\n`);
    }
  }
} finally {
  await browser.close();
}

function printTable(rows: PageRow[], env: Env): void {
  console.log(`bench:browser — ${header(env)}\n`);
  console.log(`${rounds} interleaved rounds of ${roundMs} ms per contestant; per second = median round (range); k = ${K}, tolerance ${TOLERANCE} relative.\n`);
  console.log('| workload | contestant | backend | per second (range) | ÷ danlu reference | loss of step k: Δ vs reference | setup ms | first step ms | longest task ms, all (warm) | long tasks | frames/s | readbacks/step |');
  console.log('| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ref = rows.find((x) => x.workload === r.workload && x.contestant === 'danlu' && x.name === 'reference' && !x.error);
    const unit = r.workload === 'lstm' ? ' steps' : ' ex';
    // The GL renderer is in the header; the column keeps what executed.
    const name = r.contestant === 'danlu' ? r.backend.replace(/^reference \(plain JS\)/, 'reference').replace(/ \(ANGLE.*$/, ' (GL renderer above)') : r.backend;
    const check = r.matchesReference === null ? (r.contestant === 'danlu' && !r.error ? '—' : '') : `${r.matchesReference ? '✅' : '❌'} ${r.relDiff === null ? '' : r.relDiff.toExponential(1)}`;
    if (r.error) {
      console.log(`| ${r.workload} | ${r.contestant} | ${r.name}: ${r.error.slice(0, 90).replace(/\|/g, '/')} | — | — | ${r.contestant === 'danlu' ? '❌' : ''} | ${f(r.setupMs)} | ${f(r.firstStepMs)} | ${f(r.longestTaskMs)} | ${r.longTasks} | — | — |`);
      continue;
    }
    const lt = (v: number): string => (v === 0 ? '< 50' : f(v));
    console.log(`| ${r.workload} | ${r.contestant}${r.where === 'worker' ? ' (Worker)' : ''} | ${name.slice(0, 70)} | ${num(r.perSecond)}${unit} (${num(r.perSecondRange[0])}–${num(r.perSecondRange[1])}) | ${ref ? (r.perSecond / ref.perSecond).toFixed(2) : '—'} | ${check} | ${r.where === 'worker' ? '—' : f(r.setupMs)} | ${f(r.firstStepMs, r.firstStepMs !== null && r.firstStepMs < 10 ? 1 : 0)} | ${lt(r.longestTaskMs)} (${lt(r.longestWarmTaskMs)}) | ${r.longTasks} | ${f(r.fps)} | ${r.readbacksPerStep === null ? '—' : f(r.readbacksPerStep, r.readbacksPerStep < 1 ? 3 : 1)} |`);
  }
  // Goals of issue 12.
  const ok = (w: string, c: string): PageRow[] => rows.filter((r) => r.workload === w && r.contestant === c && r.where === 'page' && !r.error && r.perSecond > 0);
  const best = (rs: PageRow[]): PageRow | undefined => rs.reduce<PageRow | undefined>((a, r) => (!a || r.perSecond > a.perSecond ? r : a), undefined);
  const goal = (text: string, met: boolean | null, detail: string): void => console.log(`- ${met === null ? '—' : met ? '✅' : '❌'} ${text}: ${detail}`);
  console.log('\nGoals (issue 12):');
  for (const w of ['cnn', 'mlp'] as const) {
    if (!workloads.includes(w)) continue;
    const d = best(ok(w, 'danlu'));
    const t = best(ok(w, 'tfjs'));
    const c = best(ok(w, 'convnetjs'));
    if (w === 'cnn') goal('CNN on danlu\'s best backend ≥ 6× ConvNetJS (equal work)', d && c ? d.perSecond / c.perSecond >= 6 : null, d && c ? `${(d.perSecond / c.perSecond).toFixed(2)}× (${d.name} ${num(d.perSecond)} ÷ ${num(c.perSecond)} ex/s)` : 'not measured');
    goal(`${w.toUpperCase()} on danlu's best backend ≥ 1× TF.js's best`, d && t ? d.perSecond / t.perSecond >= 1 : null, d && t ? `${(d.perSecond / t.perSecond).toFixed(2)}× (${d.name} ${num(d.perSecond)} ÷ tfjs ${t.name} ${num(t.perSecond)})` : 'not measured');
  }
  const danlu = rows.filter((r) => r.contestant === 'danlu' && !r.error);
  const refs = danlu.filter((r) => r.name === 'reference' || r.where === 'worker');
  const worst = Math.max(0, ...refs.map((r) => r.longestTaskMs));
  goal('longest main-thread task < 50 ms while a demo workload trains (danlu reference, page and Worker, cold steps included)', worst === 0, worst === 0 ? 'no long task' : `longest ${f(worst)} ms (${refs.filter((r) => r.longestTaskMs > 0).map((r) => `${r.workload} ${r.where} ${f(r.longestTaskMs)}`).join(', ')})`);
  const warmWorst = Math.max(0, ...refs.map((r) => r.longestWarmTaskMs));
  goal('the same over the warm rounds only', warmWorst === 0, warmWorst === 0 ? 'no long task' : `longest ${f(warmWorst)} ms`);
  const first = danlu.filter((r) => r.name === 'reference' && r.where === 'page');
  const slowFirst = Math.max(...first.map((r) => r.firstStepMs ?? Infinity));
  goal('first step ≤ 1 s on the CPU (reference, page)', first.length ? slowFirst <= 1000 : null, first.map((r) => `${r.workload} ${f(r.firstStepMs, 1)} ms`).join(', '));
  const mism = danlu.filter((r) => r.matchesReference === false);
  goal(`every danlu backend's loss of step ${K} within ${TOLERANCE} (relative) of the reference's`, mism.length === 0, mism.length ? `mismatch: ${mism.map((r) => `${r.workload} ${r.name} ${r.relDiff?.toExponential(1)}`).join(', ')}` : `all ${danlu.filter((r) => r.matchesReference).length} match`);
  const rb = danlu.filter((r) => r.readbacksPerStep !== null);
  // At most one readback per N steps: train() reads the loss every N (`every`) steps and once when a call ends.
  const allowed = (r: PageRow): number => Math.ceil(r.steps / (r.every ?? 1)) + r.rounds;
  goal(
    'a GL training step makes at most one readback per N steps (N = the report interval; + one read per train() call)',
    rb.length ? rb.every((r) => r.readbacksPerStep! * r.steps <= allowed(r) + 1e-9) : null,
    rb.length ? rb.map((r) => `${r.workload} ${r.name} ${f(r.readbacksPerStep, 3)}/step (N = ${r.every}: ≤ ${f(allowed(r) / r.steps, 3)})`).join(', ') : 'the engine has no stats() yet: null',
  );
}
