/**
 * The CNN demo in Debian Chromium, with the bundle, MNIST and weights the site ships: it loads, trains in the
 * Worker from random weights (steps rise, loss falls, test accuracy rises within a step bound), pausing stops the
 * steps, a 1 and a 7 drawn with synthetic pointer events are read with the pre-trained weights, and with WebGL off
 * a WebGL backend asked for falls back and still trains. Prints what the reader pays: bytes fetched, time from
 * start to the first step, time to classify a drawn digit. Screenshots go to test-artifacts/demos/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { demoData } from '../../../src/site/emit/demo-data.js';
import { demoBundle, figure, hasChromium, launch, openDemoPage, waitForDemo, type DemoPage, waitStepsStill } from './harness.js';

const skip = hasChromium() ? false : 'Debian Chromium (/usr/bin/chromium) is not installed';
const ARTIFACTS = 'test-artifacts/demos';
const ROOT = 'figure[data-demo="cnn"]';

async function bundle() {
  return demoBundle({ data: await demoData() });
}

/** Bytes of every demo file the page requested (code + data), by kind. */
async function fetched(p: DemoPage): Promise<{ code: number; data: number; files: string[] }> {
  const b = await bundle();
  let code = 0, data = 0;
  const files: string[] = [];
  for (const url of new Set(p.requests)) {
    const name = new URL(url).pathname.replace(/^\/demos\//, '');
    const bytes = b.files.get(name);
    if (!bytes) continue;
    files.push(`${name} ${bytes.length}`);
    if (name.endsWith('.js')) code += bytes.length;
    else data += bytes.length;
  }
  return { code, data, files };
}

const num = (page: Page, attr: string): Promise<number> => page.$eval(ROOT, (el, a) => Number((el as HTMLElement).dataset[a]), attr);

/** Draws a polyline (fractions of the pad) with the mouse. */
async function drawWithMouse(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator(`${ROOT} canvas.cnn-pad`).boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 12 });
  await page.mouse.up();
}

/** Draws a polyline with dispatched touch PointerEvents (what a finger sends). */
async function drawWithTouch(page: Page, points: [number, number][]): Promise<void> {
  // The events are listed here: a named function inside the page callback would need tsx's __name helper there.
  const events: { type: string; x: number; y: number }[] = [{ type: 'pointerdown', x: points[0]![0], y: points[0]![1] }];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!, [x1, y1] = points[i]!;
    for (let k = 1; k <= 12; k++) events.push({ type: 'pointermove', x: x0 + ((x1 - x0) * k) / 12, y: y0 + ((y1 - y0) * k) / 12 });
  }
  events.push({ type: 'pointerup', x: points.at(-1)![0], y: points.at(-1)![1] });
  await page.$eval(`${ROOT} canvas.cnn-pad`, (canvas, evs) => {
    const r = canvas.getBoundingClientRect();
    for (const e of evs) {
      canvas.dispatchEvent(new PointerEvent(e.type, {
        bubbles: true, cancelable: true, pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0,
        buttons: e.type === 'pointerup' ? 0 : 1, clientX: r.left + e.x * r.width, clientY: r.top + e.y * r.height,
      }));
    }
  }, events);
}

const ONE: [number, number][] = [[0.52, 0.15], [0.5, 0.85]];
const SEVEN: [number, number][] = [[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]];

test('CNN demo: trains from random weights in the Worker, accuracy rises and loss falls, pause stops the steps', { skip, timeout: 600_000 }, async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser: Browser = await launch();
  try {
    const p = await openDemoPage(browser, figure('cnn', { pretrained: false }), { query: '?autostart', bundle: await bundle() });
    const { page } = p;
    const t0 = Date.now();
    // The longest main-thread task while the Worker trains (reported, not asserted: this machine is shared).
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await waitForDemo(page, ROOT, "Number(d.demoSteps) >= 10 && d.demoFirstStepMs !== undefined");
    const longestAtFirstStep = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
    const firstStepMs = await num(page, 'demoFirstStepMs');
    const loadMs = await num(page, 'demoLoadMs');
    const firstLoss = await num(page, 'demoLoss');
    const startAcc = await page.$eval(ROOT, (el) => Number((el as HTMLElement).dataset.demoTestAccuracy ?? 'NaN'));
    assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoBackend), 'reference');
    assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoState), 'running');
    // Random weights: about one digit in ten. Then within 600 steps of 20 digits, well above it.
    await waitForDemo(page, ROOT, 'Number(d.demoTestAccuracy) >= 0.7 && Number(d.demoSteps) >= 100');
    const steps = await num(page, 'demoSteps');
    const acc = await num(page, 'demoTestAccuracy');
    const trainAcc = await num(page, 'demoTrainAccuracy');
    assert.ok(steps <= 600, `reached 70 % test accuracy only after ${steps} steps`);
    await waitForDemo(page, ROOT, `Number(d.demoLoss) < ${firstLoss} * 0.6`);
    const loss = await num(page, 'demoLoss');
    console.log(`cnn demo (random start): page load → demo ready ${loadMs} ms; first step ${firstStepMs} ms after start; test accuracy ${startAcc} at step 0 → ${acc} (train ${trainAcc}) at step ${steps}; loss ${firstLoss} → ${loss}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.ok(startAcc < 0.3, `random weights read ${startAcc} of the test sample`);
    const speed = await page.$eval(`${ROOT} .demo-speed`, (el) => el.textContent);
    console.log(`cnn demo speed readout: ${speed}`);
    assert.match(speed ?? '', /examples\/s on reference \(plain JS\) in a Worker · first step \d+ ms after start/);

    const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    console.log(`cnn demo longest main-thread task: ${longestAtFirstStep.toFixed(0)} ms up to the first steps (loading, decoding), ${longest.toFixed(0)} ms while training`);
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, "d.demoState === 'paused'");
    await waitStepsStill(page, ROOT, 2500);
    const pausedAt = await num(page, 'demoSteps');
    await waitStepsStill(page, ROOT, 2500);
    assert.equal(await num(page, 'demoSteps'), pausedAt, 'no step while paused');
    // Step runs exactly one more step.
    await page.click(`${ROOT} button.demo-step`);
    await waitForDemo(page, ROOT, `Number(d.demoSteps) === ${pausedAt + 1}`);
    // Another backend from the picker: the Worker goes on from the current weights there.
    await page.selectOption(`${ROOT} select.demo-backend`, 'gpu.js-cpu');
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, `d.demoBackend === 'gpu.js-cpu' && Number(d.demoSteps) >= ${pausedAt + 11}`);
    const switched = await page.$eval(`${ROOT} .demo-speed`, (el) => el.textContent);
    console.log(`cnn demo after switching: ${switched}; loss ${await num(page, 'demoLoss')}`);
    assert.ok((await num(page, 'demoLoss')) < firstLoss, 'the switch kept the trained weights');
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, "d.demoState === 'paused'");
    await page.screenshot({ path: `${ARTIFACTS}/cnn-training.png`, fullPage: true });
    const bytes = await fetched(p);
    console.log(`cnn demo fetched: code ${bytes.code} B, data ${bytes.data} B (${bytes.files.join(', ')})`);
    assert.ok(bytes.data <= 1.5e6 + 200_000, `data ${bytes.data} B`);
    assert.deepEqual(p.errors, []);
  } finally {
    await browser.close();
  }
});

test('CNN demo: a 1 drawn with the mouse and a 7 drawn with a finger are read with the pre-trained weights', { skip, timeout: 600_000 }, async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launch();
  try {
    for (const view of [{ name: 'desktop', viewport: { width: 1000, height: 1400 }, colorScheme: 'light' as const }, { name: 'phone-dark', viewport: { width: 390, height: 1600 }, colorScheme: 'dark' as const, hasTouch: true, reducedMotion: 'reduce' as const }]) {
      const p = await openDemoPage(browser, figure('cnn', {}), { bundle: await bundle(), ...view });
      const { page } = p;
      await waitForDemo(page, ROOT, "d.demoState === 'idle' && d.demoTestAccuracy !== undefined");
      // The pre-trained weights already read the test sample.
      assert.ok((await num(page, 'demoTestAccuracy')) >= 0.9);
      await drawWithMouse(page, ONE);
      await waitForDemo(page, ROOT, 'd.demoPrediction !== undefined');
      const one = await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoPrediction);
      const oneMs = await num(page, 'demoClassifyMs');
      const top3 = await page.$eval(`${ROOT} .cnn-top3`, (el) => el.textContent);
      await page.screenshot({ path: `${ARTIFACTS}/cnn-drawn-1-${view.name}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Clear the drawing' }).click();
      await waitForDemo(page, ROOT, 'd.demoPrediction === undefined');
      await drawWithTouch(page, SEVEN);
      await waitForDemo(page, ROOT, 'd.demoPrediction !== undefined');
      const seven = await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoPrediction);
      const sevenMs = await num(page, 'demoClassifyMs');
      const top3b = await page.$eval(`${ROOT} .cnn-top3`, (el) => el.textContent);
      await page.screenshot({ path: `${ARTIFACTS}/cnn-drawn-7-${view.name}.png`, fullPage: true });
      console.log(`cnn demo ${view.name}: drew a 1 → ${one} (${top3}; ${oneMs} ms), a 7 → ${seven} (${top3b}; ${sevenMs} ms)`);
      assert.equal(one, '1');
      assert.equal(seven, '7');
      // Not started: neither the training digits nor the Worker were fetched; drawing needed only this much.
      const before = await fetched(p);
      console.log(`cnn demo ${view.name} before start: code ${before.code} B, data ${before.data} B`);
      assert.ok(!p.requests.some((u) => /mnist-train|\/(cnn-)?worker-/.test(u)), p.requests.join(' '));
      // The pad must not scroll the page under a finger; the page must not overflow a phone.
      assert.equal(await page.$eval(`${ROOT} canvas.cnn-pad`, (c) => getComputedStyle(c).touchAction), 'none');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page is ${overflow} px wider than the viewport`);
      if (view.name === 'desktop') {
        // From the keyboard: Play starts training from the pre-trained weights; the drawing is read again with them.
        await page.focus(`${ROOT} button.demo-play`);
        await page.keyboard.press('Enter');
        await waitForDemo(page, ROOT, "d.demoState === 'running' && Number(d.demoSteps) >= 20");
        await page.keyboard.press('Space');
        await waitForDemo(page, ROOT, "d.demoState === 'paused'");
        assert.equal(await page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoPrediction), '7');
        const info = await page.$eval(`${ROOT} .cnn-draw`, (el) => el.textContent ?? '');
        assert.match(info, /classified in [\d.]+ ms on the page with the weights after \d+ steps/, 'the drawing was read again while it trained');
      }
      assert.deepEqual(p.errors, []);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
});

test('CNN demo with WebGL off: the picker says WebGL cannot start, and it still trains (reference, in the Worker)', { skip, timeout: 600_000 }, async () => {
  const browser = await launch({ webgl: false });
  try {
    const p = await openDemoPage(browser, figure('cnn', { pretrained: false }), { query: '?autostart', bundle: await bundle() });
    await waitForDemo(p.page, ROOT, "Number(d.demoSteps) >= 10");
    const firstLoss = await num(p.page, 'demoLoss');
    await waitForDemo(p.page, ROOT, `Number(d.demoSteps) >= 60 && Number(d.demoLoss) < ${firstLoss} * 0.8`);
    assert.equal(await p.page.$eval(ROOT, (el) => (el as HTMLElement).dataset.demoBackend), 'reference');
    // The picker probes each backend in an idle period after the demo shows.
    // The picker probes its backends once the reader reaches for it.
    await p.page.hover(`${ROOT} select.demo-backend`);
    await p.page.waitForFunction((sel) => document.querySelector<HTMLOptionElement>(`${sel} select.demo-backend option[value="gpu.js-webgl"]`)?.disabled === true, ROOT, { timeout: 60_000, polling: 100 });
    const options = await p.page.$$eval(`${ROOT} select.demo-backend option`, (os) => os.map((o) => `${(o as HTMLOptionElement).value}:${(o as HTMLOptionElement).disabled}`));
    const speed = await p.page.$eval(`${ROOT} .demo-speed`, (el) => el.textContent);
    console.log(`cnn demo, WebGL off: ${speed}; loss ${firstLoss} → ${await num(p.page, 'demoLoss')}; picker ${options.join(' ')}`);
    assert.ok(options.includes('gpu.js-webgl2:true') && options.includes('gpu.js-webgl:true'), options.join(' '));
    assert.ok(options.includes('reference:false'));
    assert.deepEqual(p.errors, []);
  } finally {
    await browser.close();
  }
});

test('CNN demo without its Worker (the script does not load): it trains on the page through the same protocol', { skip, timeout: 600_000 }, async () => {
  const browser = await launch();
  try {
    const p = await openDemoPage(browser, figure('cnn', { pretrained: false }), { bundle: await bundle() });
    await waitForDemo(p.page, ROOT, "d.demoState === 'idle' && d.demoTestAccuracy !== undefined");
    await p.page.route(/\/demos\/(cnn-)?worker-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await p.page.click(`${ROOT} button.demo-play`);
    await waitForDemo(p.page, ROOT, "Number(d.demoSteps) >= 30 && d.demoBackend === 'reference'");
    const speed = await p.page.$eval(`${ROOT} .demo-speed`, (el) => el.textContent);
    console.log(`cnn demo without a Worker: ${speed}`);
    assert.match(speed ?? '', /on the page/);
    assert.ok(p.requests.some((u) => /\/(cnn-)?worker-/.test(u)), 'the Worker script was asked for');
  } finally {
    await browser.close();
  }
});
