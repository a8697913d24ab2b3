/**
 * The demo bundle, kept in the build's cache folder: esbuild takes about a second for it, and it changes only when
 * the demos' or the engine's code, the demo data or the packages do. The key hashes exactly those, so a rebuild
 * after editing a note reads the bundle from disk instead of bundling again.
 *
 * The data enters the key through what makes it: demo-data.ts (this folder), the scripts it packs MNIST with
 * (`scripts/data/`), the shipped weights (`src/demos/cnn/weights.json`) and the `mnist` package's version in the
 * lockfile. So a cache hit does not need the data at all (reading and packing MNIST takes ~0.4 s); the data is
 * made only when the bundle is.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSources } from '../build/source-hash.js';
import { bundleDemos, type DemoBundle, type DemoBundleOptions } from './demo-bundle.js';

const srcDir = fileURLToPath(new URL('../../', import.meta.url));
const repoDir = path.join(srcDir, '..');
const lockfile = path.join(repoDir, 'package-lock.json');
const PREFIX = 'demos-';

/** A bundle and whether it came from the cache. */
export interface CachedDemoBundle {
  bundle: DemoBundle;
  /** True when no bundling ran: the files were read from the cache folder. */
  cached: boolean;
  /** The cache key (also the name of its folder in the cache). */
  key: string;
}

/**
 * Key of a bundle: the code it and its data are made from (`src/demos/**` with the weights, `src/engine/**`, this
 * folder, `scripts/data/**`), package-lock.json (esbuild's, every bundled package's and the `mnist` package's
 * version) and `minify`.
 */
export function demoBundleKey(minify = true): string {
  const dirs = [path.join(srcDir, 'demos'), path.join(srcDir, 'engine'), path.join(srcDir, 'site', 'emit'), path.join(repoDir, 'scripts', 'data')];
  return createHash('sha256').update(hashSources('demos', dirs, repoDir, lockfile)).update(minify ? '\0min' : '\0dev').digest('hex').slice(0, 20);
}

/** Options of {@link cachedDemoBundle}: {@link bundleDemos}'s, with the data made only when a bundle is. */
export interface CachedDemoBundleOptions {
  minify?: boolean;
  data?: () => Promise<NonNullable<DemoBundleOptions['data']>>;
}

/**
 * The demo bundle for `data`, from `cacheDir` when it holds one with the same key, else bundled and stored there
 * (replacing older bundles: only the current one is worth keeping). Without a cache folder it always bundles.
 */
export async function cachedDemoBundle(cacheDir: string | undefined, options: CachedDemoBundleOptions = {}): Promise<CachedDemoBundle> {
  const minify = options.minify ?? true;
  const key = demoBundleKey(minify);
  const dir = cacheDir ? path.join(cacheDir, PREFIX + key) : undefined;
  if (dir) {
    const hit = readEntry(dir);
    if (hit) return { bundle: hit, cached: true, key };
  }
  const bundle = await bundleDemos({ minify, data: options.data ? await options.data() : {} });
  if (cacheDir && dir) writeEntry(cacheDir, dir, bundle);
  return { bundle, cached: false, key };
}

interface Manifest {
  hydrator: string;
  files: string[];
}

/** A stored bundle, or undefined when it is missing or damaged (a damaged entry only costs a bundle). */
function readEntry(dir: string): DemoBundle | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (typeof manifest.hydrator !== 'string' || !Array.isArray(manifest.files) || !manifest.files.includes(manifest.hydrator)) return undefined;
    const files = new Map<string, Uint8Array>();
    for (const name of manifest.files) {
      // Names are esbuild's `[name]-[hash].js` and ours: one plain segment; anything else is not our entry.
      if (typeof name !== 'string' || !/^[\w.-]+$/.test(name) || name === 'manifest.json') return undefined;
      files.set(name, readFileSync(path.join(dir, 'files', name)));
    }
    return { files, hydrator: manifest.hydrator };
  } catch {
    return undefined;
  }
}

/** Stores a bundle: written beside, then renamed into place, so a reader never sees half an entry. */
function writeEntry(cacheDir: string, dir: string, bundle: DemoBundle): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(path.join(tmp, 'files'), { recursive: true });
    for (const [name, bytes] of bundle.files) writeFileSync(path.join(tmp, 'files', name), bytes);
    writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify({ hydrator: bundle.hydrator, files: [...bundle.files.keys()] } satisfies Manifest));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    for (const name of readdirSync(cacheDir)) {
      if (name.startsWith(PREFIX) && path.join(cacheDir, name) !== dir) rmSync(path.join(cacheDir, name), { recursive: true, force: true });
    }
  } catch {
    // A cache that cannot be written only costs the next build a bundle.
  }
}

/** Whether `cacheDir` holds the bundle of `key` (for tests and the report). */
export function hasCachedDemoBundle(cacheDir: string, key: string): boolean {
  return existsSync(path.join(cacheDir, PREFIX + key, 'manifest.json'));
}
