/**
 * The default theme in a real browser (Debian's Chromium driven by playwright-core): a rendered note and the
 * search page are written to a temporary site with the theme's assets and KaTeX's CSS, served over HTTP, and
 * used the way a reader would: toggle light/dark, reload, search, read on a phone-sized screen.
 * Screenshots land in /tmp (not committed) for a human look.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import katex from 'katex';
import { chromium, type Browser, type Page } from 'playwright-core';
import { highlight } from '../../../src/site/markdown/plugins/rehype-shiki-cached.js';
import { raw } from '../../../src/site/render/html.js';
import { buildSearchBundle } from '../../../src/site/search/pagefind-index.js';
import { defaultTheme, renderPage } from '../../../themes/default/index.js';
import { context, post, summary } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = '/tmp/danlu-theme';
// Screenshots are for a human look; full-page ones are slow on a busy CI box, so they are opt-in.
const FULL_PAGE = process.env.DANLU_SCREENSHOTS === 'full';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium); browser checks skipped`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** A static server for `dir` mounted at `/notes/`, the fixture site's root. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith('/notes/')) return void res.writeHead(404).end();
    let file = normalize(join(dir, path.slice('/notes/'.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function write(root: string, url: string, html: string): void {
  const file = join(root, url.slice('/notes/'.length), url.endsWith('/') ? 'index.html' : '');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
}

/** A note body with real KaTeX and Shiki output and content wider than a phone. */
async function body(): Promise<string> {
  const display = (tex: string) => `<div class="math math-display">${katex.renderToString(tex, { displayMode: true, output: 'htmlAndMathml' })}</div>`;
  const inline = (tex: string) => `<span class="math math-inline">${katex.renderToString(tex, { output: 'htmlAndMathml' })}</span>`;
  // The pipeline's own highlighter, so the test sees exactly what a built page carries.
  const code = await highlight('import torch\nscaler = torch.cuda.amp.GradScaler()  # 防止 loss 变成 NaN\nfor x, y in loader:\n    loss = criterion(model(x), y)', 'python');
  return [
    '<p>学习顺序 MLP → RNN → seq2seq → Attention → Transformer。卷积层的输出大小由输入 W、卷积核 F、填充 P 和步长 S 决定，',
    `<mark>记住这个公式</mark>：${inline('N = \\frac{W - F + 2P}{S} + 1')}，Sigmoid 的导数是 ${inline("\\sigma'(x) = \\sigma(x)(1-\\sigma(x))")}。</p>`,
    '<h2 id="forward">前向传播<a class="heading-anchor" href="#forward" aria-hidden="true" tabindex="-1">#</a></h2>',
    display('\\begin{aligned} z^{(l)} &= W^{(l)} a^{(l-1)} + b^{(l)} \\\\ a^{(l)} &= \\sigma\\left(z^{(l)}\\right) \\\\ \\frac{\\partial \\mathcal{L}}{\\partial W^{(l)}} &= \\delta^{(l)} \\left(a^{(l-1)}\\right)^\\top + \\lambda W^{(l)} + \\sum_{i=1}^{n} \\operatorname{softmax}(z_i) \\log \\hat{y}_i \\end{aligned}'),
    '<aside class="callout callout-warning" role="note" data-callout="warning"><p class="callout-title">警告</p><div class="callout-content"><p>loss 突然变成 NaN 时，先检查学习率，再考虑 GradScaler。</p></div></aside>',
    '<details class="callout callout-tip" data-callout="tip"><summary class="callout-title">提示（折叠）</summary><div class="callout-content"><p>展开看看。</p></div></details>',
    code,
    '<h3 id="table">对照表<a class="heading-anchor" href="#table" aria-hidden="true" tabindex="-1">#</a></h3>',
    '<table><thead><tr><th>DL</th><th>修仙.炼丹</th><th>example</th><th>a very long column header that does not fit on a phone</th></tr></thead><tbody><tr><td>框架</td><td>丹炉</td><td>PyTorch</td><td>torch.nn.functional.cross_entropy_with_a_long_name</td></tr></tbody></table>',
    '<figure class="diagram"><svg viewBox="0 0 240 80" width="480" role="img" aria-label="MLP"><rect x="1" y="1" width="238" height="78" rx="6" fill="var(--diagram-surface)" stroke="var(--diagram-border)"/><line x1="40" y1="40" x2="120" y2="40" stroke="var(--diagram-line)" stroke-width="2"/><circle cx="40" cy="40" r="14" fill="var(--diagram-accent)"/><circle cx="120" cy="40" r="14" fill="var(--diagram-accent-2)"/><text x="180" y="45" fill="var(--diagram-fg)" font-size="14">输出层</text></svg><figcaption>一个两层 MLP</figcaption></figure>',
    '<ul class="contains-task-list"><li class="task-list-item"><input type="checkbox" disabled checked> 推导 sigmoid 的导数</li><li class="task-list-item"><input type="checkbox" disabled> 读 ResNet 论文</li></ul>',
    `<p>一个坏公式：<span class="math-error" role="img" aria-label="Formula KaTeX could not typeset: \\frac{1" title="Expected '}'"><code>$\\frac{1$</code></span>，以及 <span class="wikilink wikilink-unresolved">不存在的笔记</span><sup><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup>。</p>`,
    '<section data-footnotes class="footnotes"><h2 class="sr-only" id="footnote-label">脚注</h2><ol><li id="fn-1"><p>脚注内容。<a href="#fnref-1" data-footnote-backref class="data-footnote-backref">↩</a></p></li></ol></section>',
  ].join('\n');
}

describe('default theme in Chromium', { skip }, () => {
  let dir = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let base = '';
  const postUrl = '/notes/2023/07/02/post-1/';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'danlu-theme-'));
    cpSync(defaultTheme.assetsDir, join(dir, 'assets'), { recursive: true });
    const katexDist = dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
    mkdirSync(join(dir, 'katex'), { recursive: true });
    cpSync(join(katexDist, 'katex.min.css'), join(dir, 'katex', 'katex.min.css'));
    cpSync(join(katexDist, 'fonts'), join(dir, 'katex', 'fonts'), { recursive: true });

    const note = post('zh-CN', { html: raw(await body()), hasMath: true });
    note.toc = [
      { depth: 2, text: '前向传播', id: 'forward', children: [{ depth: 3, text: '对照表', id: 'table', children: [] }] },
    ];
    write(dir, postUrl, renderPage(context('zh-CN', { layout: 'post', post: note })));
    write(dir, '/notes/search/', renderPage(context('zh-CN', { layout: 'search' }, '搜索')));
    const index = [1, 2, 3].map((n) => summary('zh-CN', n));
    // The search page's index, built by the same Pagefind step as a real build.
    const bundle = await buildSearchBundle([
      { title: index[0]!.title, url: postUrl, date: '2023-07-02', html: '<p>学习深度学习过程中的一些基础知识。卷积神经网络的输出大小公式 N=(W-F+2P)/S+1。</p>' },
      { title: 'ResNet 残差块', url: '/notes/resnet/', date: '2023-08-01', html: '<p>BasicBlock 与 Bottleneck，残差连接缓解梯度消失。</p>' },
      { title: '<img src=x onerror=alert(1)>', url: '/notes/evil/', date: '2023-09-01', html: '<p>这里有一段 <b>HTML</b> 文本和梯度。</p>' },
    ], 'zh-CN');
    for (const [rel, bytes] of bundle) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), bytes);
    }

    server = await serve(dir);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page in its own context; collects failed requests and script errors. */
  async function open(url: string, options: { colorScheme: 'light' | 'dark'; width?: number }) {
    const ctx = await browser!.newContext({ colorScheme: options.colorScheme, viewport: { width: options.width ?? 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
    await page.goto(base + url, { waitUntil: 'load' });
    return { page, problems, close: () => ctx.close() };
  }

  const bg = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const themeAttr = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  /**
   * The toggle's pressed state once the page has settled: theme.js sets it from a media-query listener, which may
   * run after a click or an emulated colour-scheme change returns, so wait for the state (and show it if it never
   * comes) instead of reading it at once.
   */
  const expectPressed = async (page: Page, value: 'true' | 'false'): Promise<void> => {
    await page
      .waitForFunction((v) => document.querySelector('button.theme-toggle')?.getAttribute('aria-pressed') === v, value, { timeout: 15_000 })
      .catch(() => undefined);
    assert.equal(await page.locator('button.theme-toggle').getAttribute('aria-pressed'), value);
  };

  it('skip link first, then toggles light → dark, remembers it across reloads, and the code colours follow', async () => {
    const { page, problems, close } = await open(postUrl, { colorScheme: 'light' });
    try {
      // The skip link is the first Tab stop, comes on screen and shows the focus ring.
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return { cls: el.className, top: el.getBoundingClientRect().top, outline: s.outlineStyle, width: s.outlineWidth };
      });
      assert.equal(focused.cls, 'skip-link');
      assert.ok(focused.top >= 0, 'skip link moves on screen when focused');
      assert.equal(focused.outline, 'solid');
      assert.equal(focused.width, '3px');

      const toggle = page.locator('button.theme-toggle');
      assert.ok(await toggle.isVisible(), 'toggle is shown once the script runs');
      await expectPressed(page, 'false');
      assert.equal(await themeAttr(page), null);
      const lightBg = await bg(page);
      assert.equal(lightBg, 'rgb(251, 250, 248)');
      const token = page.locator('pre.shiki span.line span').first();
      const lightToken = await token.evaluate((el) => getComputedStyle(el).color);
      // KaTeX's stylesheet and fonts loaded: the display formula is laid out by KaTeX CSS, not as raw MathML.
      assert.equal(await page.locator('.katex-mathml').first().evaluate((el) => getComputedStyle(el).position), 'absolute');
      await page.screenshot({ path: `${SHOTS}-post-light.png`, fullPage: FULL_PAGE });

      await toggle.click();
      assert.equal(await themeAttr(page), 'dark');
      await expectPressed(page, 'true');
      const darkBg = await bg(page);
      assert.notEqual(darkBg, lightBg);
      assert.equal(darkBg, 'rgb(22, 24, 29)');
      assert.notEqual(await token.evaluate((el) => getComputedStyle(el).color), lightToken, 'Shiki token switched to its dark colour');
      assert.equal(await page.evaluate(() => localStorage.getItem('danlu-theme')), 'dark');
      await page.screenshot({ path: `${SHOTS}-post-dark.png`, fullPage: FULL_PAGE });

      // Printing from dark mode still gives black on white, without the navigation, with external URLs shown.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await bg(page), 'rgb(255, 255, 255)');
      assert.equal(await page.locator('.site-nav').isVisible(), false);
      assert.equal(await page.locator('.theme-toggle').isVisible(), false);
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await bg(page), darkBg);

      // After a reload the stored choice is applied by the <head> snippet, before theme.js runs.
      await page.reload({ waitUntil: 'domcontentloaded' });
      assert.equal(await themeAttr(page), 'dark');
      assert.equal(await bg(page), darkBg);

      // Back to the system's (light) theme: the stored choice is dropped and the page follows the system again.
      await page.locator('button.theme-toggle').click();
      assert.equal(await themeAttr(page), null);
      assert.equal(await bg(page), lightBg);
      assert.equal(await page.evaluate(() => localStorage.getItem('danlu-theme')), null);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('follows a dark system preference with no stored choice, and the toggle then switches to light', async () => {
    const { page, close } = await open(postUrl, { colorScheme: 'dark' });
    try {
      assert.equal(await bg(page), 'rgb(22, 24, 29)');
      const toggle = page.locator('button.theme-toggle');
      await expectPressed(page, 'true');
      const diagram = await page.locator('figure.diagram text').evaluate((el) => getComputedStyle(el).fill);
      assert.equal(diagram, 'rgb(230, 227, 222)', 'diagram text reads --diagram-fg of the dark palette');
      await toggle.click();
      assert.equal(await themeAttr(page), 'light');
      assert.equal(await bg(page), 'rgb(251, 250, 248)');
      // Toggled back to dark = the system's choice: nothing is pinned, so a later system change is followed.
      await toggle.click();
      assert.equal(await themeAttr(page), null);
      assert.equal(await page.evaluate(() => localStorage.getItem('danlu-theme')), null);
      await page.emulateMedia({ colorScheme: 'light' });
      assert.equal(await bg(page), 'rgb(251, 250, 248)');
      await expectPressed(page, 'false');
    } finally {
      await close();
    }
  });

  it('fits a 375px phone: the page never scrolls sideways, wide math/code/tables scroll in their own box', async () => {
    const { page, close } = await open(postUrl, { colorScheme: 'light', width: 375 });
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'no horizontal scroll of the page');
      // The table of contents starts folded on a phone (one summary line), and opens on a tap.
      const tocDetails = page.locator('nav.toc details');
      assert.equal(await tocDetails.evaluate((el) => (el as HTMLDetailsElement).open), false);
      assert.equal(await page.locator('nav.toc ol a').first().isVisible(), false);
      await page.locator('nav.toc summary').click();
      assert.equal(await page.locator('nav.toc ol a').first().isVisible(), true);
      for (const sel of ['.math-display .katex-display', 'table', 'pre.shiki']) {
        const box = await page.locator(sel).first().evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
        assert.equal(box.overflow, 'auto', `${sel} scrolls`);
        assert.ok(box.scroll > box.client, `${sel} is wider than the phone and scrolls inside itself`);
      }
      await page.screenshot({ path: `${SHOTS}-post-mobile-light.png`, fullPage: FULL_PAGE });
      await page.locator('button.theme-toggle').click();
      await page.screenshot({ path: `${SHOTS}-post-mobile-dark.png`, fullPage: FULL_PAGE });
    } finally {
      await close();
    }
  });

  it('search: typing finds notes by every word, CJK included, marks matches and announces the count', async () => {
    const { page, problems, close } = await open('/notes/search/', { colorScheme: 'light' });
    try {
      const input = page.locator('#search-input');
      await input.fill('卷积');
      await page.locator('.search-results li').first().waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('.search-results li').count(), 1);
      assert.equal(await page.locator('.search-status').textContent(), '找到 1 篇笔记');
      assert.equal(await page.locator('.search-results a').first().getAttribute('href'), '/notes/2023/07/02/post-1/');
      assert.equal(await page.locator('.search-result-snippet mark').first().textContent(), '卷积');

      // All words must match; case does not matter.
      await input.fill('resnet 梯度');
      // Wait for this query's result, not the status line: the previous query also found exactly one note.
      await page.waitForFunction(() => document.querySelector('.search-result-title')?.textContent === 'ResNet 残差块');
      assert.equal(await page.locator('.search-status').textContent(), '找到 1 篇笔记');
      assert.equal(await page.locator('.search-results li').count(), 1);
      await input.fill('梯度');
      await page.waitForFunction(() => document.querySelector('.search-status')?.textContent === '找到 2 篇笔记');
      // Index text is shown as text: no element injected from the index.
      assert.equal(await page.locator('.search-results img, .search-results b').count(), 0);
      await page.screenshot({ path: `${SHOTS}-search-light.png`, fullPage: FULL_PAGE });

      // Keyboard: ArrowDown moves from the box into the results.
      await input.focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'search-result-link');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');

      await input.fill('不存在的词 xyz');
      await page.waitForFunction(() => document.querySelector('.search-status')?.textContent === '没有找到相关的笔记。');
      assert.equal(await page.locator('.search-results li').count(), 0);
      assert.match(page.url(), /\?q=/, 'the query is kept in the URL');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('search: a ?q= link opens with results, in dark mode on a phone too', async () => {
    const { page, close } = await open(`/notes/search/?q=${encodeURIComponent('ResNet')}`, { colorScheme: 'dark', width: 375 });
    try {
      await page.locator('.search-results li').first().waitFor();
      assert.equal(await page.locator('#search-input').inputValue(), 'ResNet');
      await page.screenshot({ path: `${SHOTS}-search-mobile-dark.png`, fullPage: FULL_PAGE });
    } finally {
      await close();
    }
  });
});
