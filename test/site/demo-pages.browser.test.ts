/**
 * Demo pages of a built site in Debian Chromium (playwright-core), served over HTTP by the project's own static
 * server: a note without a demo requests no demo file; a note with one loads only the demos' loader (and what it
 * imports statically) until the demo nears the viewport, and the bytes of that are printed; the static figure is
 * visible with its SVGs and fits a 390 px phone; the loader unhides the start button and, once the figure is
 * scrolled to, fetches that demo's chunk. Whether the demo then trains is the demos' own browser tests.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { build } from '../../src/site/build.js';
import { folderSource, serveFrom } from '../../src/server/static.js';
import { hasChromium, launch } from '../demos/browser/harness.js';

const skip = hasChromium() ? false : 'Debian Chromium is not installed at /usr/bin/chromium';
const ROOT = '/notes/';

let site: string;
let server: Server | undefined;
let origin = '';
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  site = mkdtempSync(path.join(tmpdir(), 'danlu-demo-pages-'));
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: Demo pages\nlanguage: en\nurl: https://example.org/notes\n');
  // The demo sits far below the first screen, so the page can be measured before it nears the viewport.
  const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the text a reader reads before the demo.`).join('\n\n');
  writeFileSync(
    path.join(site, 'content', 'with-demo.md'),
    `---\ntitle: With a demo\ndate: 2024-03-02 10:00:00\n---\n\n${filler}\n\n\`\`\`demo\ntype: mlp\ndataset: xor\nhidden: [4]\ncaption: XOR with four hidden neurons\n\`\`\`\n\nAfter the demo.\n`,
  );
  writeFileSync(path.join(site, 'content', 'plain.md'), '---\ntitle: Plain\ndate: 2024-03-01 10:00:00\n---\n\nNo demo on this page, only `type: mlp` as code.\n');
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

/** Opens a page and records every request with the size of its response body. */
async function open(url: string, viewport = { width: 390, height: 800 }): Promise<{ page: Page; requests: Map<string, number>; errors: string[] }> {
  const context = await browser!.newContext({ viewport, hasTouch: true });
  const page = await context.newPage();
  const requests = new Map<string, number>();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    void r.body().then(
      (b) => requests.set(r.url(), b.byteLength),
      () => requests.set(r.url(), requests.get(r.url()) ?? 0),
    );
  });
  page.on('request', (r) => {
    if (!requests.has(r.url())) requests.set(r.url(), 0);
  });
  await page.goto(origin + url, { waitUntil: 'load' });
  return { page, requests, errors };
}

const demoFiles = (requests: Map<string, number>) => [...requests.keys()].filter((u) => u.includes('/assets/demos/'));
const name = (url: string) => url.slice(url.lastIndexOf('/') + 1);

test('a note without a demo requests no file under assets/demos/', { skip }, async () => {
  const { page, requests, errors } = await open(`${ROOT}2024/03/01/plain/`);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(demoFiles(requests), []);
  const js = [...requests].filter(([u]) => u.endsWith('.js'));
  console.log(`plain note: JavaScript ${js.map(([u, n]) => `${name(u)} ${n} B`).join(', ')}; nothing from assets/demos/`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a demo note loads only the loader before the demo nears the view; the static figure shows; scrolling to it loads the demo', { skip }, async () => {
  const { page, requests, errors } = await open(`${ROOT}2024/03/02/with-demo/`);
  // The loader has run once the start button it unhides is no longer hidden.
  await page.waitForFunction(() => document.querySelector('figure[data-demo] button.demo-start')?.hasAttribute('hidden') === false, undefined, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');

  const html = readFileSync(path.join(site, 'dist', '2024/03/02/with-demo/index.html'), 'utf8');
  const hydrator = /<script type="module" src="\/notes\/assets\/demos\/([^"]+)">/.exec(html)?.[1];
  assert.ok(hydrator, 'the page links the loader');
  const loaderJs = readFileSync(path.join(site, 'dist', 'assets', 'demos', hydrator), 'utf8');
  // What the loader imports statically (shared chunks), as opposed to the demos it imports on demand.
  const staticImports = new Set([...loaderJs.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["']\.\/([\w-]+\.js)["']/g)].map((m) => m[1]!));
  const before = demoFiles(requests).map(name);
  assert.ok(before.includes(hydrator), before.join(', '));
  for (const f of before) assert.ok(f === hydrator || staticImports.has(f), `before start only the loader and its static imports: ${f}`);
  assert.ok(!before.some((f) => /^(mlp|cnn|lstm|worker|mnist|cnn-weights)-/.test(f)), `no demo chunk, Worker or data yet: ${before.join(', ')}`);
  const demoBytes = demoFiles(requests).reduce((sum, u) => sum + (requests.get(u) ?? 0), 0);
  const allJs = [...requests].filter(([u]) => u.endsWith('.js')).reduce((sum, [, n]) => sum + n, 0);
  console.log(`demo note before start: ${before.length} demo file(s) ${before.join(', ')} = ${demoBytes} B; all JavaScript ${allJs} B (theme script included)`);
  assert.ok(demoBytes > 0);

  // The static figure, complete without the demo's code: the network and the data set as SVG, the caption.
  // Checked before scrolling to it: once mounted, the live demo may replace the static part.
  const figure = page.locator('figure[data-demo="mlp"]');
  assert.ok(await figure.locator('.demo-static svg.diagram-nn').isVisible(), 'the network SVG is visible');
  assert.ok(await figure.locator('svg.demo-dataset').isVisible(), 'the data set SVG is visible');
  assert.equal(await figure.locator('svg.demo-dataset path').count(), 2, 'both classes are drawn');
  assert.equal(await figure.locator('figcaption').textContent(), 'XOR with four hidden neurons');
  assert.equal(await page.getByRole('button', { name: 'Start the demo' }).count(), 1);
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth, fig: document.querySelector('figure[data-demo]')!.getBoundingClientRect().right }));
  assert.ok(widths.doc <= widths.view && widths.fig <= widths.view, `fits 390 px: ${JSON.stringify(widths)}`);

  // Near the viewport, the loader fetches that demo's chunk (what the demo does then is the demos' tests).
  await figure.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/assets\/demos\/mlp-[\w-]+\.js$/.test(e.name)), undefined, { timeout: 60_000 });
  assert.ok(!demoFiles(requests).some((u) => /\/(cnn|lstm)-[\w-]+\.js$/.test(u)), 'only the demo this page has');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('without JavaScript the demo note shows the static figure and the noscript line', { skip }, async () => {
  const context = await browser!.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => void requested.push(r.url()));
  await page.goto(`${origin}${ROOT}2024/03/02/with-demo/`, { waitUntil: 'load' });
  const figure = page.locator('figure[data-demo="mlp"]');
  await figure.scrollIntoViewIfNeeded();
  assert.ok(await figure.locator('svg.diagram-nn').isVisible());
  assert.ok(await figure.locator('.demo-noscript').isVisible(), 'the noscript line says the demo needs JavaScript');
  assert.equal(await figure.locator('button.demo-start').isVisible(), false, 'no start button that could not work');
  assert.deepEqual(requested.filter((u) => u.includes('/assets/demos/')), []);
  await context.close();
});

test('the static figure follows light and dark, and its start button is reachable by keyboard', { skip }, async () => {
  const colours: Record<string, { positive: string; border: string }> = {};
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser!.newContext({ colorScheme: scheme, viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}${ROOT}2024/03/02/with-demo/`, { waitUntil: 'load' });
    colours[scheme] = await page.evaluate(() => ({
      positive: getComputedStyle(document.querySelector('svg.demo-dataset path.demo-class-positive')!).stroke,
      border: getComputedStyle(document.querySelector('figure[data-demo]')!).borderTopColor,
    }));
    await context.close();
  }
  assert.notEqual(colours.light!.positive, colours.dark!.positive, JSON.stringify(colours));
  assert.notEqual(colours.light!.border, colours.dark!.border, JSON.stringify(colours));

  const { page } = await open(`${ROOT}2024/03/02/with-demo/`);
  const start = page.getByRole('button', { name: 'Start the demo' });
  await start.waitFor({ state: 'visible', timeout: 60_000 });
  await start.focus();
  // Focusing it scrolls the figure into view, which may mount the demo and replace the button: focus must stay on
  // a control of the demo either way (it was lost to <body> before the hydrator kept it).
  await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-demo]')?.dataset.demoState !== 'loading', undefined, { timeout: 60_000 });
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    return { inDemo: Boolean(a && document.querySelector('figure[data-demo]')?.contains(a)), tag: a?.tagName ?? '' };
  });
  assert.ok(focused.inDemo && /^(BUTTON|SELECT|INPUT)$/.test(focused.tag), JSON.stringify(focused));
  await page.context().close();
});
