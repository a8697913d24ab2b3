/**
 * `check` and `dev` run inside the notes folder (`--content .`) leave the notes as they were: the render cache,
 * which would go beside the output (`./.danlu-cache`), goes to the user's cache folder instead (issue 11).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultCacheDir } from '../../src/site/build/cache-dir.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repo, 'bin/danlu.js');

/** Every path under `dir`, relative, sorted. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(rel + e.name);
      if (e.isDirectory()) visit(path.join(d, e.name), `${rel}${e.name}/`);
    }
  };
  visit(dir, '');
  return out.sort();
}

/** A notes folder with two notes and a user cache folder outside it. */
function notesFolder(): { notes: string; userCache: string; env: NodeJS.ProcessEnv } {
  const top = mkdtempSync(path.join(tmpdir(), 'danlu-cache-place-'));
  const notes = path.join(top, 'notes');
  const userCache = path.join(top, 'user-cache');
  mkdirSync(path.join(notes, '模型'), { recursive: true });
  writeFileSync(path.join(notes, 'a.md'), '---\ntitle: A\ndate: 2024-01-01\n---\nSome *text*.\n');
  writeFileSync(path.join(notes, '模型', 'b.md'), '---\ntitle: B\ndate: 2024-01-02\n---\nMore text, $x^2$.\n');
  const env = { ...process.env, XDG_CACHE_HOME: userCache, CI: 'true' };
  return { notes, userCache, env };
}

test('check --content . writes nothing into the notes folder; the cache goes to the user cache folder', { timeout: 120_000 }, async () => {
  const { notes, userCache, env } = notesFolder();
  const before = listTree(notes);
  for (let run = 0; run < 2; run++) {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'check', '--content', '.'], { cwd: notes, env });
    assert.match(stdout, /built: 2 notes/);
  }
  assert.deepEqual(listTree(notes), before, 'no file appeared in the notes');
  assert.ok(listTree(userCache).some((p) => p.endsWith('.note')), 'the render cache is in the user cache folder');
});

test('dev --content . serves the notes and writes nothing into the notes folder', { timeout: 120_000 }, async () => {
  const { notes, env } = notesFolder();
  const before = listTree(notes);
  const child = spawn(process.execPath, [cli, 'dev', '--content', '.', '--port', '0'], { cwd: notes, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const poll = setInterval(() => {
        const m = /danlu dev: (http:\/\/\S+)/.exec(out);
        if (m?.[1]) {
          clearInterval(poll);
          resolve(m[1]);
        }
      }, 50);
      void exited.then((code) => {
        clearInterval(poll);
        reject(new Error(`dev exited (${code}) before serving:\n${out}`));
      });
    });
    const home = await new Promise<string>((resolve, reject) => {
      request(url, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    assert.match(home, /<title>/);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  assert.deepEqual(listTree(notes), before, 'no file appeared in the notes');
});

test('the cache stays beside the output when that is outside the notes, and never inside them', () => {
  const top = mkdtempSync(path.join(tmpdir(), 'danlu-cache-place-'));
  const site = path.join(top, 'site');
  const env = { XDG_CACHE_HOME: path.join(top, 'xdg') };
  // The usual site: notes in content/, output dist/, cache ./.danlu-cache — the build's own default.
  assert.equal(defaultCacheDir({ siteDir: site, contentDir: 'content' }, env), undefined);
  const inNotes = defaultCacheDir({ siteDir: site, contentDir: '.' }, env);
  assert.ok(inNotes?.startsWith(path.join(top, 'xdg', 'danlu') + path.sep), inNotes);
  // Two notes folders never share a cache.
  assert.notEqual(defaultCacheDir({ siteDir: path.join(top, 'other'), contentDir: '.' }, env), inNotes);
  // The notes folder holds the user cache folder too (notes = home): the temporary folder then.
  const home = defaultCacheDir({ siteDir: site, contentDir: '.' }, { XDG_CACHE_HOME: path.join(site, '.cache') });
  assert.ok(home?.startsWith(tmpdir()) && !home.startsWith(site + path.sep), home);
});

test('build() called directly with contentDir "." and no cacheDir writes nothing into the notes either', { timeout: 120_000 }, async () => {
  const { notes, userCache } = notesFolder();
  const before = listTree(notes);
  const { build } = await import('../../src/site/build.js');
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = userCache;
  try {
    // As `check` does (an output inside the notes is refused): the cache would go beside ./dist, among the notes.
    const r = await build({ siteDir: notes, contentDir: '.', threads: 1, write: false });
    assert.ok(r.ok);
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
  assert.deepEqual(listTree(notes).filter((p) => !/^dist(\/|$)/.test(p)), before, 'no file but the output appeared in the notes');
  assert.ok(listTree(userCache).some((p) => p.endsWith('.note')), 'the render cache is in the user cache folder');
});
