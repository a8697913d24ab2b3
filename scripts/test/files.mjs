#!/usr/bin/env node
/**
 * Lists the test files, sorted, for `npm test` (all of them) and `npm run test:fast` (`--fast`: units and fixture
 * builds for the inner loop, without the tests that drive a real browser, real Hexo or whole generated sites).
 * A test is slow by what it does, read from its source, so a new browser test is left out of the fast tier
 * without anyone listing it here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What makes a test file slow: a browser, real Hexo, Pagefind over a whole site, or a generated corpus. */
const SLOW = [/from 'playwright-core'/, /browser\/harness\.js'/, /from 'hexo'/, /hexo-oracle/, /writeCorpus\(/];
/** Slow by name (whole-site builds of every fixture, hostile inputs at full size). */
const SLOW_FILES = new Set(['test/site/content-build.test.ts', 'test/site/hostile-site.test.ts', 'test/site/hostile-render.test.ts', 'test/site/hexo-oracle.test.ts']);

const fast = process.argv.includes('--fast');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.ts')) files.push(full.split(path.sep).join('/'));
  }
};
walk('test');
const inBrowser = (f) => f.includes('/browser/') || f.endsWith('.browser.test.ts');
const keep = fast ? files.filter((f) => !SLOW_FILES.has(f) && !inBrowser(f) && !SLOW.some((re) => re.test(readFileSync(f, 'utf8')))) : files;
process.stdout.write(keep.join('\n') + '\n');
