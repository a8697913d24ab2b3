/**
 * The dev server's Content-Security-Policy in a real browser (Debian's Chromium through playwright-core): a note
 * with math, code and a local image shows with no violation reported (the theme's scripts and styles, KaTeX's
 * CSS and fonts all allowed), a script a note's raw HTML points at another origin is blocked, and live reload still
 * reloads the page after a save. Waits for events, never for time.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { startDevServer } from '../../src/server/dev.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium); browser checks skipped`;

const note = (word: string): string =>
  [
    '---',
    'title: CSP',
    'date: 2024-01-01 10:00:00',
    'permalink: csp/',
    '---',
    '',
    `Word: ${word}. Inline $a^2+b^2=c^2$ and display:`,
    '',
    '$$\\int_0^1 x\\,dx$$',
    '',
    '```python',
    'import torch',
    '```',
    '',
    '![pic](pic.svg)',
    '',
    // Raw HTML that would load a script from elsewhere: the CSP must block it (nothing listens there anyway).
    '<script src="http://127.0.0.2:9/evil.js"></script>',
    '',
  ].join('\n');

test('dev server CSP: the theme works with no violation, another origin is blocked, live reload reloads', { skip, timeout: 180_000 }, async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-dev-csp-'));
  mkdirSync(path.join(site, 'content'));
  writeFileSync(path.join(site, 'content', 'csp.md'), note('first'));
  writeFileSync(path.join(site, 'content', 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
  const dev = await startDevServer({ siteDir: site, port: 0, cacheDir: false, threads: 1 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const connected = page.waitForResponse((r) => r.url().includes('/__danlu/events'));
    const response = await page.goto(new URL('csp/', dev.url).href, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    await connected;
    assert.match(await page.textContent('body') ?? '', /Word: first\./);
    assert.ok(await page.$('.katex'), 'math typeset');
    // KaTeX's fonts load lazily; wait until the document says they are done, then read what was refused.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    assert.deepEqual(violations.filter((v) => !v.includes('127.0.0.2')), [], 'nothing of the site itself is refused');
    assert.ok(violations.some((v) => v.startsWith('script-src') && v.includes('127.0.0.2')), `the other origin's script is blocked: ${violations.join(', ')}`);

    // Live reload: a save rebuilds, the server tells the page, the page reloads and shows the new text.
    const reloaded = page.waitForEvent('load');
    writeFileSync(path.join(site, 'content', 'csp.md'), note('second'));
    await reloaded;
    await page.waitForFunction(() => document.body.textContent?.includes('Word: second.'));
  } finally {
    await browser.close();
    await dev.close();
    rmSync(site, { recursive: true, force: true });
  }
});
