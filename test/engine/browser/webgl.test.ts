/**
 * Kernel conformance on WebGL2 and WebGL in headless Chromium: proves the gpu.js kernel bodies compile to GLSL and
 * agree with the reference, and that SwiftShader-style software renderers are reported as not a GPU.
 * WebGPU runs the same cases on a deferred backend (gpu.js webgpu kernels return Promises) when an adapter answers.
 * Skipped (with the reason) where Chromium is missing. webgl2 (the browsers' default) and webgpu run by default;
 * webgl1 compiles slowly on SwiftShader, so `DANLU_GL_MODES=webgl2,webgl,webgpu` adds it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KERNEL_NAMES } from '../../../src/engine/backend/types.js';
import type { GlReport, InspectionReport, ResidentReport, TrainReport } from './webgl-entry.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const modes = (process.env.DANLU_GL_MODES ?? 'webgl2,webgpu').split(',').map((m) => m.trim()).filter(Boolean);

/** Bundles the entry, opens it in headless Chromium (SwiftShader GL), runs `fn`, closes the browser. */
async function withPage<T>(fn: (page: import('playwright-core').Page, pageErrors: string[]) => Promise<T>): Promise<T> {
  const { chromium } = await import('playwright-core');
  const esbuild = await import('esbuild');
  const bundle = await esbuild.build({
    entryPoints: [join(here, 'webgl-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--headless=new', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
      '--enable-unsafe-webgpu', '--enable-features=Vulkan',
    ],
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // http://localhost is a secure context, which navigator.gpu requires (about:blank is not).
    await page.route('http://localhost/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body></body></html>' }));
    await page.goto('http://localhost/');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await fn(page, pageErrors);
  } finally {
    await browser.close();
  }
}

test(`every kernel compiles and matches the reference on gpu.js ${modes.join(' and ')} (headless Chromium)`, { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
  await withPage(async (page, pageErrors) => {
    const reports = await page.evaluate(
      (m) => (globalThis as unknown as { runGlConformance: (modes: string[]) => GlReport[] }).runGlConformance(m),
      modes,
    );
    assert.deepEqual(pageErrors, []);
    if (modes.includes('webgpu')) {
      reports.push(await page.evaluate(() => (globalThis as unknown as { runWebGpuConformance: () => Promise<GlReport> }).runWebGpuConformance()));
    }
    const started = reports.filter((r) => r.started);
    if (started.length === 0) return t.skip(`no WebGL in this Chromium: ${reports.map((r) => r.error).join('; ')}`);
    for (const r of started) {
      const mode = r.backend.slice('gpu.js-'.length);
      assert.match(r.executed!, new RegExp(`^gpu\\.js ${mode}\\b`), `${r.backend} ran ${r.executed}`);
      const bad = KERNEL_NAMES.filter((k) => typeof r.errors![k] !== 'number' || (r.errors![k] as number) > 2e-3).map((k) => `${k}: ${r.errors![k]}`);
      assert.deepEqual(bad, [], `${r.backend} (${r.renderer})`);
      // Headless Chromium renders with SwiftShader: the engine must not mistake it for a GPU.
      if (r.renderer && /swiftshader/i.test(r.renderer)) assert.equal(r.isGpu, false, `${r.backend} on ${r.renderer}`);
    }

    // End to end in the page: an MLP trains on webgl2, and selectBackend measures, skips software GL, reports.
    const tr = await page.evaluate(() => (globalThis as unknown as { runBrowserTraining: () => Promise<TrainReport> }).runBrowserTraining());
    if (modes.includes('webgl2')) {
      assert.ok(Array.isArray(tr.glLoss), `webgl2 training failed: ${String(tr.glLoss)}`);
      assert.ok(tr.glLoss[1] < tr.glLoss[0] * 0.5, `webgl2 XOR loss ${tr.glLoss[0]} → ${tr.glLoss[1]}`);
      assert.match(tr.glExecuted!, /^gpu\.js webgl2/);
    }
    const gl = tr.choice.timings.find((t) => t.backend === 'gpu.js-webgl2');
    if (gl?.note?.includes('software')) assert.equal(gl.msPerStep, null);
    assert.ok(tr.choice.timings.some((t) => t.backend === tr.choice.backend && t.msPerStep !== null));
    assert.ok(tr.choice.executed.length > 0);
  });
});

// Resident training on webgl2: kernels chain pipeline textures, train() reads the loss every N steps. Tolerance:
// losses and weights within 2e-3 relative (|Δ|/(1 + |ref|)) of the reference after the run (float32 on both sides,
// different summation order on the GPU).
const RESIDENT_TOL = 2e-3;
const LEAK_STEPS = Number(process.env.DANLU_LEAK_STEPS ?? 1000);
test(`resident training on gpu.js webgl2 matches the reference with ≤ 1 readback per N steps, no texture leak over ${LEAK_STEPS} steps (headless Chromium)`, { timeout: 600_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
  if (!modes.includes('webgl2')) return t.skip('webgl2 not in DANLU_GL_MODES');
  await withPage(async (page, pageErrors) => {
    const r = await page.evaluate((n) => (globalThis as unknown as { runResidentTraining: (n: number) => Promise<ResidentReport> }).runResidentTraining(n), LEAK_STEPS);
    assert.deepEqual(pageErrors, []);
    if (!r.started) return t.skip(`no webgl2 here: ${r.error}`);
    assert.match(r.executed!, /^gpu\.js webgl2/);
    for (const row of r.rows) {
      t.diagnostic(
        `${row.workload}: ${row.readbacks} readbacks in ${row.steps} steps (every ${row.every}) vs ${row.readbacksCopyPath} on the copy path; ` +
          `${row.kernelCallsPerStep.toFixed(1)} kernel calls/step; ${row.stepsPerSecond.toFixed(1)} vs ${row.stepsPerSecondCopyPath.toFixed(1)} steps/s ` +
          `(×${(row.stepsPerSecond / row.stepsPerSecondCopyPath).toFixed(2)}); loss error ${row.lossError.toExponential(1)}, weight error ${row.weightError.toExponential(1)}`,
      );
      assert.ok(row.readbacks <= row.steps / row.every, `${row.workload}: ${row.readbacks} readbacks in ${row.steps} steps`);
      assert.ok(row.readbacksCopyPath >= row.steps * 10, `${row.workload}: the copy path read back ${row.readbacksCopyPath} times`);
      assert.ok(row.lossError <= RESIDENT_TOL, `${row.workload}: loss error ${row.lossError}`);
      assert.ok(row.weightError <= RESIDENT_TOL, `${row.workload}: weight error ${row.weightError}`);
    }
    assert.ok(r.asyncRead, 'async read ran');
    assert.equal(r.asyncRead.readbacks, 1, 'await t.read() is one readback');
    assert.ok(r.asyncRead.error <= RESIDENT_TOL, `async read vs reference: ${r.asyncRead.error}`);
    assert.ok(r.asyncRead.cachedAfter, 'the async read fills the host cache');
    t.diagnostic(`over ${r.leakSteps} steps: device buffers ${r.liveBuffers.join(' → ')}, GL textures ${r.glTextures.join(' → ')}, tensors ${r.liveTensors.join(' → ')}`);
    assert.equal(r.liveBuffers[1], r.liveBuffers[0], 'engine-held device buffers');
    assert.equal(r.glTextures[1], r.glTextures[0], 'GL textures alive in the page');
    assert.equal(r.liveTensors[1], r.liveTensors[0], 'tensor storages');
  });
});

// Resident training on webgpu: the same workloads, kernels queued (gpu.js webgpu returns Promises), storage
// buffers chained kernel to kernel, values read only with `await t.read()`. Same tolerance as webgl2.
test(`resident training on gpu.js webgpu matches the reference with ≤ 1 readback per N steps, no buffer leak over ${LEAK_STEPS} steps (headless Chromium)`, { timeout: 600_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
  if (!modes.includes('webgpu')) return t.skip('webgpu not in DANLU_GL_MODES');
  await withPage(async (page, pageErrors) => {
    const r = await page.evaluate((n) => (globalThis as unknown as { runResidentTraining: (n: number, mode: string) => Promise<ResidentReport> }).runResidentTraining(n, 'webgpu'), LEAK_STEPS);
    assert.deepEqual(pageErrors, []);
    if (!r.started) return t.skip(`no WebGPU adapter here: ${r.error}`);
    assert.match(r.executed!, /^gpu\.js webgpu/);
    assert.equal(r.rows.length, 3);
    for (const row of r.rows) {
      t.diagnostic(`${row.workload}: ${row.readbacks} readbacks in ${row.steps} steps (every ${row.every}); ${row.kernelCallsPerStep.toFixed(1)} kernel calls/step; ${row.stepsPerSecond.toFixed(1)} steps/s; loss error ${row.lossError.toExponential(1)}, weight error ${row.weightError.toExponential(1)}`);
      assert.ok(row.readbacks <= row.steps / row.every, `${row.workload}: ${row.readbacks} readbacks in ${row.steps} steps`);
      assert.ok(row.kernelCallsPerStep >= 10, `${row.workload}: ${row.kernelCallsPerStep} kernel calls per step (did it run on the device?)`);
      assert.ok(row.lossError <= RESIDENT_TOL, `${row.workload}: loss error ${row.lossError}`);
      assert.ok(row.weightError <= RESIDENT_TOL, `${row.workload}: weight error ${row.weightError}`);
    }
    assert.ok(r.asyncRead, 'async read ran');
    assert.equal(r.asyncRead.readbacks, 1, 'await t.read() is one readback');
    assert.ok(r.asyncRead.error <= RESIDENT_TOL, `async read vs reference: ${r.asyncRead.error}`);
    t.diagnostic(`over ${r.leakSteps} steps: device buffers ${r.liveBuffers.join(' → ')}, GPU buffers ${r.glTextures.join(' → ')}, tensors ${r.liveTensors.join(' → ')}`);
    assert.equal(r.liveBuffers[1], r.liveBuffers[0], 'engine-held device buffers');
    assert.equal(r.glTextures[1], r.glTextures[0], 'WebGPU buffers alive in the page');
    assert.equal(r.liveTensors[1], r.liveTensors[0], 'tensor storages');
  });
});

// What the demos read (the δ panel's trace, the CNN's maps, filters and prediction, the LSTM's gates, accuracy) on webgpu,
// after `await model.readWeights()`, against the same training on the reference. Same tolerance as above.
test('after readWeights(), what the demos read from a model trained on gpu.js webgpu matches the reference (headless Chromium)', { timeout: 300_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
  if (!modes.includes('webgpu')) return t.skip('webgpu not in DANLU_GL_MODES');
  await withPage(async (page, pageErrors) => {
    const r = await page.evaluate(() => (globalThis as unknown as { runWebGpuInspection: () => Promise<InspectionReport> }).runWebGpuInspection());
    assert.deepEqual(pageErrors, []);
    if (!r.started) return t.skip(`no WebGPU adapter here: ${r.error}`);
    t.diagnostic(`worst relative error: ${Object.entries(r.errors).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
    assert.deepEqual(Object.keys(r.errors).sort(), ['accuracyAsync', 'featureMaps', 'filters', 'inspect', 'predict', 'traceExample']);
    for (const [k, v] of Object.entries(r.errors)) assert.ok(v <= RESIDENT_TOL, `${k}: ${v}`);
    // Before readWeights the host copies are stale and webgpu cannot read synchronously: a clear error, not old values.
    assert.match(r.before, /asynchronously: use `await tensor\.read\(\)`/);
  });
});
