#!/usr/bin/env node
/**
 * Entry point for `npm run build|dev|new|preview|check`, `npx danlu …` and a global install.
 *
 * It runs the compiled JavaScript in `lib/` (bin/compile.js; `npm install` makes it). If the sources changed since
 * that compile (a developer's edit, a `git pull`), it compiles again first (~2 s, once per change): the CLI never
 * runs older code than `src/`. Checking costs a stat of each source file, ~5 ms. Without TypeScript to compile
 * with (an install without the devDependencies) the TypeScript sources run through tsx instead, and
 * `DANLU_FROM_SOURCE=1` asks for that.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { canCompile, compile, lib, libState } from './compile.js';

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

/** The CLI module: compiled, or else the sources through tsx. */
async function loadCli() {
  let state = 'missing';
  if (!process.env.DANLU_FROM_SOURCE) {
    state = libState();
    if (state !== 'fresh' && canCompile()) {
      try {
        await compile({ log: (line) => process.stderr.isTTY && console.error(line) });
      } catch (error) {
        console.error(error.message); // tsc's own report of a syntax error
        process.exit(1);
      }
      state = libState();
    }
    if (state === 'fresh') return import(pathToFileURL(path.join(lib, 'src', 'cli', 'index.js')).href);
  }
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    console.error(
      `danlu: ${state === 'stale' ? 'lib/ is older than src/' : 'lib/ is not compiled'}, and neither TypeScript (to compile it) nor tsx (to run ` +
        `the sources) is installed. Run \`npm install\` in ${path.dirname(lib)}.`,
    );
    process.exit(1);
  }
  tsx.register();
  return import('../src/cli/index.ts');
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
