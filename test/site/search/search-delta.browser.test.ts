/**
 * A rebuild indexes only what changed (src/site/search/search-base.ts), and a reader finds what a full index
 * would find: in Debian Chromium, through the page's own client (`window.danluSearch`, what the boxes run), a
 * site built, then edited (a note's word replaced, a note deleted, a note added) and built again with its cache
 * answers every query as a cold build of the same notes does.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { build } from '../../../src/site/build.js';
import { folderSource, serveFrom } from '../../../src/server/static.js';
import { hasChromium, launch } from '../../demos/browser/harness.js';

const skip = hasChromium() ? false : 'Debian Chromium is not installed at /usr/bin/chromium';

let work: string;
let browser: Browser | undefined;
const servers: Server[] = [];

const note = (title: string, day: number, body: string): string => `---\ntitle: ${title}\ndate: 2024-03-${String(day).padStart(2, '0')} 10:00:00\n---\n\n${body}\n`;

/** Serves `dir` and returns its origin. */
async function serve(dir: string): Promise<string> {
  const source = folderSource(dir);
  const server = createServer((req, res) => serveFrom(source, '/', req, res, { log: () => {} }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The titles a reader finds for `q` on the site at `origin`, all of them, through the page's client. */
async function find(origin: string, q: string): Promise<string[]> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + '/search/', { waitUntil: 'load' });
  const titles = await page.evaluate(async (query) => {
    type Cursor = { next(n: number): Promise<Array<{ meta: { title: string } }>> };
    const w = window as unknown as { danluSearch?: { query(b: string, q: string): Promise<Cursor | null> } };
    while (!w.danluSearch) await new Promise((r) => setTimeout(r, 20));
    const bundle = document.querySelector('form[data-search-bundle]')!.getAttribute('data-search-bundle')!;
    const cursor = await w.danluSearch.query(bundle, query);
    return cursor ? (await cursor.next(1000)).map((d) => d.meta.title) : [];
  }, q);
  await context.close();
  assert.deepEqual(errors, []);
  return titles.sort();
}

let incremental = '';
let cold = '';

before(async () => {
  if (skip) return;
  work = mkdtempSync(path.join(tmpdir(), 'danlu-search-delta-'));
  const site = path.join(work, 'site');
  mkdirSync(path.join(site, 'content'), { recursive: true });
  writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: 增量搜索\nlanguage: zh-CN\n');
  const content = path.join(site, 'content');
  writeFileSync(path.join(content, 'edited.md'), note('改过的笔记', 1, '这里讲池化层，关键词 Quokka 出现一次。'));
  writeFileSync(path.join(content, 'deleted.md'), note('删掉的笔记', 2, '这篇讲 Narwhal 的故事。'));
  writeFileSync(path.join(content, 'kept.md'), note('没动的笔记', 3, '这篇讲 Axolotl 与卷积。'));
  for (let i = 0; i < 5; i++) writeFileSync(path.join(content, `other-${i}.md`), note(`其他 ${i}`, 10 + i, `卷积网络的第 ${i} 个例子。`));
  const first = await build({ siteDir: site });
  assert.ok(first.ok, JSON.stringify(first.report.messages));

  writeFileSync(path.join(content, 'edited.md'), note('改过的笔记', 1, '这里讲池化层，关键词 Pangolin 出现一次。'));
  unlinkSync(path.join(content, 'deleted.md'));
  writeFileSync(path.join(content, 'added.md'), note('新加的笔记', 4, '新的一篇讲 Okapi 和卷积。'));
  const second = await build({ siteDir: site });
  assert.ok(second.ok, JSON.stringify(second.report.messages));
  const manifest = JSON.parse(readFileSync(path.join(site, 'dist', 'pagefind', 'danlu-search.json'), 'utf8')) as { merge: string[]; hide: string[] };
  // The rebuild did make a delta: otherwise this test would compare two full indexes.
  assert.deepEqual(manifest.merge, ['delta/']);
  assert.equal(manifest.hide.length, 2, 'the edited and the deleted note are hidden from the base');

  // The same notes built cold, in a folder of their own with no cache.
  const coldSite = path.join(work, 'cold');
  cpSync(path.join(site, 'content'), path.join(coldSite, 'content'), { recursive: true });
  writeFileSync(path.join(coldSite, 'danlu.config.yaml'), 'title: 增量搜索\nlanguage: zh-CN\n');
  const third = await build({ siteDir: coldSite, cacheDir: false });
  assert.ok(third.ok, JSON.stringify(third.report.messages));
  assert.deepEqual(JSON.parse(readFileSync(path.join(coldSite, 'dist', 'pagefind', 'danlu-search.json'), 'utf8')), { merge: [], hide: [] });

  browser = await launch();
  incremental = await serve(path.join(site, 'dist'));
  cold = await serve(path.join(coldSite, 'dist'));
});

after(async () => {
  await browser?.close();
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
  if (work) rmSync(work, { recursive: true, force: true });
});

test('after an edit, a deletion and a new note, the rebuilt index answers as a cold one does', { skip }, async () => {
  const expected: Record<string, string[]> = {
    Pangolin: ['改过的笔记'], // the edit's new word
    Quokka: [], // the word the edit removed: the base still holds it, hidden
    Narwhal: [], // the deleted note
    Okapi: ['新加的笔记'], // the new note, only in the delta
    Axolotl: ['没动的笔记'], // untouched, only in the base
    池化层: ['改过的笔记'], // in the edited note before and after: found once, not twice
  };
  for (const [q, want] of Object.entries(expected)) {
    assert.deepEqual(await find(cold, q), want, `cold build, ${q}`);
    assert.deepEqual(await find(incremental, q), want, `rebuilt with its cache, ${q}`);
  }
  // A word in many notes across both indexes: every note once.
  assert.deepEqual(await find(incremental, '卷积'), await find(cold, '卷积'));
});
