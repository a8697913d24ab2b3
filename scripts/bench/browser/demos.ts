/**
 * `npm run bench:demos` (or `npx tsx scripts/bench/browser/demos.ts [--json file] [--backends a,b] [--demos mlp,cnn,lstm]
 * [--window ms] [--gpu]`): the
 * demos as a reader gets them. Builds the project site (`content/`) into a temporary folder, serves it with the
 * project's static server (`src/server/static.ts`), and opens each note with a demo in Debian Chromium (SwiftShader
 * WebGL2 unless `--gpu`: then the GPU, flags in chromium.ts), once per backend (`?backend=`). Per page and backend it reports:
 *
 * - bytes before start: what the page fetched before its demo nears the view (the loader), and once the demo is
 *   mounted and idle (its chunk, and for the CNN the test digits and weights); code and data apart, minified (as
 *   served) and gzip (what a compressing server would send);
 * - bytes once training runs (the Worker, gpu.js, the training digits …);
 * - time from pressing Play to the first step reported (`data-demo-steps` > 0);
 * - the longest main-thread task while it trains (PerformanceObserver `longtask`, from Play to the end of the
 *   window), and the frames painted per second over a window of training;
 * - input while it trains: six clicks on the demo's speed readout spread over the window, each timed by Event Timing
 *   from the input to the next frame painted (the slowest, or "< 16" when all were under what Event Timing reports);
 * - for the CNN, the time to classify a drawn 7 (`data-demo-classify-ms`, measured by the demo around `predict`).
 *
 * And for a note without a demo: the JavaScript it fetches beyond the theme's `theme.js` (must be 0 bytes).
 * SwiftShader is WebGL on the CPU: its absolute times say nothing of a GPU; the main-thread figures and the ratios
 * between rows of one run do.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { folderSource, serveFrom } from '../../../src/server/static.js';
import { build } from '../../../src/site/build.js';
import { chromiumArgs } from './chromium.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const backends = (arg('--backends') ?? 'reference,gpu.js-webgl2').split(',');
const gpu = process.argv.includes('--gpu');
/** Wall-clock window of training measured per run (long tasks, frames). */
const WINDOW_MS = Number(arg('--window') ?? 8000);
/** Clicks on the demo spread over the training window, each timed from input to the next frame painted. */
const CLICKS = 6;

/** One measured page × backend (or the page without a demo). */
export interface DemoBenchRow {
  page: string;
  demo: string;
  backend: string;
  /** What data-demo-backend said while it trained (a fallback shows here). */
  ran: string;
  /** JavaScript beyond theme.js before the demo nears the view (minified bytes, gzip, and which files). */
  jsBeforeView: { min: number; gzip: number; files: string[] };
  /** Bytes fetched from assets/demos/ before the demo nears the view (a note without a demo: must be 0). */
  demoBytesBeforeView: number;
  /** Everything under assets/demos/ once mounted and idle. */
  mounted: { code: number; codeGzip: number; data: number; dataGzip: number };
  /** Everything under assets/demos/ after the training window. */
  training: { code: number; codeGzip: number; data: number; dataGzip: number };
  firstStepMs: number | null;
  longestTaskMs: number;
  longTasks: number;
  /** Clicks made on the demo while it trained. */
  clicks?: number;
  /** Those of the clicks whose input-to-next-frame time was ≥ 16 ms (Event Timing; the rest were faster). */
  slowInteractions?: { ms: number; delay: number }[];
  /** Each long task: when it began after Play, and how long it took. */
  longTaskTimes?: { afterPlayMs: number; ms: number }[];
  framesPerSecond: number;
  /** Frames painted per second over 2 s with the demo mounted and idle: what this machine paints at all. */
  idleFramesPerSecond: number;
  steps: number;
  classifyMs: number | null;
  error?: string;
}

// ---- build and serve ----
const out = mkdtempSync(path.join(tmpdir(), 'danlu-bench-demos-'));
const t0 = performance.now();
const result = await build({ siteDir: repo, contentDir: path.join(repo, 'content'), outDir: out, cacheDir: false });
if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.report.messages).slice(0, 2000)}`);
console.error(`built content/ into ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const source = folderSource(out);
const server = createServer((req, res) => serveFrom(source, '/', req, res, { log: () => {} }));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Every HTML page of the output, with whether it embeds a demo and of which type. */
function pages(dir: string, rel = ''): { url: string; demo: string | null; isNote: boolean }[] {
  const found: { url: string; demo: string | null; isNote: boolean }[] = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = path.join(rel, name);
    if (statSync(path.join(dir, r)).isDirectory()) {
      if (r !== 'assets') found.push(...pages(dir, r));
    } else if (name === 'index.html') {
      const html = readFileSync(path.join(dir, r), 'utf8');
      const url = `/${rel.split(path.sep).map(encodeURIComponent).join('/')}${rel ? '/' : ''}`;
      found.push({ url, demo: /data-demo="(\w+)"/.exec(html)?.[1] ?? null, isNote: /<article[^>]*class="[^"]*\bpost\b/.test(html) });
    }
  }
  return found;
}
const all = pages(out);
// One note per demo type: the note that teaches it (the syntax tour's small MLP is a second MLP page).
const demoPages = (arg('--demos') ?? 'mlp,cnn,lstm').split(',').map((type) => all.filter((p) => p.demo === type).sort((a, b) => (a.url.includes('about') ? 1 : 0) - (b.url.includes('about') ? 1 : 0))[0]).filter((p) => p !== undefined);
const plain = all.find((p) => p.isNote && p.demo === null) ?? all.find((p) => p.demo === null)!;

const OBSERVE = `
  globalThis.__long = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) globalThis.__long.push({ at: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch {}
  // Event Timing: each interaction's time from input to the next frame painted (entries of 16 ms and more).
  globalThis.__events = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) globalThis.__events.push({ id: e.interactionId, at: e.startTime, ms: e.duration, delay: e.processingStart - e.startTime }); }).observe({ type: 'event', durationThreshold: 16, buffered: true }); } catch {}
  globalThis.__marks = {};
  new MutationObserver(() => {
    const el = document.querySelector('figure[data-demo]');
    if (el && Number(el.dataset.demoSteps) > 0 && globalThis.__marks.firstStep === undefined) globalThis.__marks.firstStep = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-demo-steps'] });
`;

interface Opened {
  page: Page;
  responses: Map<string, Buffer>;
}
async function open(browser: Browser, url: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.addInitScript(OBSERVE);
  const page = await context.newPage();
  const responses = new Map<string, Buffer>();
  page.on('response', (r) => void r.body().then((b) => responses.set(r.url(), b), () => undefined));
  // Dedicated Workers fetch their own script and chunks; their responses are the context's.
  context.on('response', (r) => void r.body().then((b) => responses.set(r.url(), b), () => undefined));
  await page.goto(origin + url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  return { page, responses };
}

const isCode = (u: string): boolean => /\.m?js(\?|$)/.test(u);
function bytes(responses: Map<string, Buffer>, filter: (u: string) => boolean) {
  const s = { code: 0, codeGzip: 0, data: 0, dataGzip: 0 };
  for (const [u, b] of responses) {
    if (!filter(u)) continue;
    const gz = gzipSync(b).length;
    if (isCode(u)) {
      s.code += b.length;
      s.codeGzip += gz;
    } else {
      s.data += b.length;
      s.dataGzip += gz;
    }
  }
  return s;
}
const underDemos = (u: string): boolean => u.includes('/assets/demos/');
const jsBeyondTheme = (responses: Map<string, Buffer>) => {
  let min = 0, gzip = 0;
  const files: string[] = [];
  for (const [u, b] of responses) {
    if (!isCode(u) || /\/theme([.-][\w-]+)?\.js/.test(u)) continue;
    min += b.length;
    gzip += gzipSync(b).length;
    files.push(`${decodeURIComponent(new URL(u).pathname)} ${b.length} B`);
  }
  return { min, gzip, files };
};

/** Settled: the page's responses are all read (bodies arrive after the response event). */
const settle = async (o: Opened) => {
  await o.page.waitForLoadState('networkidle');
  await o.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
};

/** A page expression: the frames painted over `ms` of wall clock (a measurement window, not a wait). */
const countFrames = (ms: number): string =>
  `new Promise((resolve) => { let n = 0; const t0 = performance.now(); (function f(now) { if (now - t0 >= ${ms}) resolve(n); else { n++; requestAnimationFrame(f); } })(t0); })`;

const SEVEN: [number, number][] = [[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]];

async function measure(browser: Browser, p: { url: string; demo: string | null }, backend: string): Promise<DemoBenchRow> {
  const row: DemoBenchRow = {
    page: decodeURIComponent(p.url), demo: p.demo ?? '—', backend, ran: '', jsBeforeView: { min: 0, gzip: 0, files: [] }, demoBytesBeforeView: 0,
    mounted: { code: 0, codeGzip: 0, data: 0, dataGzip: 0 }, training: { code: 0, codeGzip: 0, data: 0, dataGzip: 0 },
    firstStepMs: null, longestTaskMs: 0, longTasks: 0, framesPerSecond: 0, idleFramesPerSecond: 0, steps: 0, classifyMs: null,
  };
  const o = await open(browser, `${p.url}?backend=${encodeURIComponent(backend)}`);
  const { page } = o;
  try {
    await settle(o);
    row.jsBeforeView = jsBeyondTheme(o.responses);
    row.demoBytesBeforeView = bytes(o.responses, underDemos).code + bytes(o.responses, underDemos).data;
    if (!p.demo) return row;
    const fig = 'figure[data-demo]';
    await page.locator(fig).first().scrollIntoViewIfNeeded();
    await page.waitForFunction((sel) => {
      const s = document.querySelector<HTMLElement>(sel)?.dataset.demoState;
      return s === 'idle' || s === 'paused' || s === 'error';
    }, fig, { timeout: 240_000, polling: 100 });
    // The CNN samples its accuracy after mount; wait for it so "mounted" has all its data.
    if (p.demo === 'cnn') await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.demoTestAccuracy !== undefined, fig, { timeout: 240_000 });
    await settle(o);
    row.mounted = bytes(o.responses, underDemos);
    if (p.demo === 'cnn') {
      const box = (await page.locator(`${fig} canvas.cnn-pad`).boundingBox())!;
      const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
      await page.mouse.move(...at(SEVEN[0]!));
      await page.mouse.down();
      for (const q of SEVEN.slice(1)) await page.mouse.move(...at(q), { steps: 12 });
      await page.mouse.up();
      await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.demoPrediction !== undefined, fig, { timeout: 60_000 });
      row.classifyMs = Number(await page.$eval(fig, (el) => (el as HTMLElement).dataset.demoClassifyMs));
    }
    row.idleFramesPerSecond = ((await page.evaluate(countFrames(2000))) as number) / 2;
    const start = (await page.evaluate(`(() => { const t = performance.now(); document.querySelector('${fig} button.demo-play').click(); return t; })()`)) as number;
    await page.waitForFunction((sel) => Number(document.querySelector<HTMLElement>(sel)?.dataset.demoSteps) > 0, fig, { timeout: 300_000, polling: 50 });
    const firstStep = (await page.evaluate('globalThis.__marks.firstStep')) as number | undefined;
    row.firstStepMs = firstStep === undefined ? null : firstStep - start;
    // Frames painted over the training window (a measurement window, not a wait for a condition), with clicks on
    // the demo's speed readout (text: the click does nothing but reach the page) spread over it, timed by Event
    // Timing from input to the next frame.
    const counting = page.evaluate(countFrames(WINDOW_MS));
    const clickedAfter = performance.now();
    for (let i = 1; i <= CLICKS; i++) {
      await new Promise((r) => setTimeout(r, Math.max(0, (i * WINDOW_MS) / (CLICKS + 1) - (performance.now() - clickedAfter))));
      await page.click(`${fig} .demo-speed`, { timeout: 30_000 });
      row.clicks = i;
    }
    const frames = (await counting) as number;
    const events = ((await page.evaluate('globalThis.__events')) as { id: number; at: number; ms: number; delay: number }[]).filter((e) => e.at >= start);
    const byInteraction = new Map<number, { ms: number; delay: number }>();
    for (const e of events) {
      const had = byInteraction.get(e.id);
      if (!had || e.ms > had.ms) byInteraction.set(e.id, { ms: e.ms, delay: e.delay });
    }
    row.slowInteractions = [...byInteraction.values()];
    row.framesPerSecond = (frames * 1000) / WINDOW_MS;
    const long = ((await page.evaluate('globalThis.__long')) as { at: number; ms: number }[]).filter((l) => l.at >= start);
    row.longTasks = long.length;
    row.longestTaskMs = Math.max(0, ...long.map((l) => l.ms));
    row.longTaskTimes = long.map((l) => ({ afterPlayMs: Math.round(l.at - start), ms: Math.round(l.ms) }));
    const d = await page.$eval(fig, (el) => ({ ...(el as HTMLElement).dataset }));
    row.steps = Number(d.demoSteps);
    row.ran = d.demoBackend ?? '';
    await settle(o);
    row.training = bytes(o.responses, underDemos);
  } catch (error) {
    row.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  } finally {
    await page.context().close();
  }
  return row;
}

const rows: DemoBenchRow[] = [];
const loadBefore = loadavg()[0]!;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', ...(gpu ? chromiumArgs(true) : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu'])],
});
try {
  rows.push(await measure(browser, plain, 'reference'));
  for (const p of demoPages) for (const b of backends) rows.push(await measure(browser, p, b));
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}

const kb = (n: number): string => (n / 1024).toFixed(1);
const f = (v: number | null, d = 0): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));
console.log(`bench:demos — ${new Date().toISOString()}, Debian Chromium headless (${gpu ? 'GPU flags' : 'SwiftShader WebGL2'}), the built content/ served by src/server/static.ts; training window ${WINDOW_MS} ms; 1-min load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after\n`);
const plainRow = rows[0]!;
console.log(`Note without a demo (${decodeURIComponent(plain.url)}): ${plainRow.demoBytesBeforeView} B from assets/demos/; JavaScript beyond theme.js ${plainRow.jsBeforeView.min} B (${plainRow.jsBeforeView.gzip} B gzip)${plainRow.jsBeforeView.files.length ? `: ${plainRow.jsBeforeView.files.join(', ')}` : ''}\n`);
console.log('| demo | backend (ran) | JS before view KB (gzip) | mounted code KB (gzip) | mounted data KB (gzip) | training code KB (gzip) | training data KB (gzip) | Play → first step ms | longest task ms (count) | frames/s training (idle) | click → frame ms, slowest | steps | classify ms |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows.slice(1)) {
  const ran = r.error ? `error: ${r.error.slice(0, 80)}` : r.ran === r.backend ? r.backend : `${r.backend} (→ ${r.ran})`;
  console.log(`| ${r.demo} | ${ran} | ${kb(r.jsBeforeView.min)} (${kb(r.jsBeforeView.gzip)}) | ${kb(r.mounted.code)} (${kb(r.mounted.codeGzip)}) | ${kb(r.mounted.data)} (${kb(r.mounted.dataGzip)}) | ${kb(r.training.code)} (${kb(r.training.codeGzip)}) | ${kb(r.training.data)} (${kb(r.training.dataGzip)}) | ${f(r.firstStepMs)} | ${f(r.longestTaskMs)} (${r.longTasks}) | ${f(r.framesPerSecond, 1)} (${f(r.idleFramesPerSecond, 1)}) | ${clickCell(r)} | ${r.steps} | ${f(r.classifyMs, 1)} |`);
}
/** The slowest click's input-to-frame time, or "< 16" when every click was faster than Event Timing reports. */
function clickCell(r: DemoBenchRow): string {
  if (!r.clicks) return '—';
  const slow = r.slowInteractions ?? [];
  return slow.length ? `${Math.max(...slow.map((e) => e.ms))} (${slow.length} of ${r.clicks} ≥ 16)` : `< 16 (all ${r.clicks})`;
}
const withLong = rows.filter((r) => r.longTaskTimes?.length);
if (withLong.length) console.log(`\nLong tasks (ms after Play: ms): ${withLong.map((r) => `${r.demo} ${r.backend} ${r.longTaskTimes!.map((l) => `${l.afterPlayMs}: ${l.ms}`).join(', ')}`).join('; ')}`);
const json = arg('--json');
if (json) writeFileSync(json, JSON.stringify({ rows }, null, 2));
