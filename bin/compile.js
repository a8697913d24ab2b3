#!/usr/bin/env node
/**
 * Compiles danlu's TypeScript to `lib/`, the JavaScript that bin/danlu.js and the render workers run: `npm install`
 * runs it (the `prepare` script; `npm run compile` by hand), and bin/danlu.js runs it again when the sources
 * changed since (a developer's edit), so the CLI never runs older code than `src/`.
 *
 * `lib/` mirrors the repository: `lib/src/**.js`, `lib/themes/**.js` (and the few files outside them that `src/`
 * imports, such as `scripts/data/`), compiled by the project's `tsc` (tsconfig.build.json) without type checking
 * (`--noCheck`: `npm run typecheck` and `npm test` check the types; emitting alone takes ~1 s of CPU). Next to
 * them, what tsc does not emit, so that every path a module finds from its own `import.meta.url` holds there too:
 * - every file of `src/` and `themes/` that is not TypeScript (theme assets, the CNN weights, READMEs);
 * - the TypeScript of `src/demos/` and `src/engine/`: the build hands those to esbuild for the page's demo bundle
 *   (emit/demo-bundle.ts), which bundles them for the browser from the sources' entry points;
 * - `package-lock.json` (a copy: the demo bundle's cache key hashes it) and `node_modules` (a link: one module
 *   imports a file of micromark by a relative path).
 * - `stamp.json`: what the compile was made from (a stat digest of the inputs, to tell when it is stale) and the
 *   one hash of danlu's sources that the render cache and the up-to-date fingerprint use (src/site/build/source-hash.ts).
 *
 * The compile is written beside `lib/` and renamed into place, under a lock folder, so a CLI started meanwhile
 * waits for it and never runs half a compile.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const lib = path.join(repo, 'lib');
const STAMP = 'stamp.json';
const LOCK = path.join(repo, 'lib.lock');
/** A lock older than this is left from a compile that died: taken over. */
const LOCK_STALE_MS = 120_000;
/** Folders compiled whole, and files whose change means compiling again. */
const TREES = ['src', 'themes'];
const FILES = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin/compile.js'];
/** Their TypeScript is copied too: the demo bundle's sources (see above). */
const BROWSER_SOURCES = ['src/demos', 'src/engine'];

/**
 * A digest of the inputs' stats (path, size, mtime; of the folders too, so a new or deleted file counts): the
 * trees above, `FILES`, and `extra` (files outside the trees that the compile took in). ~5 ms for ~250 files.
 */
export function inputsDigest(extra = []) {
  const h = createHash('sha256');
  const add = (rel) => {
    try {
      const s = statSync(path.join(repo, rel));
      h.update(`${rel}\0${s.size}\0${s.mtimeMs}\n`);
    } catch {
      h.update(`${rel}\0missing\n`);
    }
  };
  const visit = (rel) => {
    add(rel);
    let entries;
    try {
      entries = readdirSync(path.join(repo, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) visit(`${rel}/${e.name}`);
      else add(`${rel}/${e.name}`);
    }
  };
  for (const t of TREES) visit(t);
  for (const f of [...FILES, ...extra]) add(f);
  return h.digest('hex').slice(0, 32);
}

function readStamp(dir = lib) {
  try {
    return JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

/** `fresh` (lib/ was compiled from the sources as they are), `stale` (they changed since) or `missing`. */
export function libState() {
  const stamp = readStamp();
  if (!stamp || !existsSync(path.join(lib, 'src', 'cli', 'index.js'))) return 'missing';
  return stamp.inputs === inputsDigest(stamp.extra ?? []) ? 'fresh' : 'stale';
}

/** The project's tsc (a devDependency), or undefined when it is not installed (`npm install --omit=dev`). */
function findTsc() {
  try {
    const pkg = createRequire(path.join(repo, 'package.json')).resolve('typescript/package.json');
    const bin = path.join(path.dirname(pkg), 'bin', 'tsc');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this checkout can compile (TypeScript is installed). */
export function canCompile() {
  return findTsc() !== undefined;
}

/** Every file under `dir` (relative to it). */
function* files(dir, rel = '') {
  let entries;
  try {
    entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* files(dir, r);
    else yield r;
  }
}

/** Takes the lock folder, waiting while another process compiles. Returns its release. */
async function lock() {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Compiles `src/` and `themes/` into `lib/` (unless another process just did). Returns `{ compiled, ms }`, or
 * `{ compiled: false, reason: 'no-typescript' }`; throws with tsc's output when tsc fails (a syntax error).
 */
export async function compile({ log = () => {} } = {}) {
  const tsc = findTsc();
  if (!tsc) return { compiled: false, reason: 'no-typescript' };
  const release = await lock();
  try {
    // Waited for another compile: it may have made exactly this one.
    if (libState() === 'fresh') return { compiled: false, reason: 'fresh' };
    const started = performance.now();
    const previous = readStamp()?.extra ?? [];
    // If a source changes while tsc runs, compile again: the stamp must describe exactly what was compiled.
    for (let attempt = 1; ; attempt++) {
      const before = inputsDigest(previous);
      const tmp = `${lib}.tmp-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      log('danlu: compiling src/ to lib/ …');
      const run = spawnSync(process.execPath, [tsc, '-p', path.join(repo, 'tsconfig.build.json'), '--outDir', tmp, '--noCheck'], { cwd: repo, encoding: 'utf8' });
      if (run.status !== 0) {
        rmSync(tmp, { recursive: true, force: true });
        throw new Error(`danlu: compiling the TypeScript sources failed (tsc exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
      }
      // Sources compiled from outside the trees (imported by them): their changes count too.
      const extra = [...files(tmp)]
        .filter((f) => f.endsWith('.js') && !TREES.some((t) => f.startsWith(`${t}/`)))
        .map((f) => f.replace(/\.js$/, '.ts'))
        .filter((f) => existsSync(path.join(repo, f)))
        .sort();
      for (const tree of TREES) {
        for (const f of files(path.join(repo, tree))) {
          const browser = BROWSER_SOURCES.some((b) => `${tree}/${f}`.startsWith(`${b}/`));
          if (!f.endsWith('.ts') || browser) cpSync(path.join(repo, tree, f), path.join(tmp, tree, f));
        }
      }
      if (existsSync(path.join(repo, 'package-lock.json'))) cpSync(path.join(repo, 'package-lock.json'), path.join(tmp, 'package-lock.json'));
      if (existsSync(path.join(repo, 'node_modules'))) symlinkSync(process.platform === 'win32' ? path.join(repo, 'node_modules') : path.join('..', 'node_modules'), path.join(tmp, 'node_modules'), 'junction');
      const { hashDanluSources } = await import(pathToFileURL(path.join(tmp, 'src', 'site', 'build', 'source-hash.js')).href);
      const sourceHash = hashDanluSources(repo);
      const inputs = inputsDigest(extra);
      if (inputsDigest(previous) !== before && attempt < 3) {
        rmSync(tmp, { recursive: true, force: true });
        continue;
      }
      writeFileSync(path.join(tmp, STAMP), `${JSON.stringify({ inputs, extra, sourceHash }, null, 2)}\n`);
      const old = `${lib}.old-${process.pid}`;
      if (existsSync(lib)) renameSync(lib, old);
      renameSync(tmp, lib);
      rmSync(old, { recursive: true, force: true });
      return { compiled: true, ms: Math.round(performance.now() - started) };
    }
  } finally {
    release();
  }
}

// `node bin/compile.js` (npm's `prepare`, `npm run compile`): compile now. Without TypeScript (an install that
// omitted the devDependencies) there is nothing to compile with; the CLI then runs the sources through tsx.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  try {
    const result = await compile({ log: (line) => console.log(line) });
    if (result.compiled) console.log(`danlu: compiled to lib/ in ${result.ms} ms`);
    else if (result.reason === 'fresh') console.log('danlu: lib/ is up to date');
    else console.log('danlu: TypeScript is not installed (devDependencies omitted?), so lib/ is not compiled; bin/danlu.js runs the sources through tsx');
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
