/**
 * The conformance suite on an esbuild-minified bundle in headless Chromium (issue 12: minifying broke
 * `softmaxRows` on webgl2/webgl with "'user_z' : redefinition", because gpu.js parses a kernel's JavaScript and the
 * minifier gave both of its loops the same counter). The backend now compiles the generated source strings of
 * `kernel-sources.ts`; this test keeps a production bundle honest, with the package's gpu.js and with the one the
 * site's demo pages ship (`src/site/emit/gpu-js-for-pages.ts`: built from gpu.js's sources without its WebAssembly
 * backend). Skipped (with the reason) without Chromium.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KERNEL_NAMES } from '../../../src/engine/backend/types.js';
import { gpuJsForPages } from '../../../src/site/emit/gpu-js-for-pages.js';
import type { GlReport } from './webgl-entry.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));

for (const [which, plugins] of [['the package\'s gpu.js', []], ['the demo pages\' gpu.js', [gpuJsForPages()]]] as const) {
  test(`every kernel matches the reference on gpu.js webgl2 from a minified bundle with ${which} (headless Chromium)`, { timeout: 120_000 }, async (t) => {
    if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
    const { chromium } = await import('playwright-core');
    const esbuild = await import('esbuild');
    const bundle = await esbuild.build({
      entryPoints: [join(here, 'webgl-entry.ts')],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
      plugins: [...plugins],
    });
    const js = bundle.outputFiles[0]!.text;
    // The minifier really renamed the kernel bodies (the names survive only inside the generated strings).
    assert.doesNotMatch(js, /function softmaxRowsKernel\(x,\s*cols\)\s*\{const idx=/);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
    });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.route('http://localhost/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body></body></html>' }));
      await page.goto('http://localhost/');
      await page.addScriptTag({ content: js });
      const modes = (process.env.DANLU_GL_MODES ?? 'webgl2').split(',').map((m) => m.trim()).filter((m) => m === 'webgl2' || m === 'webgl');
      const reports = await page.evaluate((m) => (globalThis as unknown as { runGlConformance: (modes: string[]) => GlReport[] }).runGlConformance(m), modes);
      assert.deepEqual(pageErrors, []);
      const started = reports.filter((r) => r.started);
      if (started.length === 0) return t.skip(`no WebGL in this Chromium: ${reports.map((r) => r.error).join('; ')}`);
      for (const r of started) {
        const bad = KERNEL_NAMES.filter((k) => typeof r.errors![k] !== 'number' || (r.errors![k] as number) > 2e-3).map((k) => `${k}: ${r.errors![k]}`);
        assert.deepEqual(bad, [], `${r.backend} (${r.renderer}), minified`);
      }
    } finally {
      await browser.close();
    }
  });
}
