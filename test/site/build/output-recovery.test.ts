/**
 * Interrupted builds: a kill between the swap's two renames leaves a site the next build recovers (even one that
 * fails), leftover `dist.tmp-*` / `dist.old-*` folders are removed, `--out` naming a file or a symlink is refused
 * with a clear message, the writer refuses paths outside the output, and "up to date" notices a damaged output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from '../../../src/site/build.js';
import { OutputError } from '../../../src/site/errors.js';
import { OUTPUT_MARKER, OutputWriter } from '../../../src/site/build/output.js';

/** The id of a process that has exited (so its leftovers count as stale). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-recover-'));
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'content', 'a.md'), '---\ntitle: A\ndate: 2024-01-01\npermalink: a/\n---\n\nfirst\n');
  return dir;
}

/** Whether `cond` holds within 20 s, checked after each turn of the event loop (a busy machine's file opens are slow). */
async function until(cond: () => boolean, max = 20_000): Promise<boolean> {
  const end = Date.now() + max;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

const opts = (dir: string) => ({ siteDir: dir, threads: 1 }) as const;

test('a kill between the two renames: the next build recovers a site, even when it fails, and cleans up', { timeout: 120_000 }, async () => {
  const dir = site();
  assert.ok((await build(opts(dir))).ok);
  const dist = path.join(dir, 'dist');
  const pid = deadPid();
  // The state on disk between `rename(dist → dist.old-pid)` and `rename(dist.tmp-pid → dist)`: the new, complete
  // folder (its marker is written before the renames) and the old one beside it, no dist.
  renameSync(dist, `${dist}.old-${pid}`);
  mkdirSync(path.join(`${dist}.tmp-${pid}`, 'a'), { recursive: true });
  writeFileSync(path.join(`${dist}.tmp-${pid}`, 'a', 'index.html'), 'new site');
  writeFileSync(path.join(`${dist}.tmp-${pid}`, OUTPUT_MARKER), '');
  // Plus the litter of earlier kills: a half-written folder and an old one.
  mkdirSync(`${dist}.tmp-${pid + 100000}`);
  mkdirSync(`${dist}.old-${pid + 100001}`);

  // A build that fails writes nothing, but the site is there again and the litter is gone.
  writeFileSync(path.join(dir, 'content', 'broken.md'), '---\ntitle: [\n---\n');
  const failed = await build(opts(dir));
  assert.equal(failed.ok, false);
  assert.equal(readFileSync(path.join(dist, 'a', 'index.html'), 'utf8'), 'new site', 'the complete new folder was moved into place');
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('dist.')), [], 'no dist.tmp-* / dist.old-* left');

  // Killed after the first rename with only the old folder complete: the old site comes back.
  rmSync(path.join(dir, 'content', 'broken.md'));
  renameSync(dist, `${dist}.old-${pid}`);
  mkdirSync(`${dist}.tmp-${pid}`); // half-written: no marker
  const ok = await build(opts(dir));
  assert.ok(ok.ok);
  assert.match(readFileSync(path.join(dist, 'a', 'index.html'), 'utf8'), /first/);
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('dist.')), []);
  rmSync(dir, { recursive: true, force: true });
});

test('a running build\'s temporary folder is left alone', async () => {
  const dir = site();
  const dist = path.join(dir, 'dist');
  // process.ppid is alive for the whole test: its folder belongs to a build that is still running.
  mkdirSync(`${dist}.tmp-${process.ppid}`);
  assert.ok((await build(opts(dir))).ok);
  assert.ok(existsSync(`${dist}.tmp-${process.ppid}`));
  rmSync(dir, { recursive: true, force: true });
});

test('--out naming a file or a symlink is refused with a clear message; the link is not replaced', async () => {
  const dir = site();
  writeFileSync(path.join(dir, 'afile'), 'x');
  await assert.rejects(build({ ...opts(dir), outDir: 'afile' }), (e: unknown) => e instanceof OutputError && /is a file, not a folder/.test(e.describe()) && /hint:/.test(e.describe()));
  mkdirSync(path.join(dir, 'real'));
  symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
  await assert.rejects(build({ ...opts(dir), outDir: 'link' }), (e: unknown) => e instanceof OutputError && /symbolic link/.test(e.message));
  assert.deepEqual(readdirSync(path.join(dir, 'real')), [], 'nothing written through the link');
  assert.ok(existsSync(path.join(dir, 'link')));
  rmSync(dir, { recursive: true, force: true });
});

test('the writer refuses any path outside the output folder before writing anything', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-writer-'));
  for (const rel of ['../escape.html', '../../x/index.html', '/etc/x', 'a/../../b', 'a\0b']) {
    assert.throws(() => OutputWriter.open(path.join(dir, 'dist'), ['index.html', rel]), OutputError, rel);
  }
  assert.deepEqual(readdirSync(dir), [], 'no folder made');
  const writer = OutputWriter.open(path.join(dir, 'dist'), ['index.html']);
  await assert.rejects(writer.file('../escape.html', 'x'), OutputError);
  await assert.rejects(writer.commit(new Map([['../escape.css', fileURLToPath(import.meta.url)]])), OutputError);
  assert.deepEqual(readdirSync(dir), [], 'nothing outside, and the half-written folder dropped');
  rmSync(dir, { recursive: true, force: true });
});

test('"up to date" notices a damaged output', { timeout: 120_000 }, async () => {
  const dir = site();
  assert.ok((await build(opts(dir))).ok);
  assert.equal((await build(opts(dir))).report.upToDate, true);
  const page = path.join(dir, 'dist', 'a', 'index.html');
  rmSync(page);
  const again = await build(opts(dir));
  assert.notEqual(again.report.upToDate, true, 'a deleted page is rebuilt');
  assert.ok(existsSync(page));
  writeFileSync(page, 'vandalised');
  await build(opts(dir));
  assert.match(readFileSync(page, 'utf8'), /first/, 'an edited page is rebuilt');
  assert.equal((await build(opts(dir))).report.upToDate, true);
  rmSync(dir, { recursive: true, force: true });
});

test('a rebuild with a previous output rewrites only the changed files, removes what is gone and the emptied folders', { timeout: 120_000 }, async () => {
  const dir = site();
  writeFileSync(path.join(dir, 'content', 'b.md'), '---\ntitle: B\ndate: 2024-01-02\npermalink: b/\n---\n\nsecond\n');
  writeFileSync(path.join(dir, 'content', 'c.md'), '---\ntitle: C\ndate: 2024-01-03\npermalink: deep/c/\n---\n\nthird\n');
  assert.ok((await build(opts(dir))).ok);
  const dist = path.join(dir, 'dist');
  const inode = (rel: string) => statSync(path.join(dist, rel)).ino;
  const before = { a: inode('a/index.html'), b: inode('b/index.html'), css: inode('assets/style.css') };

  writeFileSync(path.join(dir, 'content', 'b.md'), '---\ntitle: B\ndate: 2024-01-02\npermalink: b/\n---\n\nsecond, edited\n');
  rmSync(path.join(dir, 'content', 'c.md'));
  writeFileSync(path.join(dist, 'stray.txt'), 'left by an interrupted build');
  assert.ok((await build(opts(dir))).ok);
  assert.match(readFileSync(path.join(dist, 'b', 'index.html'), 'utf8'), /second, edited/);
  assert.notEqual(inode('b/index.html'), before.b, 'the edited page is a new file (written beside, renamed over)');
  assert.equal(inode('a/index.html'), before.a, 'an unchanged page is not touched');
  assert.equal(inode('assets/style.css'), before.css, 'an unchanged copy is not touched');
  assert.ok(!existsSync(path.join(dist, 'deep')), 'the deleted note’s page and its emptied folders are gone');
  assert.ok(!existsSync(path.join(dist, 'stray.txt')), 'a file no build makes is removed');
  assert.ok(existsSync(path.join(dist, OUTPUT_MARKER)));
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('dist.')), [], 'no temporary folder');
  assert.equal((await build(opts(dir))).report.upToDate, true);
  rmSync(dir, { recursive: true, force: true });
});

test('an update stages changed files beside their places: an abort removes them, a commit renames them; a file where a folder goes makes way', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-writer-'));
  const out = path.join(dir, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, OUTPUT_MARKER), '');
  writeFileSync(path.join(out, 'a.txt'), 'old');
  writeFileSync(path.join(out, 'x'), 'a page that becomes a folder');
  const names = (): string[] => readdirSync(out).sort();

  const failed = OutputWriter.open(out, ['a.txt']);
  await failed.file('a.txt', 'new');
  // The write runs in the background (file() hands it to the write queue): wait until its file exists.
  assert.ok(await until(() => names().some((n) => n.startsWith('a.txt.danlu-tmp-'))), 'staged beside its place');
  await failed.abort();
  assert.deepEqual(names(), [OUTPUT_MARKER, 'a.txt', 'x']);
  assert.equal(readFileSync(path.join(out, 'a.txt'), 'utf8'), 'old');

  const w = OutputWriter.open(out, ['a.txt', 'x/index.html']);
  await w.file('a.txt', 'new');
  await w.file('x/index.html', 'inside');
  await w.commit(new Map());
  assert.equal(readFileSync(path.join(out, 'a.txt'), 'utf8'), 'new');
  assert.equal(readFileSync(path.join(out, 'x', 'index.html'), 'utf8'), 'inside');
  assert.deepEqual(names(), [OUTPUT_MARKER, 'a.txt', 'x']);
  assert.deepEqual(readdirSync(dir), ['out']);
  rmSync(dir, { recursive: true, force: true });
});
