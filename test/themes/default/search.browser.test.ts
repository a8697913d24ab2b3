/**
 * Search on a built site in Debian Chromium (playwright-core), served by the project's own static server: the
 * header box of a note page finds a Chinese phrase that occurs only past a note's 5,000th character and an English
 * word that occurs only in a heading, shows the match marked in a snippet and math as TeX; a Chinese run and a
 * quoted phrase match as written, space-separated words anywhere in a note; `/` and Ctrl-K focus
 * the box; `/search/?q=` opens results directly; a page whose box is never used fetches no search file; at 390 px
 * the open list does not make the page scroll sideways.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { build } from '../../../src/site/build.js';
import { folderSource, serveFrom } from '../../../src/server/static.js';
import { hasChromium, launch } from '../../demos/browser/harness.js';

const skip = hasChromium() ? false : 'Debian Chromium is not installed at /usr/bin/chromium';
const ROOT = '/notes/';
const PHRASE = '感受野随层数线性增长';
const HEADING_WORD = 'Zebrafish';

let site: string;
let server: Server | undefined;
let origin = '';
let browser: Browser | undefined;

// Varied Chinese prose without the phrase's characters, so only the phrase itself can match.
const FILLER = ['我们先看数据如何准备', '训练时要记录每一步的损失', '优化器的学习率需要调节', '模型的参数保存在文件里', '这些都是常见的做法'];

before(async () => {
  if (skip) return;
  site = mkdtempSync(path.join(tmpdir(), 'danlu-search-'));
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: 搜索测试\nlanguage: zh-CN\nurl: https://example.org/notes\n');
  let long = '';
  for (let i = 0; long.length < 5200; i++) long += `${FILLER[i % FILLER.length]}，第${i}段。\n\n`;
  assert.ok(long.length > 5000);
  writeFileSync(path.join(site, 'content', 'long.md'), `---\ntitle: 长笔记\ndate: 2024-03-03 10:00:00\n---\n\n${long}卷积网络中，${PHRASE}，这是重点。\n`);
  writeFileSync(
    path.join(site, 'content', 'heading.md'),
    `---\ntitle: Initialisation notes\ndate: 2024-03-02 10:00:00\n---\n\nSome text first.\n\n## ${HEADING_WORD} initialisation\n\nThe weights start small.\n`,
  );
  writeFileSync(
    path.join(site, 'content', 'math.md'),
    '---\ntitle: 数学笔记\ndate: 2024-03-01 10:00:00\n---\n\nsoftmax 的定义是 $\\sigma(z)_i = e^{z_i}$，分母是求和。\n',
  );
  writeFileSync(path.join(site, 'content', 'zh-heading.md'), '---\ntitle: 中文标题\ndate: 2024-01-15 10:00:00\n---\n\n开头一段。\n\n## 输出尺寸的计算\n\n感受野随层数变大。\n');
  writeFileSync(path.join(site, 'content', 'together.md'), '---\ntitle: 连着写\ndate: 2024-02-01 10:00:00\n---\n\n反向传播算法 computes the gradient by back propagation.\n');
  writeFileSync(path.join(site, 'content', 'apart.md'), '---\ntitle: 分开写\ndate: 2024-02-02 10:00:00\n---\n\n先做反向计算，再把误差传播回去。 The propagation goes back.\n');
  const result = await build({ siteDir: site });
  assert.ok(result.ok, JSON.stringify(result.report.messages));
  const source = folderSource(path.join(site, 'dist'));
  server = createServer((req, res) => serveFrom(source, ROOT, req, res, { log: () => {} }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (site) rmSync(site, { recursive: true, force: true });
});

async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser!.newContext({ viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(origin + url, { waitUntil: 'load' });
  return { page, requests, errors };
}

/** Types into the header box and waits until its listbox shows options for that query. */
async function typeInBox(page: Page, query: string): Promise<void> {
  const box = page.locator('#site-search-input');
  await box.click();
  await box.fill(query);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#site-search-list')?.hidden === false, undefined, { timeout: 60_000 });
}

const options = (page: Page) =>
  page.$$eval('#site-search-list [role="option"]', (os) => os.map((a) => ({ href: a.getAttribute('data-href') ?? '', text: a.textContent ?? '', marks: [...a.querySelectorAll('mark')].map((m) => m.textContent) })));

test('the header box of a note page finds a Chinese phrase past the 5,000th character', { skip }, async () => {
  const { page, errors } = await open(`${ROOT}2024/03/02/heading/`);
  await typeInBox(page, PHRASE);
  const found = await options(page);
  const hit = found.find((o) => o.href.startsWith(`${ROOT}2024/03/03/long/`));
  assert.ok(hit, JSON.stringify(found));
  assert.ok(hit.text.includes('长笔记'), hit.text);
  assert.ok(hit.marks.join('').includes('感受野'), JSON.stringify(hit.marks));
  assert.equal(await page.getAttribute('#site-search-input', 'aria-expanded'), 'true');
  // Arrow down makes the first option active for assistive technology; Enter opens it.
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#site-search-input', 'aria-activedescendant');
  assert.ok(active);
  assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`${ROOT}2024/03/03/long/`), { timeout: 60_000 }), page.keyboard.press('Enter')]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an English word that occurs only in a heading is found and links to that heading', { skip }, async () => {
  const { page, errors } = await open(`${ROOT}2024/03/03/long/`);
  await typeInBox(page, HEADING_WORD.toLowerCase());
  const found = await options(page);
  const hit = found.find((o) => o.href.startsWith(`${ROOT}2024/03/02/heading/`));
  assert.ok(hit, JSON.stringify(found));
  assert.match(hit.href, /#zebrafish/i);
  // A click on the option opens it, at the heading.
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith(`${ROOT}2024/03/02/heading/`) && /zebrafish/i.test(u.hash), { timeout: 60_000 }),
    page.locator('#site-search-list [role="option"]', { hasText: 'Initialisation notes' }).first().click(),
  ]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a snippet shows math as its TeX', { skip }, async () => {
  const { page } = await open(`${ROOT}2024/03/03/long/`);
  await typeInBox(page, 'softmax');
  const hit = (await options(page)).find((o) => o.href.startsWith(`${ROOT}2024/03/01/math/`));
  assert.ok(hit);
  assert.ok(hit.text.includes('$\\sigma(z)_i = e^{z_i}$'), hit.text);
  await page.context().close();
});

test('a Chinese result reads as the note was written: no word-break marks of the index in its heading or snippet', { skip }, async () => {
  const { page } = await open(`${ROOT}2024/03/03/long/`);
  await typeInBox(page, '感受野');
  const shown = await options(page);
  const hit = shown.find((o) => o.text.includes('输出尺寸的计算'));
  assert.ok(hit, shown.map((o) => o.text).join(' | '));
  assert.ok(!hit.text.includes('\u200b'), JSON.stringify(hit.text));
  await page.context().close();
});

test('a Chinese run and a quoted phrase match as written; words apart match when typed apart', { skip }, async () => {
  const { page } = await open(`${ROOT}search/`);
  const titles = async (q: string): Promise<string[]> =>
    page.evaluate(async (q) => {
      const form = document.querySelector('form[data-search-bundle]')!;
      await new Promise<void>((r) => { const t = setInterval(() => { if ((window as any).danluSearch) { clearInterval(t); r(); } }, 20); });
      const cursor = await (window as any).danluSearch.query(form.getAttribute('data-search-bundle'), q);
      const found: Array<{ meta: { title: string } }> = cursor ? await cursor.next(100) : [];
      return found.map((d) => d.meta.title).sort();
    }, q);
  assert.deepEqual(await titles('反向传播'), ['连着写']);
  assert.deepEqual(await titles('反向 传播'), ['分开写', '连着写']);
  assert.deepEqual(await titles('"back propagation"'), ['连着写']);
  assert.deepEqual(await titles('back propagation'), ['分开写', '连着写']);
  await page.context().close();
});

test('`/` and Ctrl-K focus the header box', { skip }, async () => {
  const { page } = await open(`${ROOT}2024/03/03/long/`);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-input');
  await page.evaluate(() => (document.activeElement as HTMLElement).blur());
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-input');
  await page.context().close();
});

test('/search/?q= shows the results of the query', { skip }, async () => {
  const { page, errors } = await open(`${ROOT}search/?q=${encodeURIComponent(PHRASE)}`);
  await page.locator('.search-results li').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#search-input').inputValue(), PHRASE);
  const hrefs = await page.$$eval('.search-results a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
  assert.ok(hrefs.some((h) => h.startsWith(`${ROOT}2024/03/03/long/`)), JSON.stringify(hrefs));
  await page.waitForFunction(() => /1/.test(document.querySelector('.search-status')?.textContent ?? ''));
  assert.equal(await page.locator('#site-search-input').count(), 0, 'the search page has one box');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a page whose search box is never used fetches no search file', { skip }, async () => {
  const { page, requests } = await open(`${ROOT}2024/03/03/long/`);
  await page.waitForLoadState('networkidle');
  await page.mouse.wheel(0, 2000);
  await page.waitForLoadState('networkidle');
  const search = requests.filter((u) => u.includes('/pagefind/') || u.endsWith('/search.js') || u.endsWith('search.json'));
  assert.deepEqual(search, []);
  assert.ok(requests.some((u) => u.endsWith('/assets/theme.js')), 'the page did load its theme script');
  await page.context().close();
});

test('at 390 px the open result list does not make the page scroll sideways (light and dark)', { skip }, async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const { page } = await open(`${ROOT}2024/03/03/long/`, { width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: scheme });
    await typeInBox(page, 'softmax');
    const m = await page.evaluate(() => {
      const list = document.querySelector('#site-search-list')!.getBoundingClientRect();
      return { scroll: document.documentElement.scrollWidth, width: window.innerWidth, left: list.left, right: list.right, bg: getComputedStyle(document.querySelector('#site-search-list')!).backgroundColor, body: getComputedStyle(document.body).backgroundColor };
    });
    assert.ok(m.scroll <= m.width, JSON.stringify(m));
    assert.ok(m.left >= 0 && m.right <= m.width, JSON.stringify(m));
    assert.equal(m.bg, m.body, `the list takes the ${scheme} page's background`);
    await page.context().close();
  }
});
