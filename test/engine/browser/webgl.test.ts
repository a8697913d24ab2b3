/**
 * Kernel conformance on WebGL2 and WebGL in headless Chromium: proves the gpu.js kernel bodies compile to GLSL and
 * agree with the reference, and that SwiftShader-style software renderers are reported as not a GPU.
 * Skipped (with the reason) where Chromium is missing. Only webgl2 (the browsers' default) runs by default, because
 * SwiftShader shader compilation is slow on a 2-core CI machine; `DANLU_GL_MODES=webgl2,webgl` checks both.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KERNEL_NAMES } from '../../../src/engine/backend/types.js';
import type { GlReport } from './webgl-entry.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const modes = (process.env.DANLU_GL_MODES ?? 'webgl2').split(',').map((m) => m.trim()).filter(Boolean);

test(`every kernel compiles and matches the reference on gpu.js ${modes.join(' and ')} (headless Chromium)`, { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
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
    args: ['--no-sandbox', '--headless=new', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const reports = await page.evaluate(
      (m) => (globalThis as unknown as { runGlConformance: (modes: string[]) => GlReport[] }).runGlConformance(m),
      modes,
    );
    assert.deepEqual(pageErrors, []);
    const started = reports.filter((r) => r.started);
    if (started.length === 0) return t.skip(`no WebGL in this Chromium: ${reports.map((r) => r.error).join('; ')}`);
    for (const r of started) {
      const mode = r.backend.slice('gpu.js-'.length);
      assert.match(r.executed!, new RegExp(`^gpu\\.js ${mode}\\b`), `${r.backend} ran ${r.executed}`);
      const bad = KERNEL_NAMES.filter((k) => typeof r.errors![k] !== 'number' || (r.errors![k] as number) > 2e-3).map((k) => `${k}: ${r.errors![k]}`);
      assert.deepEqual(bad, [], `${r.backend} (${r.renderer})`);
      // Headless Chromium renders with SwiftShader: the engine must not mistake it for a GPU.
      if (r.renderer && /swiftshader/i.test(r.renderer)) assert.equal(r.isGpu, false);
    }
  } finally {
    await browser.close();
  }
});
