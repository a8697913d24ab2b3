/**
 * The invalid site: every kind of broken note gets a message naming the file, line and column and the fix; the
 * build exits 1, the good note is still rendered, and the previous output is left untouched.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from '../../src/site/build.js';
import { readTree, tempSite } from '../helpers/site.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The lines a writer sees, one per problem, in `path:line:column severity rule message` form. */
const expected = [
  'content/bad-categories.md:4:1 error front-matter-categories `categories` must be a name, a list of names (a hierarchy, outermost first, as in Hexo), or a list of such lists for several categories',
  "content/bad-date.md:3:1 error front-matter-date `date: 2024-02-30 10:00:00` is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:mm:ss (read in the site's timezone Asia/Shanghai), or with an offset such as 2023-07-02T18:53:58+08:00",
  'content/bad-math.md:6:18 warning katex-parse',
  'content/binary.md:1:5 error binary-file this is a binary file with a markdown name (a NUL byte here); rename it or remove it from the content folder',
  'content/broken-yaml.md:4:1 error front-matter-yaml the front matter is not valid YAML',
  'content/dup-a.md:4:1 error permalink-duplicate this note and content/dup-b.md both go to /same/; give one of them a different `permalink:` (or file name)',
  'content/dup-b.md:4:1 error permalink-duplicate this note and content/dup-a.md both go to /same/',
  'content/empty.md:1:1 warning empty-file the file is empty and was skipped; write the note or delete the file',
  'content/gbk.md:2:8 error encoding the file is not UTF-8 (first bad byte here); re-save it as UTF-8, e.g. `iconv -f GBK -t UTF-8 in.md > out.md`',
  'content/unclosed.md:1:1 error front-matter-unclosed the front matter opened on line 1 is never closed. Did you forget the closing `---`?',
];

test('danlu build on the invalid site prints every problem with its place and exits 1', async () => {
  const site = tempSite('invalid');
  // The launcher users run (`npm run build`, `npx danlu`): the bundled CLI.
  const run = promisify(execFile)(process.execPath, [path.join(repo, 'bin/danlu.js'), 'build', '--report', 'report.json'], { cwd: site });
  const error = (await run.then(() => undefined, (e: unknown) => e)) as { code: number; stderr: string } | undefined;
  assert.ok(error, 'the build must fail');
  assert.equal(error.code, 1);
  const lines = error.stderr.trim().split('\n');
  for (const want of expected) assert.ok(lines.some((l) => l.startsWith(want)), `missing line starting with:\n${want}\n--- got:\n${error.stderr}`);
  assert.match(lines[lines.length - 1] ?? '', /^8 errors, 2 warnings \(/);
  const report = JSON.parse(readFileSync(path.join(site, 'report.json'), 'utf8')) as { messages: Array<{ file: string; line: number; column: number; severity: string; rule: string }>; math: { errors: number } };
  assert.equal(report.messages.length, 10);
  assert.deepEqual(report.messages.find((m) => m.rule === 'encoding'), { ...report.messages.find((m) => m.rule === 'encoding'), file: 'content/gbk.md', line: 2, column: 8, severity: 'error' });
  assert.equal(report.math.errors, 1);
});

test('a failed build leaves the previous output untouched; --strict makes warnings fail', async () => {
  const site = tempSite('invalid');
  const good = path.join(site, 'good-only');
  mkdirSync(good);
  cpSync(path.join(site, 'content', 'good.md'), path.join(good, 'good.md'));
  const first = await build({ siteDir: site, contentDir: 'good-only', outDir: 'dist' });
  assert.ok(first.ok);
  const before = readTree(path.join(site, 'dist'));
  assert.ok(before.has('2024/01/01/good/index.html'));

  const failed = await build({ siteDir: site, contentDir: 'content', outDir: 'dist' });
  assert.equal(failed.ok, false);
  assert.ok(failed.output.files.has('2024/01/01/good/index.html'), 'the good note is still rendered');
  assert.deepEqual(readTree(path.join(site, 'dist')), before);

  rmSync(path.join(site, 'content'), { recursive: true });
  mkdirSync(path.join(site, 'content'));
  cpSync(path.join(good, 'good.md'), path.join(site, 'content', 'good.md'));
  cpSync(path.join(repo, 'test/fixtures/sites/invalid/content/bad-math.md'), path.join(site, 'content', 'bad-math.md'));
  assert.equal((await build({ siteDir: site, outDir: 'dist' })).ok, true, 'a KaTeX warning alone does not fail');
  assert.equal((await build({ siteDir: site, outDir: 'dist', strict: true })).ok, false, '--strict turns it into an error');
});
