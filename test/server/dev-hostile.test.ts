/**
 * The dev server stays up under hostile requests: `//` and malformed paths get a status, a file deleted while the
 * last good site is served is a 404, every answer carries nosniff and a CSP, and live reload still works under it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEV_CSP, startDevServer } from '../../src/server/dev.js';
import { rawGet } from '../helpers/http.js';

test('dev server: hostile paths, a deleted file, nosniff and CSP', { timeout: 120_000 }, async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-dev-hostile-'));
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'content', 'note.md'), '---\ntitle: Note\ndate: 2024-01-01\npermalink: note/\n---\n\n![pic](pic.png)\n');
  writeFileSync(path.join(site, 'content', 'pic.png'), 'not really a png');
  const logs: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => void logs.push(args.join(' '));
  const dev = await startDevServer({ siteDir: site, port: 0, cacheDir: false, threads: 1 });
  try {
    const port = Number(new URL(dev.url).port);
    const home = await rawGet(port, '//');
    assert.equal(home.status, 200);
    assert.equal(home.headers['x-content-type-options'], 'nosniff');
    assert.equal(home.headers['content-security-policy'], DEV_CSP);
    assert.match(home.body, /new EventSource\('\/__danlu\/events\?path='/, 'live reload script still injected');
    // The CSP lets that inline script connect back to this server only.
    assert.match(DEV_CSP, /script-src 'self' 'unsafe-inline'/);
    assert.match(DEV_CSP, /connect-src 'self'/);

    for (const [target, status] of [['/%', 400], ['/%00', 400], ['/..%2f..%2fetc%2fpasswd', 400], [`/${'y'.repeat(9000)}`, 414]] as const) {
      const r = await rawGet(port, target);
      assert.equal(r.status, status, target.slice(0, 30));
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }

    const pic = await rawGet(port, '/files/pic.png');
    assert.equal(pic.status, 200, 'the note image is served from its source');
    rmSync(path.join(site, 'content', 'pic.png'));
    // Before the rebuild the deletion triggers lands, the last good site still lists the file: a 404, no crash.
    const gone = await rawGet(port, '/files/pic.png');
    assert.equal(gone.status, 404);
    assert.equal((await rawGet(port, '/note/')).status, 200, 'still up');
  } finally {
    await dev.close();
    console.error = error;
    rmSync(site, { recursive: true, force: true });
  }
});
