/**
 * Backend choice cached per device, in headless Chromium: the first page load times the candidates and stores its
 * pick in localStorage under the GL renderer string and the workload; a reload (same profile) builds the stored
 * backend without a single timing step; the pick is the fastest of the candidates timed warm; a stored pick that
 * is not among the candidates, or another workload, is measured afresh. Skipped without /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SelectReport } from './select-cache-entry.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));

test('selectBackend caches its pick per GL renderer and workload: a reload times nothing and gets the fastest backend', { timeout: 300_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
  const { chromium } = await import('playwright-core');
  const esbuild = await import('esbuild');
  const bundle = await esbuild.build({ entryPoints: [join(here, 'select-cache-entry.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  const js = bundle.outputFiles[0]!.text;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  try {
    const context = await browser.newContext();
    // One origin for both loads, so they share localStorage as two visits of a reader would.
    await context.route('http://localhost/**', (r) => {
      const path = new URL(r.request().url()).pathname;
      if (path === '/entry.js') return r.fulfill({ contentType: 'text/javascript', body: js });
      return r.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body><script type="module" src="/entry.js"></script></body></html>' });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const load = async (): Promise<SelectReport> => {
      await page.waitForFunction(() => typeof (globalThis as { runSelect?: unknown }).runSelect === 'function');
      return page.evaluate(() => (globalThis as unknown as { runSelect: () => Promise<SelectReport> }).runSelect());
    };

    await page.goto('http://localhost/note/');
    const first = await load();
    t.diagnostic(`first load: ${first.backend} in ${first.wallMs.toFixed(0)} ms, ${first.steps} steps timed, long tasks [${first.longTasks.map((d) => d.toFixed(0)).join(', ')}]; ${first.timings.map((c) => `${c.backend} ${c.msPerStep?.toFixed(3) ?? c.note}`).join('; ')}`);
    assert.equal(first.fromCache, false);
    assert.ok(first.steps > 0, 'the first load timed steps');
    assert.equal(first.stored, first.backend, 'the pick is stored');
    assert.ok(first.key.includes(first.renderer ?? 'no-webgl') && first.key.includes('mlp 2-8-8-1'), first.key);
    assert.equal(first.trainedModel, false, 'the model handed back had trained');
    if (first.renderer && /swiftshader/i.test(first.renderer)) {
      // Software GL is skipped before a gpu.js context is made (no compile on the page for it).
      const gl = first.timings.find((c) => c.backend === 'gpu.js-webgl2');
      assert.match(gl?.note ?? '', /software GL renderer/);
    }

    await page.reload();
    const second = await load();
    t.diagnostic(`second load: ${second.backend} in ${second.wallMs.toFixed(0)} ms, ${second.steps} steps, ${second.builds} builds, long tasks [${second.longTasks.map((d) => d.toFixed(0)).join(', ')}]`);
    assert.equal(second.fromCache, true, 'the reload used the stored pick');
    assert.equal(second.steps, 0, 'the reload timed steps');
    assert.equal(second.builds, 1, 'the reload built one model');
    assert.equal(second.backend, first.backend);
    assert.match(second.timings[0]?.note ?? '', /^cached/);

    // Still right: the stored pick is the fastest candidate timed warm here (within 1.5×, min of interleaved rounds).
    // A timing disturbed by this shared machine is taken again, up to 3 times, each printed; a wrong pick is wrong
    // in every one.
    let ok = false;
    let last = '';
    for (let attempt = 1; attempt <= 3 && !ok; attempt++) {
      const truth = await page.evaluate(() => (globalThis as unknown as { timeCandidates: () => Promise<Record<string, number>> }).timeCandidates());
      const fastest = Math.min(...Object.values(truth));
      last = `cached ${second.backend} ${truth[second.backend]} ms/step vs fastest ${fastest}`;
      t.diagnostic(`warm ms/step (attempt ${attempt}): ${Object.entries(truth).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
      ok = truth[second.backend]! <= 1.5 * fastest;
    }
    assert.ok(ok, last);

    // A stored pick that is not a candidate (an old name) is measured again and overwritten.
    await page.evaluate((key) => localStorage.setItem(key, 'gpu.js-gone'), first.key);
    await page.reload();
    const third = await load();
    assert.equal(third.fromCache, false);
    assert.ok(third.steps > 0);
    assert.equal(third.stored, third.backend);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
