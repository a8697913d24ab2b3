/**
 * The render worker as one bundled ES module, made with esbuild and kept under `node_modules/.cache/danlu/`.
 *
 * Why: a worker started from the TypeScript sources loads ~400 modules through tsx's loader hooks (which answer
 * from another thread, one round trip per module): 1.1 s and 1.25 s of CPU per worker on the build VM, spent
 * while the main thread reads the notes on the same two cores. The bundle loads in 0.3 s with 0.2 s of CPU
 * (`node -e "await import(…)"`, three runs each). Lazily loaded parts (Shiki's grammars, Mermaid) stay separate
 * chunks, loaded only when a note needs them.
 *
 * The bundle is keyed by the contents of `src/` and the lockfile, so an edited plugin or an updated package gets
 * a new bundle on the next build (~1.7 s, once); without esbuild, or if bundling fails, workers run from the
 * sources as before.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashSources } from './source-hash.js';

/** Bundles older than this are removed when a new one is made (a build still running may be loading chunks). */
const KEEP_OLD_MS = 60 * 60 * 1000;

/**
 * A Node ES module bundle needs `require` for the CommonJS packages esbuild inlines (KaTeX's, js-yaml's deps…).
 * Written `import.meta['url']` so that bundling the CLI, which replaces each `import.meta.url` of a source file
 * with that file's URL (bin/danlu.js), leaves this text alone.
 */
const BANNER = "import { createRequire as __danluRequire } from 'node:module'; const require = __danluRequire(import.meta['url']);";

/**
 * The URL of the bundled worker for `entry` (a `.ts` file under `src/`), bundling it first if this version of the
 * sources has no bundle yet; `undefined` when it cannot be made (the caller runs the sources instead).
 */
export function workerBundle(entry: string): URL | undefined {
  try {
    const src = path.resolve(path.dirname(entry), '..');
    const repo = path.dirname(src);
    const cacheRoot = path.join(repo, 'node_modules', '.cache', 'danlu');
    const requireHere = createRequire(import.meta.url);
    const esbuild = requireHere('esbuild') as typeof import('esbuild');
    // Everything the bundle is made from: every source file, the lockfile, esbuild's version and the entry.
    const key = hashSources(`${esbuild.version}\0${path.relative(src, entry)}`, [src], src, path.join(repo, 'package-lock.json'));
    const dir = path.join(cacheRoot, `${path.basename(entry, '.ts')}-${key}`);
    const file = path.join(dir, `${path.basename(entry, '.ts')}.js`);
    if (existsSync(file)) return pathToFileURL(file);

    mkdirSync(cacheRoot, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: tmp,
      banner: { js: BANNER },
      logLevel: 'silent',
    });
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another build made the same bundle first
    }
    removeOldBundles(cacheRoot, dir);
    return existsSync(file) ? pathToFileURL(file) : undefined;
  } catch {
    return undefined;
  }
}

function removeOldBundles(cacheRoot: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(cacheRoot)) {
    const full = path.join(cacheRoot, name);
    if (full === keep) continue;
    try {
      if (now - statSync(full).mtimeMs > KEEP_OLD_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // removed by another build meanwhile
    }
  }
}
