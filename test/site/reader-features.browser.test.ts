/**
 * Reader features of note pages in Debian Chromium (playwright-core), on built sites served by the project's own
 * static server: at 390 × 844, light and dark, no page of the project site (`content/`) or of the Hexo blog
 * fixture, and no fixture note with long inline formulas, a wide `\tag`ged display formula and a wide table
 * scrolls sideways; the formula scrolls in its own focusable box and its tag does not cover it; diagram text is
 * at least 11 px on a phone and a diagram opens full size; a note lists the note that links to it; a note
 * without links or footnotes loads no preview script, one with a link shows the target's preview on keyboard
 * focus or hover (not on a tap) and hides it on Escape; the copy button copies the code; the TOC marks the
 * section scrolled to.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from '../../src/site/build.js';
import { folderSource, serveFrom } from '../../src/server/static.js';
import { hasChromium, launch } from '../demos/browser/harness.js';
import { tempSite } from '../helpers/site.js';

const skip = hasChromium() ? false : 'Debian Chromium is not installed at /usr/bin/chromium';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PHONE = { width: 390, height: 844 };

let tmp = '';
let browser: Browser | undefined;
const servers: Server[] = [];
let projectOrigin = '';
let projectPages: string[] = [];
let hexoOrigin = '';
let hexoPages: string[] = [];
let fixtureOrigin = '';

async function serve(dist: string, root = '/'): Promise<string> {
  const source = folderSource(dist);
  const server = createServer((req, res) => serveFrom(source, root, req, res, { log: () => {} }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function htmlPages(dir: string, prefix = '/'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) {
      if (name !== 'assets' && name !== 'katex' && name !== 'files' && name !== 'pagefind') out.push(...htmlPages(abs, `${prefix}${name}/`));
    } else if (name === 'index.html') out.push(prefix);
    else if (name.endsWith('.html')) out.push(prefix + name);
  }
  return out;
}

const wide = Array.from({ length: 14 }, (_, i) => `x_{${i}}^{2}`).join(' + ');
const longInline = Array.from({ length: 10 }, (_, i) => `a_{${i}} b_{${i}}`).join(' + ');
// One piece KaTeX cannot break: a \left( … \right) group wider than a phone's column.
const unbreakable = `\\left(${Array.from({ length: 12 }, (_, i) => `q_{${i}} r_{${i}}`).join(' + ')}\\right)^{2}`;
const tableRow = (c: string) => `| ${Array.from({ length: 9 }, (_, i) => `${c}${i}-unbreakable_cell_text`).join(' | ')} |`;
const sections = Array.from({ length: 6 }, (_, i) => `## Section ${i + 1}\n\n${'A line of text to read in this section. '.repeat(90)}\n`).join('\n');

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(path.join(tmpdir(), 'danlu-reader-'));
  // The project's own notes, built as the CLI builds them (into a temporary folder).
  const project = await build({ siteDir: repo, outDir: path.join(tmp, 'project'), cacheDir: path.join(tmp, 'project-cache') });
  assert.ok(project.ok, JSON.stringify(project.report.messages.filter((m) => m.severity === 'error')));
  projectPages = htmlPages(path.join(tmp, 'project'));
  projectOrigin = await serve(path.join(tmp, 'project'));

  // The Hexo blog fixture (NexT-style source folder, Chinese notes).
  const hexo = tempSite('hexo-blog');
  const hexoBuild = await build({ siteDir: hexo, contentDir: 'source/_posts', outDir: path.join(tmp, 'hexo'), cacheDir: false });
  rmSync(hexo, { recursive: true, force: true });
  assert.ok(hexoBuild.ok, JSON.stringify(hexoBuild.report.messages.filter((m) => m.severity === 'error')));
  // Its config serves it under /blog/.
  hexoPages = htmlPages(path.join(tmp, 'hexo'), '/blog/');
  hexoOrigin = await serve(path.join(tmp, 'hexo'), '/blog/');

  const site = path.join(tmp, 'fixture');
  mkdirSync(path.join(site, 'content'), { recursive: true });
  writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: Reader features\nlanguage: en\nurl: https://example.org\npermalink: :title/\n');
  writeFileSync(
    path.join(site, 'content', 'wide.md'),
    `---\ntitle: Wide things\ndate: 2024-03-02 10:00:00\ntags: [math, tables, a-rather-long-tag-name-for-a-phone]\n---\n\n` +
      `It builds on [[Target note]] and has a footnote[^f]. The sum $${longInline}$：then a stop $${longInline}$。\n\n` +
      `A group that cannot wrap: $${unbreakable}$, then more text.\n\n` +
      `$$\n${wide} \\tag{3.14}\n$$\n\n${tableRow('h')}\n|${'---|'.repeat(9)}\n${tableRow('c')}\n\n` +
      '```js\nconst answer = 42;\n```\n\n' +
      `${sections}\n[^f]: The footnote's own text.\n`,
  );
  writeFileSync(
    path.join(site, 'content', 'target.md'),
    '---\ntitle: Target note\ndate: 2024-03-01 10:00:00\n---\n\nThe opening paragraph of the target note, which its preview shows.\n\nMore text.\n',
  );
  writeFileSync(path.join(site, 'content', 'plain.md'), '---\ntitle: Plain\ndate: 2024-02-01 10:00:00\n---\n\nNo links and no footnotes here.\n');
  const fixture = await build({ siteDir: site, cacheDir: false });
  assert.ok(fixture.ok, JSON.stringify(fixture.report.messages));
  fixtureOrigin = await serve(path.join(site, 'dist'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function phone(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser!.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 1, ...options });
}

const overflow = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));

test('at 390 px no page of the project site or the Hexo fixture scrolls sideways, light or dark', { skip, timeout: 900_000 }, async () => {
  assert.ok(projectPages.length > 10, `pages found: ${projectPages.length}`);
  assert.ok(hexoPages.length > 5, `Hexo pages found: ${hexoPages.length}`);
  const wideOnes: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await phone({ colorScheme });
    const page = await context.newPage();
    for (const [origin, pages] of [[projectOrigin, projectPages], [hexoOrigin, hexoPages]] as const) {
      for (const url of pages) {
        await page.goto(origin + encodeURI(url), { waitUntil: 'load' });
        const { scroll, viewport } = await overflow(page);
        if (scroll > viewport) wideOnes.push(`${colorScheme} ${url}: ${scroll} > ${viewport}`);
      }
    }
    await context.close();
  }
  console.log(`# ${projectPages.length} project pages and ${hexoPages.length} Hexo pages checked at 390 px, light and dark`);
  assert.deepEqual(wideOnes, []);
});

test('a note with long inline formulas, a wide tagged formula, tags and a wide table fits 390 px; the formula scrolls in its own box', { skip }, async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${fixtureOrigin}/wide/`, { waitUntil: 'load' });
  const { scroll, viewport } = await overflow(page);
  assert.ok(scroll <= viewport, `page is ${scroll} px wide in a ${viewport} px viewport`);
  const box = await page.evaluate(() => {
    const b = document.querySelector('.math-scroll') as HTMLElement;
    const t = document.querySelector('.table-scroll') as HTMLElement;
    const tag = b.querySelector('.katex-tag') as HTMLElement;
    const tagRect = tag.getBoundingClientRect();
    // Every glyph box of the formula itself, to compare with the tag's box.
    const bases = [...b.querySelectorAll('.katex-html > .katex-base')].map((e) => e.getBoundingClientRect());
    const overlaps = bases.some((r) => r.right > tagRect.left + 0.5 && r.left < tagRect.right - 0.5);
    return {
      role: b.getAttribute('role'),
      label: b.getAttribute('aria-label'),
      tabindex: b.getAttribute('tabindex'),
      scrolls: b.scrollWidth > b.clientWidth,
      tableScrolls: t.scrollWidth > t.clientWidth,
      tableTabindex: t.getAttribute('tabindex'),
      overlaps,
      bases: bases.length,
    };
  });
  assert.equal(box.role, 'region');
  assert.equal(box.label, 'Formula');
  assert.ok(box.scrolls, 'the wide formula is wider than its box');
  assert.equal(box.tabindex, '0', 'a box that scrolls can be focused');
  assert.ok(box.tableScrolls && box.tableTabindex === '0', 'the wide table scrolls in its focusable box');
  assert.ok(box.bases > 0 && !box.overlaps, 'the tag does not cover the formula');
  // The unbreakable inline formula scrolls in place instead of widening the page.
  assert.equal(await page.locator('.math-inline-wide').count(), 1);
  // The keyboard scrolls the box, not the page.
  await page.focus('.math-scroll');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => (document.querySelector('.math-scroll') as HTMLElement).scrollLeft > 0);
  // A closing mark after an inline formula is on the same line as the formula's end.
  const alone = await page.evaluate(() =>
    [...document.querySelectorAll('.math-nobr')].filter((n) => {
      const math = n.querySelector('.katex-html') as HTMLElement;
      const rects = [...math.getClientRects()];
      const last = rects[rects.length - 1];
      const range = document.createRange();
      const text = n.lastChild as Text;
      range.setStart(text, 0);
      range.setEnd(text, 1);
      const mark = range.getBoundingClientRect();
      return !last || mark.top >= last.bottom - 1;
    }).length,
  );
  assert.equal(alone, 0);
  await context.close();
});

test('diagram text is at least 11 px on a phone, and a diagram opens full size', { skip }, async () => {
  const context = await phone();
  const page = await context.newPage();
  const withDiagrams: string[] = [];
  const sizes: Array<{ url: string; min: number }> = [];
  for (const url of projectPages.filter((u) => /^\/\d{4}\//.test(u))) {
    await page.goto(projectOrigin + encodeURI(url), { waitUntil: 'load' });
    const min = await page.evaluate(() => {
      let smallest = Infinity;
      for (const svg of document.querySelectorAll<SVGSVGElement>('figure.diagram svg')) {
        const vb = svg.viewBox.baseVal;
        const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
        for (const t of svg.querySelectorAll('text, foreignObject div, foreignObject span')) {
          if (!t.textContent?.trim()) continue;
          smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
        }
      }
      return smallest;
    });
    if (min !== Infinity && min !== null) {
      withDiagrams.push(url);
      sizes.push({ url, min: Math.round(min * 10) / 10 });
    }
  }
  console.log(`# smallest diagram text per page (px): ${JSON.stringify(sizes)}`);
  assert.ok(withDiagrams.length > 0, 'the project site has diagrams');
  for (const s of sizes) assert.ok(s.min >= 10.95, `${s.url}: diagram text ${s.min} px`);
  const first = withDiagrams[0] as string;
  await page.goto(projectOrigin + encodeURI(first), { waitUntil: 'load' });
  await page.locator('.diagram-zoom').first().click();
  await page.waitForSelector('dialog.diagram-dialog[open] svg');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog.diagram-dialog'));
  await context.close();
});

test('a note lists the notes that link to it', { skip }, async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${fixtureOrigin}/target/`, { waitUntil: 'load' });
  const back = await page.$$eval('.backlinks a', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
  assert.deepEqual(back, [{ text: 'Wide things', href: '/wide/' }]);
  await page.goto(`${fixtureOrigin}/plain/`, { waitUntil: 'load' });
  assert.equal(await page.locator('.backlinks').count(), 0);
  await context.close();
});

test('a note without links or footnotes loads no preview script; a link previews its target on focus, Escape hides it', { skip }, async () => {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${fixtureOrigin}/plain/`, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  assert.deepEqual(requested.filter((u) => u.endsWith('/preview.js')), []);
  await page.goto(`${fixtureOrigin}/wide/`, { waitUntil: 'load' });
  await page.waitForFunction(() => [...document.scripts].some((s) => s.src.endsWith('/assets/preview.js')));
  const bytes = await page.evaluate(async () => ({
    script: (await (await fetch('/assets/preview.js')).arrayBuffer()).byteLength,
    data: new TextEncoder().encode(document.getElementById('link-previews')?.textContent ?? '').byteLength,
  }));
  console.log(`# preview.js ${bytes.script} bytes; this page's preview data ${bytes.data} bytes`);
  await page.waitForLoadState('networkidle');
  // Keyboard focus: Tab from the note's first focusable element until the link has focus.
  await page.evaluate(() => (document.querySelector('.post-title') as HTMLElement).setAttribute('tabindex', '-1'));
  await page.focus('.post-title');
  for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.getAttribute('href') === '/target/')); i++) await page.keyboard.press('Tab');
  const preview = page.locator('.link-preview');
  await preview.waitFor({ state: 'visible' });
  assert.match((await preview.textContent()) ?? '', /Target note.*opening paragraph of the target note/s);
  assert.equal(await page.getAttribute('.post-body a[href="/target/"]', 'aria-describedby'), 'link-preview');
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached' });
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.activeElement?.hasAttribute('data-footnote-ref'));
  await preview.waitFor({ state: 'visible' });
  assert.match((await preview.textContent()) ?? '', /The footnote's own text/);
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached' });
  // The mouse: hovering shows the preview, leaving the link hides it.
  await page.hover('.post-body a[href="/target/"]');
  await preview.waitFor({ state: 'visible' });
  await page.mouse.move(5, 5);
  await preview.waitFor({ state: 'detached' });
  await context.close();
});

test('a tap on a link on a touch screen shows no preview', { skip }, async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${fixtureOrigin}/wide/`, { waitUntil: 'load' });
  await page.waitForFunction(() => [...document.scripts].some((s) => s.src.endsWith('/assets/preview.js')));
  await page.waitForLoadState('networkidle');
  // A tap whose navigation is held back, so the page stays to be looked at.
  await page.evaluate(() => document.querySelector('.post-body a[href="/target/"]')?.addEventListener('click', (e) => e.preventDefault()));
  await page.tap('.post-body a[href="/target/"]');
  // The tap's events have all been dispatched once a task queued after them runs.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  const shown = await page.evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(!!document.querySelector('.link-preview')))));
  assert.equal(shown, false);
  await context.close();
});

test('the copy button copies the code block; the TOC marks the section scrolled to', { skip }, async () => {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`${fixtureOrigin}/wide/`, { waitUntil: 'load' });
  const button = page.locator('.code-copy').first();
  await button.waitFor({ state: 'visible' });
  assert.equal(await button.getAttribute('aria-label'), 'Copy code');
  await button.click();
  await page.waitForFunction(() => document.querySelector('.code-copy')?.textContent === 'Copied');
  assert.equal((await page.evaluate(() => navigator.clipboard.readText())).trim(), 'const answer = 42;');
  await page.evaluate(() => document.getElementById('section-4')?.scrollIntoView());
  await page.waitForFunction(() => document.querySelector('.toc a[aria-current="location"]')?.getAttribute('href') === '#section-4');
  assert.equal(await page.locator('.toc a[aria-current]').count(), 1);
  // At the end of the page the last TOC entry (here the footnotes) is the current one, though its heading never
  // reaches the top of the screen.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => {
    const all = document.querySelectorAll('.toc a');
    return all[all.length - 1]?.getAttribute('aria-current') === 'location';
  });
  await context.close();
});
