#!/usr/bin/env node
/**
 * Entry point for `npm run build|dev|new|preview|check`, `npx danlu …` and a global install.
 *
 * It runs the command line as one esbuild bundle of `src/` and the built-in themes, kept under
 * `node_modules/.cache/danlu/cli-<key>/` and keyed by the sources, the lockfile and esbuild's version (so an edit
 * or an update makes a new one, ~1.5 s once). Why: started through tsx, the first line of the CLI ran after
 * ~0.6 s (tsx starts its loader hooks on a thread of their own and answers every module from there); from the
 * bundle, after ~0.2 s. Without esbuild, or if bundling fails, the TypeScript sources run through tsx as before,
 * and `DANLU_FROM_SOURCE=1` asks for that.
 *
 * The bundle must behave as the sources do: every `import.meta.url` in a source file is replaced by that file's
 * own URL while bundling (the theme finds its assets, the render pool its worker, the cache its code hash).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';

/**
 * V8 optimises a function once it has run ~66 KB of bytecode a few times over (`--interrupt-budget=67584`). A
 * build runs each of thousands of functions for seconds, and on a 2-core machine the optimising compiler's
 * threads take their CPU from the render workers: at 1000 notes, 1106 functions were compiled by TurboFan (9.2 s
 * of compile jobs across the threads), many of them run-once-per-note setup such as mdast-util-from-markdown's
 * `compiler` (0.5 s alone, in every worker). Six times the budget leaves those lukewarm functions to the baseline
 * tiers: 521 compiles, 3.5 s; user CPU 18.8 -> 16.8 s and wall 13.9 -> 12.5 s (means of 4 interleaved rounds).
 * Set here, before any worker starts, it applies to the whole process; V8 reads it as it tiers functions up.
 */
v8.setFlagsFromString('--interrupt-budget=400000');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every `.ts`, `.js` and `.json` file under `dir`, sorted, as [path relative to the repository, contents]: the
 * files the render workers' bundle key hashes too (src/site/source-hash.ts), so whenever that bundle is remade
 * this one is as well, and the clean-up of old bundles there never removes the one this process is using.
 */
function* sources(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (/\.(ts|js|json)$/.test(name)) yield [path.relative(repo, full), readFileSync(full)];
  }
}

/** Bundles the CLI into `dir` (written aside, then renamed: a build running at the same time never sees half). */
async function bundle(esbuild, dir) {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const ownUrls = {
    name: 'danlu-source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
  await esbuild.build({
    entryPoints: { index: path.join(repo, 'src', 'cli', 'index.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: tmp,
    // CommonJS packages inlined into an ES module still call `require`.
    banner: { js: "import { createRequire as __danluRequire } from 'node:module'; const require = __danluRequire(import.meta.url);" },
    // esbuild itself (a native binary, used to bundle the render workers) and tsx (user themes in TypeScript).
    external: ['esbuild', 'tsx', 'tsx/*'],
    plugins: [ownUrls],
    logLevel: 'silent',
  });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another build made the same bundle first
  }
}

/** The CLI module: from the bundle when it can be had, else from the sources. */
async function loadCli() {
  if (!process.env.DANLU_FROM_SOURCE) {
    try {
      const esbuild = createRequire(import.meta.url)('esbuild');
      // The checkout's own path too: the bundle holds each source file's absolute URL (below), and two checkouts
      // may share one node_modules (a worktree, the benchmark's snapshots).
      const h = createHash('sha256').update(`cli\0${esbuild.version}\0${repo}\0`);
      for (const [rel, bytes] of [...sources(path.join(repo, 'src')), ...sources(path.join(repo, 'themes'))]) h.update(rel).update('\0').update(bytes);
      const lock = path.join(repo, 'package-lock.json');
      if (existsSync(lock)) h.update(readFileSync(lock));
      const dir = path.join(repo, 'node_modules', '.cache', 'danlu', `cli-${h.digest('hex').slice(0, 16)}`);
      const file = path.join(dir, 'index.js');
      if (!existsSync(file)) await bundle(esbuild, dir);
      return await import(pathToFileURL(file).href);
    } catch (error) {
      if (process.env.DANLU_DEBUG) console.error('danlu: running from the sources, the bundle failed:', error);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/index.ts');
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
