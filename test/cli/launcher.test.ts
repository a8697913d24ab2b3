/**
 * bin/danlu.js, what `npm run build` and `npx danlu` run: the CLI compiled to lib/ (bin/compile.js). It must build
 * exactly what the TypeScript sources build.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readTree, tempSite } from '../helpers/site.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

test('the compiled CLI builds the Hexo fixture byte for byte as the sources do', async () => {
  const site = tempSite('hexo-blog');
  const launcher = path.join(repo, 'bin/danlu.js');
  const args = (out: string) => [launcher, 'build', '--content', 'source/_posts', '--out', out, '--no-cache'];
  const compiled = await run(process.execPath, args('out-compiled'), { cwd: site });
  const fromSource = await run(process.execPath, args('out-source'), { cwd: site, env: { ...process.env, DANLU_FROM_SOURCE: '1' } });
  assert.match(compiled.stdout, /^built: /m);
  assert.match(fromSource.stdout, /^built: /m);
  const a = readTree(path.join(site, 'out-compiled'));
  const b = readTree(path.join(site, 'out-source'));
  assert.ok(a.size > 5, `pages written: ${a.size}`);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [file, bytes] of a) assert.ok(bytes.equals(b.get(file) as Buffer), `${file} differs between the compiled CLI and the sources`);
  // …and it really ran compiled JavaScript (the launcher compiles when lib/ is missing or stale).
  assert.ok(existsSync(path.join(repo, 'lib/stamp.json')) && existsSync(path.join(repo, 'lib/src/cli/index.js')), 'no lib/ was compiled');
});

test("the compiled CLI loads a site's own TypeScript theme (through tsx)", async () => {
  const site = path.join(repo, 'test/fixtures/sites/own-theme');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'danlu-own-theme-')), 'dist');
  const { stdout } = await run(process.execPath, [path.join(repo, 'bin/danlu.js'), 'build', '--out', out], { cwd: site });
  assert.match(stdout, /^built: 1 notes/m);
  const home = readFileSync(path.join(out, 'index.html'), 'utf8');
  assert.ok(home.startsWith('<!-- the plain theme -->\n<!doctype html>'), home.slice(0, 80));
  assert.match(home, /自己的主题/);
});
