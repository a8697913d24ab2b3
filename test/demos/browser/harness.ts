/**
 * Test harness for demos in headless Chromium (Debian's, via playwright-core): bundles the demos exactly as the
 * build publishes them (`bundleDemos`), serves them from memory at http://localhost/demos/, and opens a page with
 * the figures you give it (as the build would write them) plus the theme's stylesheet. Every request the page
 * makes is recorded, so tests can assert what was (not) loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { bundleDemos, type DemoBundle, type DemoBundleOptions } from '../../../src/site/emit/demo-bundle.js';

/** Debian's Chromium, which CI installs. */
export const CHROMIUM = '/usr/bin/chromium';
/** True when the browser tests can run here. */
export const hasChromium = (): boolean => existsSync(CHROMIUM);

const style = readFileSync(fileURLToPath(new URL('../../../themes/default/assets/style.css', import.meta.url)), 'utf8');

/** Launches Chromium with SwiftShader WebGL2 (or with WebGL off, for the fallback tests). */
export async function launch(options: { webgl?: boolean } = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const args = ['--no-sandbox', '--headless=new'];
  if (options.webgl === false) args.push('--disable-webgl', '--disable-webgl2', '--disable-gpu');
  else args.push('--use-angle=swiftshader', '--enable-unsafe-swiftshader');
  return chromium.launch({ executablePath: CHROMIUM, args });
}

const bundles = new Map<string, Promise<DemoBundle>>();
/** The demo bundle, built once per option set per test process. */
export function demoBundle(options: DemoBundleOptions = {}): Promise<DemoBundle> {
  const key = JSON.stringify({ minify: options.minify ?? true, data: Object.keys(options.data ?? {}) });
  let b = bundles.get(key);
  if (!b) bundles.set(key, (b = bundleDemos(options)));
  return b;
}

/** A page opened by {@link openDemoPage}. */
export interface DemoPage {
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/**
 * Opens `http://localhost/note/<query>` showing `body` (figures as the build writes them). `bundle: false` gives a
 * page without the hydrator (a note without a demo).
 */
export async function openDemoPage(
  browser: Browser,
  body: string,
  options: { query?: string; bundle?: DemoBundle | false; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference'; hasTouch?: boolean } = {},
): Promise<DemoPage> {
  const bundle = options.bundle === undefined ? await demoBundle() : options.bundle;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1000, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    hasTouch: options.hasTouch ?? false,
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const script = bundle ? `<script type="module" src="/demos/${bundle.hydrator}"></script>` : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/style.css">${script}</head><body><main id="main"><article class="post"><div class="post-body">${body}</div></article></main></body></html>`;
  await page.route('http://localhost/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/style.css') return route.fulfill({ contentType: 'text/css', body: style });
    if (bundle && url.pathname.startsWith('/demos/')) {
      const file = bundle.files.get(url.pathname.slice('/demos/'.length));
      if (!file) return route.fulfill({ status: 404, body: 'not found' });
      const type = url.pathname.endsWith('.js') ? 'text/javascript' : url.pathname.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: Buffer.from(file) });
    }
    if (url.pathname.startsWith('/note/')) return route.fulfill({ contentType: 'text/html', body: html });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto(`http://localhost/note/${options.query ?? ''}`);
  return { page, requests, errors };
}

/** A figure as the build writes it, for a harness page: type plus the (complete or partial) config. */
export function figure(type: string, config: Record<string, unknown> = {}): string {
  const json = JSON.stringify(config).replace(/&/g, '&amp;').replace(/'/g, '&#39;');
  return `<figure class="demo" data-demo="${type}" data-config='${json}'><div class="demo-static"><button type="button" class="demo-start" hidden>Start the demo</button></div></figure>`;
}

/** Waits until a demo root's attribute satisfies `test` (polling in the page; no fixed sleeps). */
export async function waitForDemo(page: Page, selector: string, test: string, timeoutMs = 240_000): Promise<void> {
  await page.waitForFunction(
    ([sel, body]) => {
      const el = document.querySelector<HTMLElement>(sel);
      // eslint-disable-next-line no-new-func
      return el ? Boolean(new Function('d', `return (${body})`)(el.dataset)) : false;
    },
    [selector, test] as const,
    { timeout: timeoutMs, polling: 100 },
  );
}

/** Waits until the demo's `data-demo-steps` has not changed for `quietMs` (polled in the page; a condition, not a sleep). */
export async function waitStepsStill(page: Page, selector: string, quietMs: number): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __steps?: string; __since?: number };
    w.__steps = undefined;
  });
  await page.waitForFunction(
    ([sel, quiet]) => {
      const el = document.querySelector<HTMLElement>(sel)!;
      const w = window as unknown as { __steps?: string; __since?: number };
      if (w.__steps !== el.dataset.demoSteps) {
        w.__steps = el.dataset.demoSteps;
        w.__since = performance.now();
      }
      return performance.now() - w.__since! >= quiet;
    },
    [selector, quietMs] as const,
    { timeout: 120_000, polling: 100 },
  );
}
