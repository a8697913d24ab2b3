/**
 * `npx tsx scripts/bench/browser/demo-bytes.ts`: what each demo's code weighs, split into the engine (`src/engine/`),
 * gpu.js and the demo's own UI (`src/demos/`), as the site publishes it (`bundleDemos`, minified). Per demo: the
 * files its chunk loads when it mounts (its entry and what that imports statically), and the gpu.js chunk its page
 * loads for a gpu.js backend on the page, with the files that chunk adds. gzip is per file (what a compressing
 * server sends); a file's gzip is shared among its sources in proportion to their minified bytes, so the split is
 * an estimate and the totals are exact. No browser: `bench:demos` measures what a page actually fetches.
 */
import { gzipSync } from 'node:zlib';
import { bundleDemos } from '../../../src/site/emit/demo-bundle.js';

interface Output {
  bySource: Record<string, number>;
  imports: { static: string[]; lazy: string[] };
  entryPoint?: string;
}
const outputs = new Map<string, Output>();
const bundle = await bundleDemos({
  onOutput: (file, bySource, { entryPoint, ...imports }) => void outputs.set(file, { bySource, imports, ...(entryPoint ? { entryPoint } : {}) }),
});

type Part = 'engine' | 'gpu.js' | 'UI';
/** gpu.js with its own dependencies (acorn, gpu-mock.js) and the stubs standing for its WebAssembly backend. */
const partOf = (source: string): Part => (source.startsWith('src/engine/') ? 'engine' : source.startsWith('src/demos/') ? 'UI' : 'gpu.js');
const sourcesOf = (file: string): string[] => Object.keys(outputs.get(file)?.bySource ?? {});

/** `file` and every file it imports statically. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const i of outputs.get(file)?.imports.static ?? []) closure(i, seen);
  return seen;
}

/** The files `from` imports lazily, directly or through other lazy chunks. */
function lazyFrom(from: Iterable<string>): string[] {
  const found = new Set<string>();
  const queue = [...from];
  while (queue.length) {
    for (const l of outputs.get(queue.pop()!)?.imports.lazy ?? []) if (!found.has(l)) (found.add(l), queue.push(l));
  }
  return [...found];
}

type Weights = Record<Part | 'all', { min: number; gzip: number }>;
function weigh(files: Iterable<string>): Weights {
  const sums: Weights = { engine: { min: 0, gzip: 0 }, 'gpu.js': { min: 0, gzip: 0 }, UI: { min: 0, gzip: 0 }, all: { min: 0, gzip: 0 } };
  for (const f of new Set(files)) {
    const bytes = bundle.files.get(f);
    if (!bytes) throw new Error(`no output file ${f}`);
    const gz = gzipSync(bytes).length;
    sums.all.min += bytes.length;
    sums.all.gzip += gz;
    const bySource = outputs.get(f)?.bySource ?? {};
    const known = Object.values(bySource).reduce((a, b) => a + b, 0) || 1;
    for (const [src, n] of Object.entries(bySource)) {
      sums[partOf(src)].min += n;
      sums[partOf(src)].gzip += (gz * n) / known;
    }
  }
  return sums;
}

const entryOf = (ends: string, prefix: string): string => {
  const f = [...outputs].find(([name, o]) => o.entryPoint?.endsWith(ends) && name.startsWith(prefix))?.[0];
  if (!f) throw new Error(`no entry ${prefix}… for ${ends}`);
  return f;
};
const cell = (w: { min: number; gzip: number }): string => `${(w.min / 1000).toFixed(1)} (${(w.gzip / 1000).toFixed(1)})`;

console.log("Minified KB (gzip KB); gzip per file, a file's gzip shared among its sources by their minified bytes.\n");
console.log('| demo | when | files | engine | gpu.js | demo UI | all |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const type of ['mlp', 'cnn', 'lstm']) {
  const mount = closure(entryOf(`demos/${type}/index.ts`, `${type}-`));
  // Play on a gpu.js backend in the Worker: the page's Worker client, the Worker (the CNN's own, or the shared
  // one) and the Worker's gpu.js chunk.
  const client = lazyFrom(mount).filter((f) => sourcesOf(f).some((s) => s.endsWith('engine/worker/client.ts')));
  const worker = closure(entryOf('engine/worker/worker.ts', type === 'cnn' ? 'cnn-worker-' : 'worker-'));
  const gpu = lazyFrom(worker).filter((f) => sourcesOf(f).some((s) => partOf(s) === 'gpu.js'));
  const play = [...mount, ...client.flatMap((c) => [...closure(c)]), ...worker, ...gpu.flatMap((g) => [...closure(g)])];
  for (const [when, files] of [['mounted', [...mount]], ['Play on gpu.js (Worker)', play]] as const) {
    const w = weigh(files);
    console.log(`| ${type} | ${when} | ${new Set(files).size} | ${cell(w.engine)} | ${cell(w['gpu.js'])} | ${cell(w.UI)} | ${cell(w.all)} |`);
  }
}
