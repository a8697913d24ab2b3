/**
 * `npx tsx scripts/bench/browser/demo-profile.ts [--demos mlp,cnn,lstm] [--backends reference,gpu.js-webgl2]
 * [--window ms] [--trace dir] [--from-play] [--tasks-over ms]`: where a demo's frames go while it trains (`--from-play`: the window
 * starts at Play instead of after the first steps, to see what starting costs). Builds `content/` as `bench:demos` does,
 * opens each demo note, presses Play, and over the window records a Chrome trace (devtools timeline categories,
 * via playwright's `browser.startTracing`) and the CPU time of every Chromium process (from `/proc`). Prints, per
 * run: frames painted, the busy time of the page's main thread by what ran (script, style/layout, paint, GC …),
 * of the compositor, the Worker and the GPU process's main thread, and each process type's CPU share.
 *
 * A diagnosis tool, not a benchmark: tracing costs time itself; read the shares, not the absolute frames.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { folderSource, serveFrom } from '../../../src/server/static.js';
import { build } from '../../../src/site/build.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const WINDOW_MS = Number(arg('--window') ?? 4000);
const traceDir = arg('--trace');
const fromPlay = process.argv.includes('--from-play');
/** Tasks longer than this are listed with what ran inside them (`--tasks-over ms`). */
const TASKS_OVER_MS = Number(arg('--tasks-over') ?? 50);

const out = mkdtempSync(path.join(tmpdir(), 'danlu-profile-demos-'));
const result = await build({ siteDir: repo, contentDir: path.join(repo, 'content'), outDir: out, cacheDir: false });
if (!result.ok) throw new Error('build failed');
const server = createServer((req, res) => serveFrom(folderSource(out), '/', req, res, { log: () => {} }));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function demoPages(dir: string, rel = ''): { url: string; demo: string }[] {
  const found: { url: string; demo: string }[] = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = path.join(rel, name);
    if (statSync(path.join(dir, r)).isDirectory()) {
      if (r !== 'assets') found.push(...demoPages(dir, r));
    } else if (name === 'index.html') {
      const demo = /data-demo="(\w+)"/.exec(readFileSync(path.join(dir, r), 'utf8'))?.[1];
      if (demo) found.push({ url: `/${rel.split(path.sep).map(encodeURIComponent).join('/')}/`, demo });
    }
  }
  return found;
}
const all = demoPages(out).sort((a, b) => (a.url.includes('about') ? 1 : 0) - (b.url.includes('about') ? 1 : 0));

/** CPU ticks (user + system) of every process whose command line names chromium, by its --type. */
function chromiumCpu(): Map<string, number> {
  const byType = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      const utility = type === 'utility' ? `:${/--utility-sub-type=([\w.]+)/.exec(cmd)?.[1] ?? ''}` : '';
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]);
      byType.set(type + utility, (byType.get(type + utility) ?? 0) + ticks);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return byType;
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, unknown>; cat?: string }

/** Busy ms of each named thread (top-level tasks) and, for the page's main thread, by the events inside them. */
function summarize(events: TraceEvent[], windowMs: number): string[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String((e.args as { name: string }).name));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const k = `${e.pid}:${e.tid}`;
    let list = byThread.get(k);
    if (!list) byThread.set(k, (list = []));
    list.push(e);
  }
  const lines: string[] = [];
  for (const [k, list] of byThread) {
    const name = names.get(k) ?? k;
    if (!/CrRendererMain|Compositor|DedicatedWorker|CrGpuMain|VizCompositor|CrBrowserMain/.test(name)) continue;
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    // Top-level: events not inside an earlier one.
    let end = -Infinity, busy = 0, longest = 0;
    const top: TraceEvent[] = [];
    for (const e of list) {
      if (e.ts >= end) {
        top.push(e);
        busy += e.dur!;
        longest = Math.max(longest, e.dur!);
        end = e.ts + e.dur!;
      }
    }
    lines.push(`  ${name.padEnd(24)} busy ${(busy / 1000).toFixed(0).padStart(5)} ms (${((busy / 1000 / windowMs) * 100).toFixed(0)} %), ${top.length} tasks, longest ${(longest / 1000).toFixed(1)} ms`);
    if (/CrRendererMain|DedicatedWorker/.test(name)) {
      // Self time by event name (time in an event minus its children), the 14 largest.
      const self = new Map<string, number>();
      const stack: TraceEvent[] = [];
      for (const e of list) {
        while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
        const parent = stack.at(-1);
        if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
        self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
        stack.push(e);
      }
      const top14 = [...self].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 14);
      lines.push(`    self: ${top14.map(([n, v]) => `${n} ${(v / 1000).toFixed(0)}`).join(', ')}`);
      // Each task over TASKS_OVER_MS, with what inside it took longest (script by function and file).
      for (const t of top.filter((e) => e.dur! > TASKS_OVER_MS * 1000)) {
        const inside = list.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
        const label = (e: TraceEvent): string => {
          const d = (e.args?.data ?? {}) as { functionName?: string; url?: string; type?: string };
          return `${e.name}${d.functionName ? ` ${d.functionName}` : ''}${d.url ? ` ${String(d.url).replace(/^.*\//, '')}` : ''}${d.type ? ` ${d.type}` : ''}`;
        };
        const biggest = inside.sort((a, b) => b.dur! - a.dur!).slice(0, 8).map((e) => `${label(e)} ${(e.dur! / 1000).toFixed(1)}`);
        lines.push(`    task of ${(t.dur! / 1000).toFixed(1)} ms at +${((t.ts - list[0]!.ts) / 1000).toFixed(0)} ms: ${biggest.join('; ')}`);
      }
    }
  }
  return lines;
}

const demos = (arg('--demos') ?? 'mlp,cnn,lstm').split(',');
const backends = (arg('--backends') ?? 'reference,gpu.js-webgl2').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
try {
  for (const demo of demos) {
    const p = all.find((x) => x.demo === demo);
    if (!p) continue;
    for (const backend of backends) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${origin}${p.url}?backend=${encodeURIComponent(backend)}`, { waitUntil: 'load' });
      const fig = 'figure[data-demo]';
      await page.locator(fig).first().scrollIntoViewIfNeeded();
      await page.waitForFunction((sel) => ['idle', 'paused', 'error'].includes(document.querySelector<HTMLElement>(sel)?.dataset.demoState ?? ''), fig, { timeout: 240_000 });
      if (demo === 'cnn') await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.demoTestAccuracy !== undefined, fig, { timeout: 240_000 });
      const trace = () => browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8', 'blink', 'cc', 'gpu', 'viz', 'toplevel'] });
      if (fromPlay) await trace();
      await page.evaluate(`document.querySelector('${fig} button.demo-play').click()`);
      if (!fromPlay) {
        await page.waitForFunction((sel) => Number(document.querySelector<HTMLElement>(sel)?.dataset.demoSteps) > 0, fig, { timeout: 300_000 });
        // Past the first steps (cold code, compiles): the steady state is what the reader sees for minutes.
        await page.waitForFunction((sel) => Number(document.querySelector<HTMLElement>(sel)?.dataset.demoSteps) > 3, fig, { timeout: 300_000 });
      }
      const steps0 = Number(await page.$eval(fig, (el) => (el as HTMLElement).dataset.demoSteps));
      if (!fromPlay) await trace();
      const cpu0 = chromiumCpu();
      const frames = (await page.evaluate(`new Promise((resolve) => { let n = 0; const t0 = performance.now(); (function f(now) { if (now - t0 >= ${WINDOW_MS}) resolve(n); else { n++; requestAnimationFrame(f); } })(t0); })`)) as number;
      const cpu1 = chromiumCpu();
      const buf = await browser.stopTracing();
      const steps1 = Number(await page.$eval(fig, (el) => (el as HTMLElement).dataset.demoSteps));
      const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
      if (traceDir) writeFileSync(path.join(traceDir, `${demo}-${backend}.json`), buf);
      const hz = 100;
      const cpu = [...cpu1].map(([t, v]) => `${t} ${(((v - (cpu0.get(t) ?? 0)) / hz / (WINDOW_MS / 1000)) * 100).toFixed(0)} %`).join(', ');
      console.log(`${demo} ${backend}: ${((frames * 1000) / WINDOW_MS).toFixed(1)} frames/s, ${steps1 - steps0} steps in ${WINDOW_MS} ms, load ${loadavg()[0]!.toFixed(1)}`);
      console.log(`  CPU of one core: ${cpu}`);
      for (const l of summarize(events, WINDOW_MS)) console.log(l);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
