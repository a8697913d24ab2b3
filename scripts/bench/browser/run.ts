/**
 * `npm run bench:browser` (or `npx tsx scripts/bench/browser/run.ts [--json file] [--backends a,b]`): the three demo
 * workloads (MLP 2-8-8-1 on two spirals, batch 32; the ConvNetJS net on synthetic 28×28 strokes, batch 20; LSTM
 * 1-20-1 on 16 sine sequences × 20) trained in headless Chromium through `train()` on the page, on each backend that
 * starts, and through the training Worker (reference), with the longest main-thread task while each trained.
 * Not yet: TF.js and ConvNetJS in the same page, readbacks per step. Software GL (SwiftShader) says nothing of speed.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { BrowserRow } from './entry.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const backends = (arg('--backends') ?? 'reference,gpu.js-webasm,gpu.js-cpu,gpu.js-webgl2').split(',');
const gpuFlags = process.argv.includes('--gpu') ? ['--enable-gpu', '--ignore-gpu-blocklist'] : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

const bundle = async (entry: string): Promise<string> =>
  (await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' })).outputFiles[0]!.text;
const [pageJs, workerJs] = await Promise.all([bundle(join(here, 'entry.ts')), bundle(join(here, '../../../src/engine/worker/worker.ts'))]);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new', ...gpuFlags] });
const rows: BrowserRow[] = [];
try {
  const page = await browser.newPage();
  await page.route('http://localhost/**', (r) =>
    r.request().url().endsWith('/worker.js')
      ? r.fulfill({ contentType: 'text/javascript', body: workerJs })
      : r.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body></body></html>' }),
  );
  await page.goto('http://localhost/');
  await page.addScriptTag({ content: pageJs });
  type G = {
    benchOnPage(w: string, b: string, batch: number): Promise<BrowserRow>;
    benchInWorker(w: string, b: string, batch: number, url: string): Promise<BrowserRow>;
  };
  for (const w of ['mlp', 'cnn', 'lstm']) {
    for (const b of backends) rows.push(await page.evaluate(([w, b]) => (globalThis as unknown as G).benchOnPage(w!, b!, 20), [w, b]));
    rows.push(await page.evaluate(([w]) => (globalThis as unknown as G).benchInWorker(w!, 'reference', 20, 'http://localhost/worker.js'), [w]));
  }
} finally {
  await browser.close();
}
const f = (v: number, d = 0): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
console.log(`bench:browser — ${new Date().toISOString()}, Chromium headless (${process.argv.includes('--gpu') ? 'GPU flags' : 'SwiftShader'}), minified bundles\n`);
console.log('| workload | where | backend | per second | ÷ page reference | first step ms | longest main-thread task ms | frames | steps | loss first → last |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) {
  const ref = rows.find((x) => x.workload === r.workload && x.where === 'page' && x.backend.startsWith('reference'));
  const ratio = ref && ref.perSecond > 0 ? r.perSecond / ref.perSecond : NaN;
  console.log(`| ${r.workload} | ${r.where} | ${r.error ? `${r.backend}: ${r.error.slice(0, 60)}` : r.backend.slice(0, 60)} | ${f(r.perSecond)} | ${f(ratio, 2)} | ${r.firstStepMs === null ? '—' : f(r.firstStepMs, 1)} | ${f(r.longestTaskMs)} | ${r.frames} | ${r.steps} | ${f(r.lossFirst, 4)} → ${f(r.lossLast, 4)} |`);
}
const json = arg('--json');
if (json) writeFileSync(json, JSON.stringify({ rows }, null, 2));
