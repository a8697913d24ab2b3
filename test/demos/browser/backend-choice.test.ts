/**
 * A demo's backend choice, through the bundle the site ships (the MLP playground in headless Chromium): on a software
 * renderer nothing is timed; on a device whose renderer is a GPU (faked: the page's WebGL reports an NVIDIA
 * renderer, the Worker's stays SwiftShader) the candidates are timed once, in a Worker of their own, and the pick is
 * stored under that renderer; the next load starts on the stored pick without timing anything; `?backend=` wins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { BACKEND_NAMES } from '../../../src/demos/ui/controls.js';
import { figure, hasChromium, launch, openDemoPage, waitForDemo } from './harness.js';

const ROOT = 'figure[data-demo="mlp"]';
const FAKE_GPU = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 (0x00002684) Direct3D11 vs_5_0 ps_5_0, D3D11)';
const skip = hasChromium() ? false : 'no Chromium at /usr/bin/chromium';

/** Records the backend of every `start` message a page sends to a Worker (what it asked the Worker to build). */
const RECORD_WORKER_STARTS = `(() => {
  const post = Worker.prototype.postMessage;
  globalThis.__starts = [];
  Worker.prototype.postMessage = function (m, ...rest) {
    if (m && m.type === 'start') globalThis.__starts.push(m.model && m.model.backend);
    return post.call(this, m, ...rest);
  };
})();`;

/** Counts the WebGL contexts the page creates (a Worker's are not seen). */
const COUNT_CONTEXTS = `(() => {
  const get = HTMLCanvasElement.prototype.getContext;
  globalThis.__glContexts = 0;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    const c = get.call(this, kind, ...rest);
    if (c && /webgl/.test(kind)) globalThis.__glContexts++;
    return c;
  };
})();`;

const stored = (page: Page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('danlu.')).map((k) => [k, localStorage.getItem(k)])));
const starts = (page: Page) => page.evaluate(() => (globalThis as unknown as { __starts: (string | undefined)[] }).__starts);

describe('demo backend choice (headless Chromium)', { skip, timeout: 600_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test('a software renderer times nothing; a GPU renderer is timed once in a Worker, and its pick starts the next load', async (t) => {
    const { page, errors } = await openDemoPage(browser, figure('mlp', { dataset: 'xor' }));
    await page.addInitScript(RECORD_WORKER_STARTS);
    await page.addInitScript(COUNT_CONTEXTS);
    await page.reload();
    await waitForDemo(page, ROOT, "d.demoState === 'idle' || d.demoState === 'paused'");
    // SwiftShader: the renderer is read once, by a Worker, and stored; no Worker is asked to time anything, and the
    // page made no WebGL context of its own.
    await page.waitForFunction(() => localStorage.getItem('danlu.renderer.v1') !== null, undefined, { timeout: 60_000 });
    const soft = await stored(page);
    assert.match(soft['danlu.renderer.v1'] ?? '', /swiftshader/i);
    assert.deepEqual(Object.keys(soft).filter((k) => k.startsWith('danlu.backend.')), []);
    assert.deepEqual(await starts(page), []);
    await page.click(`${ROOT} button.demo-play`);
    await waitForDemo(page, ROOT, 'Number(d.demoSteps) > 100');
    assert.equal(await page.evaluate('globalThis.__glContexts'), 0, 'WebGL contexts the page made');

    // A GPU renderer (stored by an earlier load), no pick: the page asks a Worker for `auto` and stores the pick.
    await page.evaluate((r) => {
      localStorage.clear();
      localStorage.setItem('danlu.renderer.v1', r);
    }, FAKE_GPU);
    await page.reload();
    await page.waitForFunction((r) => Object.keys(localStorage).some((k) => k.startsWith(`danlu.backend.v1|${r}|demo mlp`)), FAKE_GPU, { timeout: 240_000, polling: 200 });
    const gpu = await stored(page);
    const key = Object.keys(gpu).find((k) => k.startsWith('danlu.backend.v1|'))!;
    assert.equal(key, `danlu.backend.v1|${FAKE_GPU}|demo mlp 2-4-4-1 sigmoid b10`);
    assert.ok((BACKEND_NAMES as readonly string[]).includes(gpu[key]!), `stored pick ${gpu[key]}`);
    t.diagnostic(`the Worker picked ${gpu[key]} (its own WebGL is SwiftShader, so its GL candidates were skipped)`);
    assert.equal(gpu['danlu.renderer.v1'], FAKE_GPU);
    assert.deepEqual((await starts(page)).filter((b) => b === 'auto'), ['auto']);
    const first = await page.evaluate((s) => document.querySelector<HTMLElement>(s)!.dataset.demoBackend, ROOT);
    assert.equal(first, 'reference', 'the load that measures keeps the backend it started on');

    // The next load starts on the stored pick (one that is not the default, to see it taken) and times nothing.
    await page.evaluate((k) => localStorage.setItem(k, 'gpu.js-cpu'), key);
    await page.reload();
    await waitForDemo(page, ROOT, "d.demoBackend === 'gpu.js-cpu'", 120_000);
    // Give the idle-time measurement every chance to (wrongly) start: wait for the renderer read it would follow.
    await page.evaluate(() => new Promise((r) => requestIdleCallback(() => requestIdleCallback(r))));
    assert.ok(!(await starts(page)).includes('auto'), `starts: ${JSON.stringify(await starts(page))}`);

    // ?backend= wins over the stored pick.
    await page.goto('http://localhost/note/?backend=reference');
    await waitForDemo(page, ROOT, "d.demoState === 'idle' || d.demoState === 'paused'");
    assert.equal(await page.evaluate((s) => document.querySelector<HTMLElement>(s)!.dataset.demoBackend, ROOT), 'reference');
    assert.deepEqual(errors, []);
  });
});
