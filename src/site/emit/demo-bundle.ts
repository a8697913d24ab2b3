/**
 * Bundles the demos for the browser: `src/demos/hydrate.ts` (the page's small loader) with one chunk per demo
 * and the engine split out, the training Worker (a module Worker, its gpu.js chunk loaded only for a gpu.js
 * backend), and the data files demos fetch (MNIST, weights), each
 * named with a content hash so a page can cache them forever. The hydrator learns the Worker's and the data's
 * names through esbuild's `define` (`__DANLU_DEMO_ASSETS__`), relative to its own URL.
 *
 * esbuild rather than a hand-made concatenation: it does the ES-module code splitting the lazy registry needs,
 * and it is already a dependency (the render workers' bundle).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoAssetName } from '../../demos/types.js';
import { gpuJsForPages } from './gpu-js-for-pages.js';

const demosDir = fileURLToPath(new URL('../../demos/', import.meta.url));
/** The demo folders, each bundled on its own (the keys of the registry's `DEMOS`). */
const DEMO_TYPES = ['mlp', 'cnn', 'lstm'] as const;
/**
 * Demos bundled together with a training Worker of their own, which then imports the engine chunks the page has
 * already fetched instead of its own copy. The CNN always trains in the Worker: its Play fetched the engine twice
 * (~15 KB gzip). The MLP and the LSTM train the reference on the page; built with a Worker, the modules they share
 * with it became files of their own and their mount grew by ~1 KB gzip, so they use the shared Worker.
 */
const OWN_WORKER: ReadonlySet<string> = new Set(['cnn']);
const engineDir = fileURLToPath(new URL('../../engine/', import.meta.url));

/** What {@link bundleDemos} produces: files relative to the demos folder of the site, and the hydrator's name. */
export interface DemoBundle {
  /** File name (relative to the folder the bundle is published in) → bytes. */
  files: Map<string, Uint8Array>;
  /** The name of the loader script among `files`, for the page's `<script type="module">`. */
  hydrator: string;
}

/** Options of {@link bundleDemos}. */
export interface DemoBundleOptions {
  /** Minify (default true: what the site publishes; tests also run the unminified bundle). */
  minify?: boolean;
  /** Data files demos fetch, by asset name, with the extension to publish them under. */
  data?: Partial<Record<DemoAssetName, { bytes: Uint8Array; ext: string }>>;
  /**
   * Told, for each output file of a demo's build, the minified bytes each source file contributes and the files
   * it imports, statically and lazily (for a bench that splits a demo's bytes into engine and UI).
   */
  onOutput?: (file: string, bytesBySource: Record<string, number>, meta: { static: string[]; lazy: string[]; entryPoint?: string }) => void;
}

const hashName = (stem: string, bytes: Uint8Array, ext: string): string =>
  `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${ext}`;

/**
 * In a demo's own Worker, the Worker's lazy imports of the other model kinds (`worker/build.ts`) resolve to a stub:
 * that Worker only ever builds this demo's model, and the real modules, as lazy chunks of this build, cut the
 * engine modules the page shares with it into more files (the CNN's mount: +1.1 KB gzip).
 */
function onlyModel(type: string): import('esbuild').Plugin {
  return {
    name: 'danlu-only-model',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/models\/(mlp|cnn|lstm)\.js$/ }, (args) => {
        const kind = /(mlp|cnn|lstm)\.js$/.exec(args.path)![1]!;
        if (kind === type || !args.importer.endsWith(path.join('worker', 'build.ts'))) return undefined;
        return { path: kind, namespace: 'danlu-no-model' };
      });
      build.onLoad({ filter: /.*/, namespace: 'danlu-no-model' }, (args) => ({
        contents: `const no = () => { throw new Error('this Worker builds ${type} models only, not ${args.path}'); };\nexport { no as createMLP, no as createCNN, no as createLSTM };`,
        loader: 'js',
      }));
    },
  };
}

/** An esbuild output path (under the virtual `/demos` outdir, as an output file or the metafile names it) as a file name of the bundle. */
const published = (out: string): string => path.relative('/demos', path.resolve(out)).split(path.sep).join('/');

/** Builds the demo bundle in memory. */
export async function bundleDemos(options: DemoBundleOptions = {}): Promise<DemoBundle> {
  const esbuild = await import('esbuild');
  const minify = options.minify ?? true;
  const files = new Map<string, Uint8Array>();
  const manifest: Partial<Record<DemoAssetName, string>> = {};

  for (const [name, file] of Object.entries(options.data ?? {}) as [DemoAssetName, { bytes: Uint8Array; ext: string }][]) {
    const fileName = hashName(name, file.bytes, file.ext);
    files.set(fileName, file.bytes);
    manifest[name] = fileName;
  }

  const report = (meta: import('esbuild').Metafile): void => {
    if (!options.onOutput) return;
    for (const [out, o] of Object.entries(meta.outputs)) {
      const bySource = Object.fromEntries(Object.entries(o.inputs).map(([src, i]) => [src, i.bytesInOutput]));
      const of = (kind: string): string[] => o.imports.filter((i) => i.kind === kind).map((i) => published(i.path));
      options.onOutput(published(out), bySource, { static: of('import-statement'), lazy: of('dynamic-import'), ...(o.entryPoint ? { entryPoint: o.entryPoint } : {}) });
    }
  };
  const common = { bundle: true, platform: 'browser', target: 'es2022', minify, write: false, logLevel: 'silent', legalComments: 'none' } as const;
  // gpu.js without its WebAssembly backend, which the demos do not offer (see gpu-js-for-pages.ts).
  const gpuJs = gpuJsForPages();
  // The training Worker is a module Worker with its own chunks, so a Worker that trains on the reference backend
  // never fetches gpu.js (the engine imports it only when a gpu.js backend is asked for). Its chunks are named
  // `w-…` and cannot collide with the page's.
  const worker = await esbuild.build({
    ...common,
    entryPoints: { worker: path.join(engineDir, 'worker/worker.ts') },
    format: 'esm',
    splitting: true,
    outdir: '/demos',
    entryNames: '[name]-[hash]',
    chunkNames: 'w-[name]-[hash]',
    plugins: [gpuJs],
    metafile: true,
  });
  report(worker.metafile);
  for (const out of worker.outputFiles) {
    const rel = published(out.path);
    files.set(rel, out.contents);
    if (rel.startsWith('worker-')) manifest.worker = rel;
  }
  if (!manifest.worker) throw new Error('esbuild produced no worker-*.js');

  // Each demo is bundled on its own, with only its lazy parts (training loop, Worker client, gpu.js) split off: in
  // one build of the three, esbuild cut the modules they share into one chunk per combination of demos that uses
  // them, and the MLP mounted 11 files, each gzipped apart. A page with two demos fetches the code they share twice
  // unless a chunk comes out byte-identical (then its content-hashed name is the same file).
  const entries: Record<string, string> = {};
  /** Per demo type, its own Worker script where it is built with one (see {@link OWN_WORKER}). */
  const workers: Record<string, string> = {};
  for (const type of DEMO_TYPES) {
    const own = OWN_WORKER.has(type);
    const demo = await esbuild.build({
      ...common,
      entryPoints: { [type]: path.join(demosDir, type, 'index.ts'), ...(own ? { [`${type}-worker`]: path.join(engineDir, 'worker/worker.ts') } : {}) },
      format: 'esm',
      splitting: true,
      outdir: '/demos',
      entryNames: '[name]-[hash]',
      chunkNames: '[name]-[hash]',
      metafile: true,
      plugins: own ? [gpuJs, onlyModel(type)] : [gpuJs],
    });
    for (const out of demo.outputFiles) {
      const rel = published(out.path);
      const had = files.get(rel);
      if (had && Buffer.compare(Buffer.from(had), Buffer.from(out.contents)) !== 0) throw new Error(`demo bundle: two different files named ${rel}`);
      files.set(rel, out.contents);
    }
    report(demo.metafile);
    const built = Object.entries(demo.metafile.outputs).filter(([, o]) => o.entryPoint !== undefined);
    const entry = built.find(([, o]) => o.entryPoint!.endsWith(`${type}/index.ts`))?.[0];
    if (!entry) throw new Error(`esbuild produced no entry for the ${type} demo`);
    entries[type] = published(entry);
    if (own) {
      const w = built.find(([, o]) => o.entryPoint!.endsWith('worker/worker.ts'))?.[0];
      if (!w) throw new Error(`esbuild produced no Worker for the ${type} demo`);
      workers[type] = published(w);
    }
  }

  // The loader imports each demo by its published name (the registry's `import('./mlp/index.js')` becomes
  // `import('./mlp-<hash>.js')`, relative to the loader's own URL).
  const page = await esbuild.build({
    ...common,
    entryPoints: { hydrate: path.join(demosDir, 'hydrate.ts') },
    format: 'esm',
    outdir: '/demos',
    entryNames: '[name]-[hash]',
    define: { __DANLU_DEMO_ASSETS__: JSON.stringify(manifest), __DANLU_DEMO_WORKERS__: JSON.stringify(workers) },
    plugins: [
      {
        name: 'danlu-demo-entries',
        setup(build) {
          build.onResolve({ filter: /^\.\/(mlp|cnn|lstm)\/index\.js$/ }, (args) => {
            const type = args.path.slice(2, args.path.indexOf('/', 2));
            return { path: `./${entries[type]}`, external: true };
          });
        },
      },
    ],
  });
  let hydrator: string | undefined;
  for (const out of page.outputFiles) {
    const rel = published(out.path);
    files.set(rel, out.contents);
    if (rel.startsWith('hydrate-')) hydrator = rel;
  }
  if (!hydrator) throw new Error('esbuild produced no hydrate-*.js');
  return { files, hydrator };
}
