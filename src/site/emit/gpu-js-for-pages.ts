/**
 * An esbuild plugin that bundles gpu.js for the demo pages from its CommonJS sources (`gpu.js/src/browser.js`,
 * the file its prebuilt `dist/gpu-browser.js` is made from) without its WebAssembly backend.
 *
 * gpu.js webasm is a CPU backend: in the page it was slower than the engine's plain-JS reference on every demo
 * workload measured (BENCHMARKS.md, "Engine in the browser"), so the demos do not offer it, and its compiler,
 * module builder and worker pool were a fifth of the gpu.js a reader fetches with a GPU backend. The rest of
 * gpu.js is bundled as it is: the GL, WebGPU and cpu modes run the same sources the dist file holds. The engine
 * in Node, the tests and the benches keep the whole package (they import `gpu.js` as published).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

/** gpu.js's own files under `src/backend/web-assembly/` that are replaced, with what stands in for each. */
const STUBS: Record<string, string> = {
  // Never supported, so gpu.js neither picks it nor builds it (a kernel asked for in webasm is refused by gpu.js).
  'kernel.js': `const { Kernel } = require('../kernel');
class WebAssemblyKernel extends Kernel {
  static get isSupported() { return false; }
  static get isSIMDSupported() { return false; }
  static get isThreadsSupported() { return false; }
  static isContextMatch() { return false; }
  static getFeatures() { return {}; }
  static get features() { return {}; }
  static get mode() { return 'webasm'; }
  static destroyContext() {}
}
module.exports = { WebAssemblyKernel };`,
  // The WebGPU executor throws this to fall back to kernel-by-kernel runs; the CPU pipeline executor is the
  // WebAssembly one, so a pipeline off the GPU falls back too.
  'pipeline-executor.js': `class FusionFallback extends Error {
  constructor(reason, recompilable) { super(reason); this.isFusionFallback = true; this.recompilable = Boolean(recompilable); }
}
class WebAssemblyPipelineExecutor {
  static compile() { throw new FusionFallback('gpu.js webasm is not in the demo pages\\' build of gpu.js'); }
}
module.exports = { FusionFallback, WebAssemblyPipelineExecutor };`,
  'function-node.js': `class WebAssemblyFunctionNode {}
module.exports = { WebAssemblyFunctionNode };`,
};

/** Resolves `gpu.js` to its sources and leaves its WebAssembly backend and Node-only `gl` out. */
export function gpuJsForPages(): Plugin {
  const src = path.join(path.dirname(require.resolve('gpu.js/package.json')), 'src');
  const wasmDir = path.join(src, 'backend', 'web-assembly');
  return {
    name: 'danlu-gpu-js-for-pages',
    setup(build) {
      build.onResolve({ filter: /^gpu\.js$/ }, () => ({ path: path.join(src, 'browser.js') }));
      // headless-gl's optional native module, required inside a try: a module that throws is what a browser has.
      build.onResolve({ filter: /^gl$/ }, (args) => (args.importer.startsWith(src) ? { path: 'gl', namespace: 'danlu-gpu-js-stub' } : undefined));
      build.onResolve({ filter: /\/web-assembly\// }, (args) => {
        const file = path.resolve(args.resolveDir, args.path.endsWith('.js') ? args.path : `${args.path}.js`);
        if (path.dirname(file) !== wasmDir) return undefined;
        const stub = path.basename(file);
        if (!(stub in STUBS)) throw new Error(`gpu.js for pages: ${path.relative(src, file)} is required outside the stubbed WebAssembly backend`);
        return { path: stub, namespace: 'danlu-gpu-js-stub', pluginData: { resolveDir: wasmDir } };
      });
      build.onLoad({ filter: /.*/, namespace: 'danlu-gpu-js-stub' }, (args) => {
        if (args.path === 'gl') return { contents: `throw new Error('gl: headless WebGL is Node-only');`, loader: 'js' };
        return { contents: STUBS[args.path]!, loader: 'js', resolveDir: (args.pluginData as { resolveDir: string }).resolveDir };
      });
    },
  };
}
