/**
 * Comments in Chromium, served by the dev server with its Content-Security-Policy: a stand-in giscus client and
 * Twikoo script on another origin (the config's `src`, as a self-hosted instance would be) must load under the
 * policy, giscus must get the reader's light/dark choice and follow the toggle, and Twikoo must not be fetched
 * before the reader nears the end of the note.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDevServer, type DevServer } from '../../../src/server/dev.js';
import { hasChromium, launch } from '../../demos/browser/harness.js';

const skip = hasChromium() ? false : '/usr/bin/chromium is missing (apt-get install chromium); browser checks skipped';

/** The provider's side: giscus's client records its attributes and opens a frame that reports setConfig messages. */
const FILES: Record<string, string> = {
  '/client.js': `(function(){var s=document.currentScript;window.__giscus={theme:s.getAttribute('data-theme'),repo:s.getAttribute('data-repo'),messages:[]};
var f=document.createElement('iframe');f.className='giscus-frame';f.src=new URL('frame.html',s.src).href;s.insertAdjacentElement('afterend',f);
addEventListener('message',function(e){if(e.data&&e.data.frameGot)window.__giscus.messages.push(e.data.frameGot)})})();`,
  '/frame.html': `<!doctype html><script>addEventListener('message',function(e){var t=e.data&&e.data.giscus&&e.data.giscus.setConfig&&e.data.giscus.setConfig.theme;if(t)parent.postMessage({frameGot:t},'*')})</script>`,
  '/twikoo.js': `window.twikoo={init:function(o){window.__twikoo={envId:o.envId,el:o.el,found:!!document.querySelector(o.el)}}};`,
};

describe('comments in the browser, under the dev server\'s policy', { skip, timeout: 300_000 }, () => {
  let provider: Server;
  let origin = '';
  const requests: string[] = [];
  let dev: DevServer;
  let browser: Browser;
  let site = '';

  before(async () => {
    provider = createServer((req, res) => {
      const p = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(p);
      const body = FILES[p];
      if (body === undefined) return void res.writeHead(404).end();
      // giscus's tag is crossorigin="anonymous": the script runs only with CORS, as giscus.app sends it.
      res.writeHead(200, { 'content-type': p.endsWith('.html') ? 'text/html' : 'text/javascript', 'access-control-allow-origin': '*' }).end(body);
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    site = mkdtempSync(path.join(tmpdir(), 'danlu-comments-browser-'));
    mkdirSync(path.join(site, 'content'));
    // Long enough that the end of the note is several screens below the top.
    const body = Array.from({ length: 80 }, (_, i) => `第 ${i + 1} 段：梯度下降沿着损失函数的负梯度方向更新参数。`).join('\n\n');
    writeFileSync(path.join(site, 'content', 'note.md'), `---\ntitle: Note\ndate: 2024-01-01\npermalink: note/\n---\n\n${body}\n`);
    writeFileSync(path.join(site, 'danlu.config.yaml'), `comments:\n  provider: giscus\n  repo: alice/notes\n  repoId: R_1\n  category: General\n  categoryId: DIC_1\n  src: ${origin}/client.js\n`);
    dev = await startDevServer({ siteDir: site, port: 0, cacheDir: false, threads: 1 });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await dev?.close();
    await new Promise<void>((r) => provider.close(() => r()));
  });

  it('giscus loads under the policy with the reader\'s stored theme, and each toggle is passed to its frame', async () => {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => localStorage.setItem('danlu-theme', 'dark'));
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
    await page.goto(new URL('note/', dev.url).href);
    await page.waitForFunction(() => (window as { __giscus?: unknown }).__giscus !== undefined, undefined, { timeout: 60_000 });
    const first = await page.evaluate(() => (window as unknown as { __giscus: { theme: string; repo: string } }).__giscus);
    assert.equal(first.repo, 'alice/notes');
    assert.equal(first.theme, 'dark', 'the stored dark choice, not the system\'s light');
    await page.waitForFunction(() => !(document.querySelector('.theme-toggle') as HTMLButtonElement).hidden);
    // The frame listens once its script has run.
    await page.frameLocator('iframe.giscus-frame').locator('script').waitFor({ state: 'attached', timeout: 60_000 });
    await page.click('.theme-toggle'); // dark → light, the system's: the page follows the system again
    await page.waitForFunction(() => (window as unknown as { __giscus: { messages: string[] } }).__giscus.messages.length >= 1, undefined, { timeout: 30_000 });
    await page.click('.theme-toggle'); // → dark
    await page.waitForFunction(() => (window as unknown as { __giscus: { messages: string[] } }).__giscus.messages.length >= 2, undefined, { timeout: 30_000 });
    const messages = await page.evaluate(() => (window as unknown as { __giscus: { messages: string[] } }).__giscus.messages);
    assert.deepEqual(messages, ['preferred_color_scheme', 'dark']);
    assert.deepEqual(blocked, [], 'nothing blocked by the dev server\'s policy');
    await context.close();
  });

  it('a config edit to Twikoo is let through on the next load, and its script is fetched only near the end of the note', async () => {
    writeFileSync(path.join(site, 'danlu.config.yaml'), `comments:\n  provider: twikoo\n  envId: ${origin}/api\n  src: ${origin}/twikoo.js\n`);
    await dev.nextBuild();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
    await page.goto(new URL('note/', dev.url).href);
    await page.waitForSelector('#tcomment', { state: 'attached' });
    await page.waitForFunction(() => document.readyState === 'complete');
    const below = await page.evaluate(() => (document.querySelector('#tcomment') as HTMLElement).getBoundingClientRect().top - innerHeight);
    assert.ok(below > 600, `the box starts ${below} px below the screen, beyond the loader's 600 px margin`);
    // A few rendered frames: an observer that saw the box would have reported it by now.
    // (A string: tsx would wrap a named function in a helper the page does not have.)
    await page.evaluate('new Promise(function (r) { var n = 0; function f() { if (++n < 4) requestAnimationFrame(f); else setTimeout(r, 0); } requestAnimationFrame(f); })');
    assert.ok(!requests.includes('/twikoo.js'), 'not fetched while the reader is at the top of the note');
    await page.locator('#tcomment').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (window as { __twikoo?: unknown }).__twikoo !== undefined, undefined, { timeout: 60_000 });
    const init = await page.evaluate(() => (window as unknown as { __twikoo: { envId: string; el: string; found: boolean } }).__twikoo);
    assert.deepEqual(init, { envId: `${origin}/api`, el: '#tcomment', found: true });
    assert.deepEqual(blocked, []);
    await context.close();
  });
});
