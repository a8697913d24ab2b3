/**
 * The MLP playground in headless Chromium, through the bundle the site ships: with `?autostart` it trains and its
 * loss falls under a bound within a step bound (circle, XOR); pausing stops the steps; `?backend=gpu.js-webgl2`
 * runs on SwiftShader and its loss after the same steps matches the reference's, on the page and (the "in a
 * Worker" switch) in the training Worker; with WebGL off it still trains
 * (and the GL backends are offered as unavailable); clicking a point shows its δ with the note's arithmetic; a
 * 390 px touch phone can place points; the keyboard reaches the plane and every control is labelled; a shared URL
 * restores the configuration; the reference path loads no gpu.js. Screenshots (light, dark, phone)
 * go to test-artifacts/demos/. Measured and printed: time from the demo's start to its first training report, and
 * the longest main-thread task while training; asserted: the page keeps painting while it trains (the < 50 ms
 * budget is measured by `npm run bench:demos`, since on a shared machine long tasks are also the scheduler's).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoBundle, figure, hasChromium, launch, openDemoPage, waitForDemo } from './harness.js';

const ARTIFACTS = new URL('../../../test-artifacts/demos/', import.meta.url);
const ROOT = 'figure[data-demo="mlp"]';
const skip = hasChromium() ? false : 'no Chromium at /usr/bin/chromium';

/** The demo root's data-demo-* attributes. */
const status = (page: Page) =>
  page.evaluate((sel) => {
    const d = document.querySelector<HTMLElement>(sel)!.dataset;
    return { state: d.demoState, backend: d.demoBackend, steps: Number(d.demoSteps), loss: Number(d.demoLoss) };
  }, ROOT);

/** The first loss the demo reported (before or at its first steps) and the step it was reported at. */
const firstLoss = async (page: Page) => {
  const m = (await page.evaluate('globalThis.__marks')) as { firstLoss?: number; firstLossSteps?: number };
  return { loss: m.firstLoss ?? NaN, steps: m.firstLossSteps ?? NaN };
};

/** Resolves after `n` animation frames of the page (a condition over frames, not a sleep). */
const frames = (page: Page, n: number) => page.evaluate(`new Promise((resolve) => { let k = ${n}; (function f() { if (--k <= 0) resolve(true); else requestAnimationFrame(f); })(); })`);

/** Records, from page start, long tasks and when the demo started and first reported steps. */
const OBSERVE = `
  globalThis.__long = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) globalThis.__long.push({ at: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch {}
  globalThis.__marks = {};
  new MutationObserver(() => {
    const el = document.querySelector('figure[data-demo="mlp"]');
    if (!el) return;
    const m = globalThis.__marks, now = performance.now();
    if (el.dataset.demoState === 'loading' && m.loading === undefined) m.loading = now;
    if (el.dataset.demoState === 'running' && m.running === undefined) m.running = now;
    if (Number(el.dataset.demoSteps) > 0 && m.firstSteps === undefined) { m.firstSteps = now; m.firstStepCount = Number(el.dataset.demoSteps); }
    if (Number(el.dataset.demoSteps) >= 200 && m.warm === undefined) m.warm = now;
    if (el.dataset.demoLoss !== undefined && m.firstLoss === undefined) { m.firstLoss = Number(el.dataset.demoLoss); m.firstLossSteps = Number(el.dataset.demoSteps ?? 0); }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-demo-state', 'data-demo-steps', 'data-demo-loss'] });
`;

describe('MLP playground in Chromium', { skip, timeout: 900_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => browser?.close());

  for (const [dataset, bound, maxSteps] of [['circle', 0.05, 3000], ['xor', 0.05, 3000]] as const) {
    test(`${dataset}: ?autostart trains and the training loss falls under ${bound} within ${maxSteps} steps`, async (t) => {
      const { page, errors, requests } = await withObserver(browser, () => openDemoPage(browser, figure('mlp', { dataset, stopAfter: maxSteps }), { query: '?autostart' }));
      await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 0');
      // The reference path loads the demo's chunks and no gpu.js (the `register` chunk holds it).
      const files = (await demoBundle()).files;
      const loaded = requests.filter((u) => u.includes('/demos/')).map((u) => u.slice(u.indexOf('/demos/') + 7));
      assert.ok(!loaded.some((f) => f.startsWith('register-') || f.startsWith('worker-')), `gpu.js or the Worker loaded: ${loaded.join(', ')}`);
      const bytes = loaded.reduce((a, f) => a + (files.get(f)?.length ?? 0), 0);
      const gz = loaded.reduce((a, f) => a + gzipSync(files.get(f) ?? new Uint8Array()).length, 0);
      t.diagnostic(`${dataset}: ${loaded.length} demo files loaded, ${bytes} B minified, ${gz} B gzip`);
      assert.equal((await status(page)).backend, 'reference', 'the default backend');
      // The first loss reported, with the seed's weights (or after a first step or two): an untrained net is ≈ 0.125.
      const first = await firstLoss(page);
      assert.ok(first.loss > 0.1 && first.steps <= 10, `first reported loss ${first.loss} at step ${first.steps}`);
      await waitForDemo(page, ROOT, `Number(d.demoLoss) < ${bound} || d.demoState === 'paused'`);
      const s = await status(page);
      t.diagnostic(`${dataset}: loss ${first.loss} at step ${first.steps} → ${s.loss} at step ${s.steps}`);
      assert.ok(s.loss < bound, `${dataset}: loss ${s.loss} after ${s.steps} steps`);
      assert.ok(s.steps <= maxSteps && s.steps > first.steps);
      const readout = await page.textContent(`${ROOT} .demo-speed`);
      assert.match(readout ?? '', /examples\/s on reference|on reference/, 'the speed readout names the backend');
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  test('pausing stops the steps; step runs exactly one; play resumes', async () => {
    const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'spiral', hidden: [8, 8] }), { query: '?autostart' });
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) >= 50');
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, "d.demoState === 'paused'");
    const a = (await status(page)).steps;
    await frames(page, 30);
    const b = (await status(page)).steps;
    assert.equal(b, a, 'steps changed over 30 frames while paused');
    assert.equal(await page.getAttribute(`${ROOT} button.demo-play`, 'aria-pressed'), 'false');
    await page.click(`${ROOT} button.demo-step`);
    await waitForDemo(page, ROOT, `Number(d.demoSteps) === ${a + 1}`);
    await frames(page, 10);
    assert.equal((await status(page)).steps, a + 1);
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, `Number(d.demoSteps) > ${a + 20}`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('?backend=gpu.js-webgl2 with "in a Worker" unticked trains on the page on SwiftShader WebGL2 and matches the reference after 300 steps (same seed)', async (t) => {
    const STEPS = 300;
    const run = async (query: string) => {
      const { page, errors } = await withObserver(browser, () => openDemoPage(browser, figure('mlp', { dataset: 'circle', hidden: [4, 4], seed: 3, learningRate: 0.1, stopAfter: STEPS }), { query }));
      if (query.includes('webgl2')) {
        // gpu.js trains in the Worker by default; 300 Worker steps on SwiftShader take minutes, so this one is on the page.
        await waitForDemo(page, ROOT, "d.demoState === 'idle' && d.demoBackend === 'gpu.js-webgl2'");
        assert.ok(await page.isChecked(`${ROOT} input.mlp-worker`), '"in a Worker" is ticked by default');
        await page.uncheck(`${ROOT} input.mlp-worker`);
        await page.waitForFunction((sel) => /ready on gpu\.js-webgl2$/.test(document.querySelector(`${sel} .demo-speed`)?.textContent ?? ''), ROOT, { timeout: 240_000 });
        await page.click(`${ROOT} button.demo-play`);
      }
      await waitForDemo(page, ROOT, `d.demoState === 'paused' && Number(d.demoSteps) === ${STEPS}`);
      await frames(page, 3);
      const s = await status(page);
      const long = (await page.evaluate('globalThis.__long.map((l) => Math.round(l.ms))')) as number[];
      const speed = `${await page.textContent(`${ROOT} .demo-speed`)} [${await page.getAttribute(`${ROOT} .demo-speed`, 'title')}]; ${long.length} long tasks, longest ${Math.max(0, ...long)} ms`;
      assert.deepEqual(errors, []);
      await page.context().close();
      return { ...s, speed };
    };
    const gl = await run('?backend=gpu.js-webgl2');
    const ref = await run('?autostart');
    t.diagnostic(`after ${STEPS} steps: webgl2 loss ${gl.loss} (${gl.speed}), reference ${ref.loss} (${ref.speed})`);
    assert.equal(gl.backend, 'gpu.js-webgl2');
    assert.match(gl.speed, /gpu\.js webgl2/, 'gpu.js reports that webgl2 ran');
    assert.ok(ref.loss < 0.1, `the run must have learned something for the comparison to mean anything (reference ${ref.loss})`);
    assert.equal(ref.backend, 'reference');
    assert.ok(Math.abs(gl.loss - ref.loss) <= 1e-3 + 0.02 * ref.loss, `webgl2 ${gl.loss} vs reference ${ref.loss}`);
  });

  test('by default gpu.js-webgl2 trains on the Worker thread, the page draws its weights, and it follows the reference', async (t) => {
    const STEPS = 10;
    const { page, errors } = await withObserver(browser, () => openDemoPage(browser, figure('mlp', { dataset: 'circle', seed: 3, learningRate: 0.1, stopAfter: STEPS }), { query: '?backend=gpu.js-webgl2' }));
    await waitForDemo(page, ROOT, "d.demoState === 'idle' && d.demoBackend === 'gpu.js-webgl2'");
    assert.ok(await page.isChecked(`${ROOT} input.mlp-worker`), '"in a Worker" is ticked by default');
    await page.waitForFunction((sel) => /in a Worker/.test(document.querySelector(`${sel} .demo-speed`)?.textContent ?? ''), ROOT, { timeout: 240_000 });
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, `d.demoState === 'paused' && Number(d.demoSteps) === ${STEPS}`);
    await frames(page, 3);
    const s = await status(page);
    const title = await page.getAttribute(`${ROOT} .demo-speed`, 'title');
    assert.deepEqual(errors, []);
    await page.context().close();
    const ref = await openDemoPage(browser, figure('mlp', { dataset: 'circle', seed: 3, learningRate: 0.1, stopAfter: STEPS }), { query: '?autostart' });
    await waitForDemo(ref.page, ROOT, `d.demoState === 'paused' && Number(d.demoSteps) === ${STEPS}`);
    await frames(ref.page, 3);
    const r = await status(ref.page);
    await ref.page.context().close();
    t.diagnostic(`Worker webgl2 after ${STEPS} steps: loss ${s.loss} vs reference ${r.loss}; ${title}`);
    assert.equal(s.backend, 'gpu.js-webgl2');
    assert.match(title ?? '', /gpu\.js webgl2.*in a Worker/);
    assert.ok(Math.abs(s.loss - r.loss) <= 1e-4 + 1e-3 * r.loss, `Worker ${s.loss} vs reference ${r.loss}`);
  });

  test('a gpu.js-webgl2 run in the Worker leaves the page painting (long tasks per window of 5 steps reported)', async (t) => {
    // As test/engine/browser/train.test.ts: the shared machine (and SwiftShader itself, which renders the
    // Worker's WebGL on the same two cores) makes long tasks of its own, so windows are tried until one is clean.
    const { page, errors } = await withObserver(browser, () => openDemoPage(browser, figure('mlp', { dataset: 'circle', seed: 3, learningRate: 0.1 }), { query: '?autostart&backend=gpu.js-webgl2' }));
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 0');
    const m0 = (await page.evaluate('({ long: globalThis.__long, marks: globalThis.__marks })')) as { long: { at: number; ms: number }[]; marks: Record<string, number> };
    t.diagnostic(`long tasks up to the first step: [${m0.long.map((l) => Math.round(l.ms)).join(', ')}]`);
    let clean = false;
    const seen: string[] = [];
    let painted = 0;
    for (let w = 1; w <= 6 && !clean; w++) {
      const from = (await page.evaluate('performance.now()')) as number;
      const steps = (await status(page)).steps;
      await page.evaluate('globalThis.__frames = 0; (function f() { globalThis.__frames++; if (globalThis.__frames < 1e9) requestAnimationFrame(f); })()');
      await waitForDemo(page, ROOT, `Number(d.demoSteps) >= ${steps + 5}`);
      painted = Math.max(painted, (await page.evaluate('globalThis.__frames')) as number);
      const to = (await page.evaluate('performance.now()')) as number;
      const long = ((await page.evaluate('globalThis.__long')) as { at: number; ms: number }[]).filter((l) => l.at >= from && l.at < to);
      seen.push(`[${long.map((l) => Math.round(l.ms)).join(', ')}] over ${Math.round(to - from)} ms`);
      clean = long.length === 0;
    }
    t.diagnostic(`page long tasks per window of 5 Worker steps: ${seen.join('; ')}`);
    assert.equal((await status(page)).backend, 'gpu.js-webgl2');
    assert.match((await page.textContent(`${ROOT} .demo-speed`)) ?? '', /in a Worker/);
    // As in the test below: the budget is the bench's; here, the page keeps painting while the Worker trains.
    t.diagnostic(`most frames painted in one window: ${painted}`);
    assert.ok(clean || painted >= 3, `no clean window and at most ${painted} frames painted per window of 5 steps: ${seen.join('; ')}`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('gpu.js-webgl2 picked where the Worker has no WebGL: it goes on with the reference on the page and says so', async () => {
    const { page } = await openDemoPage(browser, figure('mlp', { dataset: 'xor' }), { query: '?autostart' });
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 0');
    // The Worker's script with WebGL knocked out before gpu.js loads (it is imported on demand), as in a browser
    // whose Workers have no OffscreenCanvas WebGL while the page has WebGL.
    const files = (await demoBundle()).files;
    await page.route('**/demos/worker-*.js', (route) => {
      const file = files.get(new URL(route.request().url()).pathname.slice('/demos/'.length));
      const body = `OffscreenCanvas.prototype.getContext = function () { return null; };\n${Buffer.from(file ?? new Uint8Array()).toString('utf8')}`;
      return route.fulfill({ contentType: 'text/javascript', body });
    });
    await page.selectOption(`${ROOT} select.demo-backend`, 'gpu.js-webgl2');
    await page.waitForFunction((sel) => /cannot start in the Worker/.test(document.querySelector(`${sel} .mlp-message`)?.textContent ?? ''), ROOT, { timeout: 240_000 });
    const message = (await page.textContent(`${ROOT} .mlp-message`)) ?? '';
    assert.match(message, /gpu\.js-webgl2 cannot start in the Worker here \(.+\); training on reference on the page/);
    const s = await status(page);
    assert.equal(s.backend, 'reference');
    assert.equal(await page.$eval(`${ROOT} select.demo-backend`, (e) => (e as HTMLSelectElement).value), 'reference');
    assert.ok(await page.$eval(`${ROOT} select.demo-backend option[value="gpu.js-webgl2"]`, (o) => (o as HTMLOptionElement).disabled), 'webgl2 is marked unavailable');
    await waitForDemo(page, ROOT, `Number(d.demoSteps) > ${s.steps + 20} && d.demoState === 'running'`);
    await page.context().close();
  });

  test('a Worker script that does not load (404): a gpu.js backend picked falls back to the reference on the page and says so', async () => {
    const { page } = await openDemoPage(browser, figure('mlp', { dataset: 'xor' }), { query: '?autostart' });
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 0');
    await page.route('**/demos/worker-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.selectOption(`${ROOT} select.demo-backend`, 'gpu.js-cpu');
    await page.waitForFunction((sel) => /cannot start in the Worker/.test(document.querySelector(`${sel} .mlp-message`)?.textContent ?? ''), ROOT, { timeout: 240_000 });
    assert.match((await page.textContent(`${ROOT} .mlp-message`)) ?? '', /gpu\.js-cpu cannot start in the Worker here \(the training Worker did not start\); training on reference/);
    const s = await status(page);
    assert.equal(s.backend, 'reference');
    await waitForDemo(page, ROOT, `Number(d.demoSteps) > ${s.steps + 20} && d.demoState === 'running'`);
    await page.context().close();
  });

  test('with WebGL off it still trains on the reference backend, and the GL backends are offered as unavailable', async () => {
    const noGl = await launch({ webgl: false });
    try {
      const { page, errors } = await withObserver(noGl, () => openDemoPage(noGl, figure('mlp', { dataset: 'xor', stopAfter: 3000 }), { query: '?autostart' }));
      await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 0');
      const first = await firstLoss(page);
      assert.ok(first.loss > 0.1, `first reported loss ${first.loss}`);
      await waitForDemo(page, ROOT, "Number(d.demoLoss) < 0.05 || d.demoState === 'paused'");
      const s = await status(page);
      assert.equal(s.backend, 'reference');
      assert.ok(s.loss < 0.05 && s.loss < first.loss, `loss ${first.loss} → ${s.loss}`);
      // The picker probes one backend per idle period once the reader reaches for it; wait for them all (the
      // reference runs throughout).
      await page.hover(`${ROOT} select.demo-backend`);
      await page.waitForFunction((sel) => [...document.querySelectorAll<HTMLOptionElement>(`${sel} select.demo-backend option`)].filter((o) => o.disabled).length >= 3, ROOT, { timeout: 60_000 });
      const options = await page.evaluate((sel) => [...document.querySelectorAll<HTMLOptionElement>(`${sel} select.demo-backend option`)].map((o) => [o.value, o.disabled]), ROOT);
      assert.deepEqual(options.filter(([, disabled]) => disabled).map(([v]) => v).sort(), ['gpu.js-webgl', 'gpu.js-webgl2', 'gpu.js-webgpu']);
      assert.deepEqual(errors, []);
    } finally {
      await noGl.close();
    }
  });

  test('?backend= naming a backend that cannot start falls back to the reference and says so', async () => {
    const noGl = await launch({ webgl: false });
    try {
      const { page } = await openDemoPage(noGl, figure('mlp', { dataset: 'xor' }), { query: '?autostart&backend=gpu.js-webgl2' });
      await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 0');
      assert.equal((await status(page)).backend, 'reference');
      assert.match((await page.textContent(`${ROOT} .mlp-message`)) ?? '', /gpu\.js-webgl2 cannot start here/);
    } finally {
      await noGl.close();
    }
  });

  test('clicking a point shows its δ, and the numbers obey δ_k = (o_k − t_k)·o_k(1 − o_k) and δ_j = o_j(1 − o_j)·δ_k w_jk', async () => {
    const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'circle', hidden: [3], stopAfter: 300 }), { query: '?autostart' });
    await waitForDemo(page, ROOT, "d.demoState === 'paused'");
    const box = (await page.locator(`${ROOT} canvas.mlp-boundary`).boundingBox())!;
    // The circle's inner class crowds the centre: a point lies within the pick radius of it.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector(`${ROOT} [data-role="delta-k"]`);
    // A string, not a function: tsx would wrap the helper's name in a __name() call the page does not have.
    const v = (await page.evaluate(`(() => {
      const sel = ${JSON.stringify(ROOT)};
      const num = (role) => [...document.querySelectorAll(sel + ' [data-role="' + role + '"]')].map((e) => Number(e.dataset.value));
      return {
        o: num('o-k'), t: num('t-k'), dk: num('delta-k'), w: num('w-jk'), dj: num('delta-j'),
        chosen: document.querySelector(sel + ' .mlp-delta').dataset.chosen,
        factors: [...document.querySelectorAll(sel + ' .mlp-delta-table tbody tr')].map((tr) => Number(tr.children[1].querySelector('[data-value]').dataset.value)),
      };
    })()`)) as { o: number[]; t: number[]; dk: number[]; w: number[]; dj: number[]; chosen: string; factors: number[] };
    assert.match(v.chosen ?? '', /training point \d+/);
    const [o, t, dk] = [v.o[0]!, v.t[0]!, v.dk[0]!];
    assert.ok(t === 1 || t === 0);
    assert.ok(Math.abs(dk - (o - t) * o * (1 - o)) < 1e-6, `δ_k ${dk} vs (o − t)·o(1 − o) with o=${o}, t=${t}`);
    assert.equal(v.dj.length, 3);
    v.dj.forEach((dj, j) => {
      const oj = v.factors[j]!;
      assert.ok(Math.abs(dj - oj * (1 - oj) * dk * v.w[j]!) < 1e-6, `δ_${j} ${dj} vs o_j(1 − o_j)·δ_k·w_jk`);
    });
    // While it trains the numbers follow the weights.
    await page.click(`${ROOT} button.demo-step`);
    await page.waitForFunction(([sel, old]) => Number(document.querySelector<HTMLElement>(`${sel} [data-role="delta-k"]`)?.dataset.value) !== old, [ROOT, dk] as const);
    // The keyboard way: the next-point button moves the choice.
    await page.click(`${ROOT} .mlp-delta button[aria-label="next point"]`);
    await page.waitForFunction(([sel, old]) => document.querySelector<HTMLElement>(`${sel} .mlp-delta`)!.dataset.chosen !== old, [ROOT, v.chosen] as const);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('keyboard: Tab reaches the plane, Enter chooses the point under the cursor, the buttons step through points; reduced motion still trains', async () => {
    const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'circle', stopAfter: 200 }), { query: '?autostart', reducedMotion: 'reduce' });
    await waitForDemo(page, ROOT, "d.demoState === 'paused' && Number(d.demoSteps) === 200");
    await page.focus(`${ROOT} canvas.mlp-boundary`);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${ROOT} [data-role="delta-k"]`);
    const label = await page.getAttribute(`${ROOT} canvas.mlp-boundary`, 'aria-label');
    assert.match(label ?? '', /arrow keys/i);
    // Every control is a native, labelled element reachable with Tab.
    const unlabelled = await page.evaluate((sel) => [...document.querySelectorAll<HTMLElement>(`${sel} button, ${sel} select, ${sel} input`)]
      .filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim() || e.closest('label')?.textContent?.trim())).map((e) => e.outerHTML), ROOT);
    assert.deepEqual(unlabelled, []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a shared URL restores the configuration, and changing it writes the hash', async () => {
    const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'circle' }), { query: '#mlp=dataset:xor~hidden:5,2~activation:tanh~learningRate:0.1~seed:9' });
    await waitForDemo(page, ROOT, "d.demoState === 'idle'");
    const read = () => page.evaluate((sel) => ({
      dataset: document.querySelector<HTMLSelectElement>(`${sel} .mlp-panel select`)!.value,
      layers: [...document.querySelectorAll(`${sel} .mlp-layer`)].map((li) => li.querySelectorAll('canvas.mlp-tile').length),
      hash: location.hash,
    }), ROOT);
    const r = await read();
    assert.equal(r.dataset, 'xor');
    assert.deepEqual(r.layers, [5, 2]);
    await page.selectOption(`${ROOT} .mlp-panel select >> nth=0`, 'spiral');
    await page.waitForFunction(() => location.hash.includes('dataset:spiral'));
    assert.match((await read()).hash, /hidden:5,2~activation:tanh~learningRate:0\.1~/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('390 px touch phone: fits the width, a tap places a point in custom mode, training starts from it', async () => {
    const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'custom' }), { viewport: { width: 390, height: 844 }, hasTouch: true });
    await waitForDemo(page, ROOT, "d.demoState === 'idle'");
    const canvas = page.locator(`${ROOT} canvas.mlp-boundary`);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.waitForFunction((sel) => /^1 training/.test(document.querySelector(`${sel} .mlp-count`)?.textContent ?? ''), ROOT);
    await page.selectOption(`${ROOT} .mlp-custom select`, '-1');
    await page.touchscreen.tap(box.x + box.width * 0.75, box.y + box.height * 0.75);
    await page.waitForFunction((sel) => /^2 training/.test(document.querySelector(`${sel} .mlp-count`)?.textContent ?? ''), ROOT);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: innerWidth }));
    assert.ok(widths.doc <= widths.view, `page is ${widths.doc} px wide in a ${widths.view} px viewport`);
    await page.locator(`${ROOT} button.demo-play`).tap();
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 20');
    await page.screenshot({ path: new URL('mlp-390-light.png', ARTIFACTS).pathname, fullPage: true });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('screenshots in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'spiral', hidden: [8, 8], stopAfter: 1500 }), { query: '?autostart', colorScheme });
      await waitForDemo(page, ROOT, "d.demoState === 'paused'");
      await frames(page, 3);
      const bg = await page.evaluate((sel) => getComputedStyle(document.querySelector(`${sel} .mlp-demo`)!).color, ROOT);
      await page.locator(ROOT).screenshot({ path: new URL(`mlp-${colorScheme}.png`, ARTIFACTS).pathname });
      assert.ok(colorScheme === 'dark' ? /rgb\(2[0-9]{2}/.test(bg) : /rgb\(([0-9]|[1-9][0-9]),/.test(bg), `${colorScheme} text colour ${bg}`);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  test('measured: time to the first training report, and the longest main-thread task while training', async (t) => {
    // A run is repeated (fresh page) until one has no long task after warm-up (200 steps), up to 3 attempts.
    let last = '';
    let clean = false;
    let minFps = Infinity;
    for (let attempt = 1; attempt <= 3 && !clean; attempt++) {
      const opened = await openWithObserver(browser);
      await waitForDemo(opened, ROOT, 'Number(d.demoSteps) >= 2000');
      // Frames painted in one second of training (a measurement window, not a wait for a condition).
      const fps = await opened.evaluate('new Promise((resolve) => { let n = 0; const t0 = performance.now(); (function f(now) { if (now - t0 >= 1000) resolve(n); else { n++; requestAnimationFrame(f); } })(t0); })');
      const m = await opened.evaluate('({ marks: globalThis.__marks, long: globalThis.__long })') as { marks: Record<string, number>; long: { at: number; ms: number }[] };
      const warm = m.long.filter((l) => l.at >= (m.marks.warm ?? Infinity));
      const longest = Math.max(0, ...m.long.filter((l) => l.at >= (m.marks.running ?? 0)).map((l) => l.ms));
      last = `attempt ${attempt}: loading → running ${(m.marks.running! - m.marks.loading!).toFixed(0)} ms, running → first report (step ${m.marks.firstStepCount}) ${(m.marks.firstSteps! - m.marks.running!).toFixed(0)} ms; ` +
        `long tasks while training [${m.long.filter((l) => l.at >= (m.marks.running ?? 0)).map((l) => l.ms.toFixed(0)).join(', ')}] (longest ${longest.toFixed(0)} ms), after warm-up [${warm.map((l) => l.ms.toFixed(0)).join(', ')}]; ${String(fps)} frames painted in 1 s of training`;
      t.diagnostic(last);
      clean = warm.length === 0;
      minFps = Math.min(minFps, Number(fps));
      await opened.context().close();
    }
    // The < 50 ms budget is measured by `npm run bench:demos` (BENCHMARKS.md), not asserted here: on a shared
    // machine a long task is also the scheduler's doing. What a test can assert on any load: training yields, so
    // the page paints while it trains (a loop that ran 1 s of steps in one task would paint 0 or 1 frames).
    assert.ok(clean || minFps >= 2, `the page painted ${minFps} frames in 1 s of training; last: ${last}`);
  });
});

/**
 * Runs `open` with {@link OBSERVE} installed in every context it creates, before any page script: openDemoPage
 * makes its own context and has no init-script option.
 */
async function withObserver<T>(browser: Browser, open: () => Promise<T>): Promise<T> {
  const original = browser.newContext.bind(browser);
  (browser as { newContext: Browser['newContext'] }).newContext = async (options) => {
    const c = await original(options);
    await c.addInitScript(OBSERVE);
    return c;
  };
  try {
    return await open();
  } finally {
    (browser as { newContext: Browser['newContext'] }).newContext = original;
  }
}

/** The spiral demo, autostarted, with {@link OBSERVE} installed. */
async function openWithObserver(browser: Browser): Promise<Page> {
  return (await withObserver(browser, () => openDemoPage(browser, figure('mlp', { dataset: 'spiral', hidden: [8, 8] }), { query: '?autostart' }))).page;
}
