/**
 * The demo pages' gpu.js: bundled from its sources without the WebAssembly backend, it still compiles and runs a
 * kernel (cpu mode, the one Node has), says webasm is unsupported, refuses a webasm kernel (gpu.js's own
 * message for an unsupported mode), and is a fifth smaller than the published dist file.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { gpuJsForPages } from '../../../src/site/emit/gpu-js-for-pages.js';

const entry = `import { GPU } from 'gpu.js'; export { GPU };`;
const bundle = async (plugins: esbuild.Plugin[]): Promise<string> => {
  const r = await esbuild.build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', minify: true, write: false, logLevel: 'silent', plugins,
  });
  return r.outputFiles[0]!.text;
};

test('gpu.js for the pages runs kernels without its WebAssembly backend, and is smaller', { timeout: 120_000 }, async () => {
  const pages = await bundle([gpuJsForPages()]);
  const dist = await bundle([]);
  const kb = (s: string): number => gzipSync(s).length / 1000;
  assert.ok(!pages.includes('WasmModuleBuilder') && dist.includes('WasmModuleBuilder'), 'the wasm module builder is left out');
  assert.ok(kb(pages) < 0.85 * kb(dist), `pages ${kb(pages)} KB gzip vs dist ${kb(dist)} KB`);

  const { GPU } = (await import(`data:text/javascript;base64,${Buffer.from(pages).toString('base64')}`)) as { GPU: any };
  assert.equal(GPU.isWebAssemblySupported, false);
  const gpu = new GPU({ mode: 'cpu' });
  const add = gpu.createKernel(function (this: { thread: { x: number } }, a: number[], b: number[]) {
    return a[this.thread.x]! + b[this.thread.x]!;
  }).setOutput([3]);
  assert.deepEqual(Array.from(add([1, 2, 3], [10, 20, 30]) as Float32Array), [11, 22, 33]);
  assert.throws(
    () => new GPU({ mode: 'webasm' }).createKernel(function () { return 1; }).setOutput([1])(),
    /"webasm" and is not supported/,
  );
  gpu.destroy();
});
