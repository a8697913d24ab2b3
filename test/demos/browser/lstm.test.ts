/**
 * The LSTM demo in Debian Chromium with the bundle the site ships: with `?autostart` it loads and trains (steps
 * rise, loss falls below a bound within a step bound) on the noisy sine and on a text, draws the gate heatmap and
 * the plot, pausing stops the steps and the step button adds one; `?backend=gpu.js-webgl2` trains on SwiftShader
 * in the training Worker with the reference's losses step for step (switching to gpu.js-cpu goes to the Worker too); with WebGL off it still trains (and a WebGL backend asked for falls
 * back). Prints the time from navigation to the first step and the longest main-thread task while training.
 * Screenshots go to test-artifacts/demos/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { applySchema } from '../../../src/demos/options.js';
import { lstmSchema, type LstmConfig } from '../../../src/demos/lstm/config.js';
import { dataFor, modelFor } from '../../../src/demos/lstm/model.js';
import { demoBundle, figure, hasChromium, launch, openDemoPage, waitForDemo, waitStepsStill } from './harness.js';

const skip = hasChromium() ? false : 'Debian Chromium (/usr/bin/chromium) is not installed';
const ARTIFACTS = 'test-artifacts/demos';
const ROOT = 'figure[data-demo="lstm"]';
/** The sine's MSE starts near 0.25 (the data's variance / 2); the demo's defaults reach 0.005 in ~100 steps in Node. */
const SINE_BOUND = 0.01, SINE_MAX_STEPS = 1500;
/** Cross-entropy over "hello world " starts near ln 8 ≈ 2.1; Node reaches 0.04 in ~100 steps. */
const TEXT_BOUND = 0.1, TEXT_MAX_STEPS = 1500;

const num = (page: Page, attr: string): Promise<number> => page.$eval(ROOT, (el, a) => Number((el as HTMLElement).dataset[a]), attr);

/** Non-transparent pixels and distinct colours of a canvas in the demo. */
function inked(page: Page, selector: string): Promise<{ inked: number; colours: number; total: number }> {
  return page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3]! > 0) {
        n++;
        colours.add((d[i]! << 24) | (d[i + 1]! << 16) | (d[i + 2]! << 8) | d[i + 3]!);
      }
    }
    return { inked: n, colours: colours.size, total: d.length / 4 };
  });
}

/** Clicks "Step" `n` times, each time waiting for the step to be reported; returns the reported loss. */
async function stepBy(page: Page, n: number): Promise<number> {
  for (let i = 0; i < n; i++) {
    const before = await num(page, 'demoSteps');
    await page.click(`${ROOT} button.demo-step`);
    await waitForDemo(page, ROOT, `Number(d.demoSteps) === ${before + 1}`);
  }
  return num(page, 'demoLoss');
}

/** Longest main-thread tasks (> 50 ms, PerformanceObserver) while the demo trains `steps` more steps. */
async function longTasksOver(page: Page, steps: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __obs?: PerformanceObserver };
    w.__long = [];
    w.__obs?.disconnect();
    w.__obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    });
    w.__obs.observe({ type: 'longtask' });
  });
  const from = await num(page, 'demoSteps');
  await waitForDemo(page, ROOT, `Number(d.demoSteps) >= ${from + steps}`);
  return page.evaluate(() => (window as unknown as { __long: number[] }).__long);
}

const defaults = (o: Partial<LstmConfig> = {}): LstmConfig => ({ ...(applySchema(lstmSchema, {}).config as LstmConfig), ...o });

test('LSTM demo in Chromium: sine and text train, gates drawn, pause/step, webgl2 matches the reference, no-WebGL fallback', { skip, timeout: 1_500_000 }, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  let browser: Browser | undefined = await launch();
  try {
    // 1. The sine with ?autostart: steps rise, loss falls below the bound within the step bound.
    {
      const p = await openDemoPage(browser, figure('lstm', {}), { query: '?autostart' });
      const { page } = p;
      // Time and loss of the first reported step, read in the page on the frame it appears.
      const first = await (await page.waitForFunction((sel) => {
        const d = document.querySelector<HTMLElement>(sel)?.dataset;
        return d && Number(d.demoSteps) > 0 ? { ms: performance.now(), loss: Number(d.demoLoss), steps: Number(d.demoSteps) } : false;
      }, ROOT, { timeout: 240_000, polling: 'raf' })).jsonValue() as { ms: number; loss: number; steps: number };
      const firstStepMs = first.ms, firstLoss = first.loss;
      assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoState), 'running');
      assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoBackend), 'reference');
      await waitForDemo(page, ROOT, `Number(d.demoLoss) < ${SINE_BOUND} || Number(d.demoSteps) > ${SINE_MAX_STEPS}`);
      const steps = await num(page, 'demoSteps'), loss = await num(page, 'demoLoss');
      t.diagnostic(`sine: first step reported ${firstStepMs.toFixed(0)} ms after navigation start (step ${first.steps}); loss ${firstLoss} → ${loss} at step ${steps}`);
      assert.ok(loss < SINE_BOUND && steps <= SINE_MAX_STEPS, `loss ${loss} at step ${steps}`);
      assert.ok(loss < firstLoss);
      // Long tasks while training (warm code): repeated, since contention on this shared machine makes some.
      // A loop that blocked would make long tasks in every window; under load 7–10 on this 2-core machine the
      // renderer is descheduled mid-task (200–380 ms "tasks" were seen) and some windows get them anyway, so up to
      // 12 windows are tried.
      const attempts: number[][] = [];
      for (let i = 0; i < 4; i++) {
        const long = await longTasksOver(page, 100);
        attempts.push(long);
        if (long.length === 0) break;
      }
      t.diagnostic(`sine: long tasks (> 50 ms) per 100-step window: ${attempts.map((a) => `[${a.map((d) => d.toFixed(0)).join(', ')}]`).join(' ')}`);
      // The < 50 ms budget is `npm run bench:demos`'s (BENCHMARKS.md); a test on a shared machine asserts what
      // holds on any load: training yields, so frames are painted while it trains 100 steps.
      const painted = (await page.evaluate(`new Promise((resolve) => {
        let n = 0;
        const root = document.querySelector('${ROOT}');
        const end = Number(root.dataset.demoSteps) + 100;
        const f = () => { n++; if (Number(root.dataset.demoSteps) >= end) resolve(n); else requestAnimationFrame(f); };
        requestAnimationFrame(f);
      })`)) as number;
      t.diagnostic(`sine: ${painted} frames painted while 100 steps trained`);
      assert.ok(attempts[attempts.length - 1]!.length === 0 || painted >= 3, `${painted} frames painted over 100 steps`);
      // The heatmap and the plot are drawn: many inked pixels, many colours (a gradient of gate values).
      const heat = await inked(page, `${ROOT} canvas.lstm-heat`), plot = await inked(page, `${ROOT} canvas.lstm-plot`);
      t.diagnostic(`heatmap ${heat.inked}/${heat.total} px inked, ${heat.colours} colours; plot ${plot.inked} px`);
      assert.ok(heat.inked > heat.total * 0.3 && heat.colours > 50, `heatmap ${JSON.stringify(heat)}`);
      assert.ok(plot.inked > 500, `plot ${JSON.stringify(plot)}`);
      const label = await page.$eval(`${ROOT} canvas.lstm-heat`, (c) => c.getAttribute('aria-label'));
      assert.match(label ?? '', /遗忘门均值 0\.\d\d/);
      const speed = await page.$eval(`${ROOT} .demo-speed`, (e) => e.textContent);
      t.diagnostic(`speed readout: ${speed}`);
      assert.match(speed ?? '', /timesteps\/s on reference/);
      await page.screenshot({ path: `${ARTIFACTS}/lstm-sine.png`, fullPage: true });
      // Pause: steps stop; one step adds exactly one; play again: they rise.
      await page.click(`${ROOT} button.demo-play`);
      await waitForDemo(page, ROOT, `d.demoState === 'paused'`);
      await waitStepsStill(page, ROOT, 1500);
      const paused = await num(page, 'demoSteps');
      // The machine's own noise: long tasks over a stretch with the demo paused (nothing to train or redraw).
      // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
      const idle = (await page.evaluate(`new Promise((resolve) => {
        const long = [];
        const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration)));
        obs.observe({ type: 'longtask' });
        let frames = 0;
        const tick = () => { if (++frames < 60) requestAnimationFrame(tick); else { obs.disconnect(); resolve(long); } };
        requestAnimationFrame(tick);
      })`)) as number[];
      t.diagnostic(`paused, 60 frames: long tasks [${idle.map((d) => d.toFixed(0)).join(', ')}]`);
      await waitStepsStill(page, ROOT, 1500);
      assert.equal(await num(page, 'demoSteps'), paused, 'steps stay put while paused');
      await stepBy(page, 1);
      assert.equal(await num(page, 'demoSteps'), paused + 1);
      // Play again from the keyboard: Space on the focused play button.
      await page.focus(`${ROOT} button.demo-play`);
      await page.keyboard.press('Space');
      await waitForDemo(page, ROOT, `d.demoState === 'running' && Number(d.demoSteps) > ${paused + 20}`);
      // Switch backend while training: gpu.js cpu continues from the learnt weights (the loss stays low).
      await page.selectOption(`${ROOT} select.demo-backend`, 'gpu.js-cpu');
      await waitForDemo(page, ROOT, `d.demoBackend === 'gpu.js-cpu'`);
      const switched = await num(page, 'demoSteps');
      await waitForDemo(page, ROOT, `Number(d.demoSteps) > ${switched + 10}`);
      // The readout is redrawn in the demo's redraw frames (every 150 ms), not at each report.
      await page.waitForFunction((sel) => /gpu\.js-cpu \(in a Worker\)/.test(document.querySelector(`${sel} .demo-speed`)?.textContent ?? ''), ROOT, { timeout: 60_000, polling: 100 });
      const after = await num(page, 'demoLoss');
      t.diagnostic(`switched to gpu.js-cpu at step ${switched}: loss ${after}`);
      assert.ok(after < 0.05, `loss after the switch ${after}`);
      assert.deepEqual(p.errors, []);
      await page.context().close();
    }

    // 2. Text mode: cross-entropy falls below the bound, the continuation is made of the text.
    {
      const p = await openDemoPage(browser, figure('lstm', { sequence: 'text', text: 'hello world ' }), { query: '?autostart' });
      const { page } = p;
      await waitForDemo(page, ROOT, `Number(d.demoLoss) < ${TEXT_BOUND} || Number(d.demoSteps) > ${TEXT_MAX_STEPS}`);
      const steps = await num(page, 'demoSteps'), loss = await num(page, 'demoLoss');
      assert.ok(loss < TEXT_BOUND && steps <= TEXT_MAX_STEPS, `text: loss ${loss} at step ${steps}`);
      // The drawing is throttled: wait for a continuation that follows the text.
      await page.waitForFunction((sel) => /world/.test(document.querySelector(`${sel} .lstm-gen output`)?.textContent ?? ''), ROOT, { timeout: 120_000, polling: 200 });
      const gen = await page.$eval(`${ROOT} .lstm-gen output`, (e) => e.textContent ?? '');
      t.diagnostic(`text: loss ${loss} at step ${steps}; continuation ${JSON.stringify(gen)}`);
      assert.ok([...gen].every((c) => 'helo wrd'.includes(c)), gen);
      const heat = await inked(page, `${ROOT} canvas.lstm-heat`);
      assert.ok(heat.inked > heat.total * 0.3, `heatmap ${JSON.stringify(heat)}`);
      await page.screenshot({ path: `${ARTIFACTS}/lstm-text.png`, fullPage: true });
      // Reset (paused): back to step 0 and the seed's weights, so the next step's loss is the untrained one again.
      await page.click(`${ROOT} button.demo-play`);
      await waitForDemo(page, ROOT, `d.demoState === 'paused'`);
      await page.click(`${ROOT} button.demo-reset`);
      await waitForDemo(page, ROOT, 'Number(d.demoSteps) === 0');
      const fresh = await stepBy(page, 1);
      const cfg = defaults({ sequence: 'text', text: 'hello world ' }), data = dataFor(cfg);
      const untrained = modelFor(cfg, data).trainBatch(data.x, data.y);
      t.diagnostic(`text: after reset, step 1 loss ${fresh} (a fresh model in Node: ${untrained})`);
      assert.ok(Math.abs(fresh - untrained) < 1e-4, `${fresh} vs ${untrained}`);
      assert.deepEqual(p.errors, []);
      await page.context().close();
    }

    // 3. Phone, dark, reduced motion: nothing wider than 390 px, still trains.
    {
      const p = await openDemoPage(browser, figure('lstm', {}), { query: '?autostart', viewport: { width: 390, height: 844 }, colorScheme: 'dark', reducedMotion: 'reduce', hasTouch: true });
      const { page } = p;
      await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 50');
      await page.waitForFunction((sel) => {
        const c = document.querySelector<HTMLCanvasElement>(`${sel} canvas.lstm-heat`)!;
        return c.width > 1 && c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0);
      }, ROOT, { timeout: 120_000, polling: 200 });
      const widths = await page.$eval(ROOT, (el) => ({ doc: document.documentElement.scrollWidth, demo: (el.querySelector('.demo-lstm') as HTMLElement).scrollWidth }));
      assert.ok(widths.doc <= 390 && widths.demo <= 390, JSON.stringify(widths));
      await page.screenshot({ path: `${ARTIFACTS}/lstm-phone-dark.png`, fullPage: true });
      assert.deepEqual(p.errors, []);
      await page.context().close();
    }

    // 4. gpu.js webgl2 on SwiftShader, stepped by hand: the same losses as the reference, step for step.
    {
      const cfg = defaults();
      const data = dataFor(cfg), ref = modelFor(cfg, data);
      const N = 8;
      const refLosses = Array.from({ length: N }, () => ref.trainBatch(data.x, data.y));
      const p = await openDemoPage(browser, figure('lstm', {}), { query: '?backend=gpu.js-webgl2' });
      const { page } = p;
      await waitForDemo(page, ROOT, `d.demoState === 'paused'`);
      assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoBackend), 'gpu.js-webgl2');
      const losses: number[] = [];
      for (let i = 0; i < N; i++) losses.push(await stepBy(page, 1));
      t.diagnostic(`webgl2 losses ${losses.map((v) => v.toFixed(6)).join(' ')}; reference ${refLosses.map((v) => v.toFixed(6)).join(' ')}`);
      losses.forEach((v, i) => assert.ok(Math.abs(v - refLosses[i]!) <= 1e-3 * Math.max(1, refLosses[i]!) + 1e-4, `step ${i + 1}: ${v} vs ${refLosses[i]}`));
      assert.ok(losses[N - 1]! < losses[0]!);
      // gpu.js trains in the Worker; the page draws from a reference copy of the weights it sends.
      const where = await page.$eval(`${ROOT} .demo-speed`, (e) => `${e.textContent} [${e.getAttribute('title')}]`);
      t.diagnostic(`webgl2 readout: ${where}`);
      assert.match(where, /gpu\.js-webgl2 \(in a Worker\).*gpu\.js webgl2/);
      const heat = await inked(page, `${ROOT} canvas.lstm-heat`);
      assert.ok(heat.inked > heat.total * 0.3, `heatmap ${JSON.stringify(heat)}`);
      await page.screenshot({ path: `${ARTIFACTS}/lstm-webgl2.png`, fullPage: true });
      assert.deepEqual(p.errors, []);
      await page.context().close();
    }
    await browser.close();
    browser = undefined;

    // 5. WebGL off: it trains on the reference; a WebGL backend asked for falls back to it and says so.
    browser = await launch({ webgl: false });
    for (const query of ['?autostart', '?autostart&backend=gpu.js-webgl2']) {
      const p = await openDemoPage(browser, figure('lstm', {}), { query });
      const { page } = p;
      await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 30');
      assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoBackend), 'reference');
      const first = await num(page, 'demoLoss');
      await waitForDemo(page, ROOT, `Number(d.demoLoss) < ${first / 2}`);
      if (query.includes('backend')) {
        const opt = await page.$eval(`${ROOT} select.demo-backend option[value="gpu.js-webgl2"]`, (o) => ({ disabled: (o as HTMLOptionElement).disabled, text: o.textContent }));
        assert.ok(opt.disabled, JSON.stringify(opt));
      }
      t.diagnostic(`WebGL off (${query}): trains on reference, loss ${first} → below ${first / 2}`);
      assert.deepEqual(p.errors, []);
      await page.context().close();
    }
  } finally {
    await browser?.close();
  }
});

test('LSTM demo: gpu.js-webgl2 picked where the Worker has no WebGL goes on with the reference on the page and says so', { skip, timeout: 600_000 }, async () => {
  const browser = await launch();
  try {
    const p = await openDemoPage(browser, figure('lstm', {}), { query: '?autostart' });
    const { page } = p;
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 10');
    // The Worker's script with WebGL knocked out before gpu.js loads (it is imported on demand there).
    const files = (await demoBundle()).files;
    await page.route('**/demos/worker-*.js', (route) => {
      const file = files.get(new URL(route.request().url()).pathname.slice('/demos/'.length));
      return route.fulfill({ contentType: 'text/javascript', body: `OffscreenCanvas.prototype.getContext = function () { return null; };\n${Buffer.from(file ?? new Uint8Array()).toString('utf8')}` });
    });
    await page.selectOption(`${ROOT} select.demo-backend`, 'gpu.js-webgl2');
    await page.waitForFunction((sel) => /gpu\.js-webgl2 无法在 Worker 中运行/.test(document.querySelector(`${sel} .lstm-note`)?.textContent ?? ''), ROOT, { timeout: 240_000, polling: 100 });
    await waitForDemo(page, ROOT, "d.demoBackend === 'reference'");
    const from = await num(page, 'demoSteps');
    await waitForDemo(page, ROOT, `Number(d.demoSteps) > ${from + 20}`);
    const opt = await page.$eval(`${ROOT} select.demo-backend option[value="gpu.js-webgl2"]`, (o) => (o as HTMLOptionElement).disabled);
    assert.ok(opt, 'webgl2 is marked unavailable');
    assert.match((await page.textContent(`${ROOT} .lstm-note`)) ?? '', /改用 reference/);
    await page.context().close();
  } finally {
    await browser.close();
  }
});
