/** The dev server serves the site from memory, shows drafts, and rebuilds and reloads when a note changes. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { startDevServer } from '../../src/server/dev.js';
import { tempSite } from '../helpers/site.js';

function get(url: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

test('dev server: drafts shown, Chinese URLs served, a saved note is rebuilt and pages reload', { timeout: 120_000 }, async () => {
  const site = tempSite('hexo-blog');
  const dev = await startDevServer({ siteDir: site, contentDir: 'source/_posts', port: 0, cacheDir: false });
  try {
    const base = dev.url.replace(/\/blog\/$/, '');
    assert.match(dev.url, /^http:\/\/127\.0\.0\.1:\d+\/blog\/$/);
    const home = await get(dev.url);
    assert.equal(home.status, 200);
    assert.match(home.body, /草稿/, 'drafts are listed in dev');
    assert.match(home.body, /new EventSource\('\/__danlu\/events\?path='/, 'live reload script injected');

    const postUrl = `${base}/blog/${encodeURI('2023/07/03/模型/CNN 笔记/卷积网络/')}`;
    const before = await get(postUrl);
    assert.equal(before.status, 200);
    assert.doesNotMatch(before.body, /新加的一段/);

    const rebuilt = dev.nextBuild();
    const file = path.join(site, 'source/_posts/模型/CNN 笔记/卷积网络.md');
    writeFileSync(file, `${(await import('node:fs')).readFileSync(file, 'utf8')}\n新加的一段。\n`);
    await rebuilt;
    const after = await get(postUrl);
    assert.match(after.body, /新加的一段/);

    const missing = await get(`${base}/blog/no/such/page/`);
    assert.equal(missing.status, 404);
    assert.match(missing.body, /404|找不到|not found/i);
  } finally {
    await dev.close();
  }
});

test('dev server: pages are served before the search index, which joins them when Pagefind is done', { timeout: 180_000 }, async () => {
  const site = tempSite('hexo-blog');
  const { build } = await import('../../src/site/build.js');
  // What the dev server asks of the build: the pages now, the index when it asks for it.
  const result = await build({ siteDir: site, contentDir: 'source/_posts', write: false, cacheDir: false, search: 'background' });
  assert.ok(result.search, 'a background index is offered');
  assert.ok(![...result.output.files.keys()].some((f) => f.startsWith('pagefind/')), 'no index file among the pages yet');
  const files = await result.search();
  assert.ok(files.has('pagefind/pagefind.js') && [...files.keys()].some((f) => f.startsWith('pagefind/index/')), [...files.keys()].join(', '));
  // `check` builds none.
  const checked = await build({ siteDir: site, contentDir: 'source/_posts', write: false, cacheDir: false, search: 'off' });
  assert.equal(checked.search, undefined);
  assert.ok(![...checked.output.files.keys()].some((f) => f.startsWith('pagefind/')));

  const dev = await startDevServer({ siteDir: site, contentDir: 'source/_posts', port: 0, cacheDir: false });
  try {
    const base = dev.url.replace(/\/blog\/$/, '');
    // Wait for the condition (the index is served), never for a fixed time.
    let status = 0;
    for (let i = 0; i < 1200 && status !== 200; i++) {
      status = (await get(`${base}/blog/pagefind/pagefind.js`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200, 'the dev server serves the search index once built');
  } finally {
    await dev.close();
  }
});
