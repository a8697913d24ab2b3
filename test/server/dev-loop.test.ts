/**
 * The dev server as a loop over one site in memory: an open tab is told to reload only when its own page changed,
 * a new note and a deleted note show on the next build, and an edit to the site's own theme (a module the theme
 * imports, not only its entry) takes effect without a restart. Waits for builds and events, never for time.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startDevServer } from '../../src/server/dev.js';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

interface Tab {
  reloads: () => number;
  /** Resolves once the stream has said `count` builds are done (the server's `: built` line after each). */
  builds: (count: number) => Promise<void>;
  close: () => void;
}

/** An open tab's event stream: counts the reloads it is told of, and the builds. */
function tab(base: string, pagePath: string): Promise<Tab> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/__danlu/events?path=${encodeURIComponent(pagePath)}`, (res: IncomingMessage) => {
      let reloads = 0;
      let builds = 0;
      let waiting: Array<{ count: number; done: () => void }> = [];
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        reloads += c.split('data: reload').length - 1;
        builds += c.split(': built').length - 1;
        waiting = waiting.filter((w) => (builds >= w.count ? (w.done(), false) : true));
      });
      resolve({
        reloads: () => reloads,
        builds: (count) => (builds >= count ? Promise.resolve() : new Promise((done) => waiting.push({ count, done }))),
        close: () => req.destroy(),
      });
    });
    req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}

const note = (title: string, body: string, permalink: string): string =>
  `---\ntitle: ${title}\ndate: 2024-01-0${permalink === 'a/' ? 1 : 2} 10:00:00\npermalink: ${permalink}\n---\n\n${body}\n`;

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-dev-loop-'));
  mkdirSync(path.join(dir, 'content'));
  mkdirSync(path.join(dir, 'themes', 'mine'), { recursive: true });
  writeFileSync(path.join(dir, 'danlu.config.yaml'), 'title: Loop\ntheme: mine\n');
  writeFileSync(path.join(dir, 'content', 'a.md'), note('Alpha', 'First body of a.', 'a/'));
  writeFileSync(path.join(dir, 'content', 'b.md'), note('Beta', 'First body of b.', 'b/'));
  // A theme of the site's own: the default theme with its footer text taken from a module of its own.
  writeFileSync(path.join(dir, 'themes', 'mine', 'mark.ts'), "export const mark = 'theme-v1';\n");
  writeFileSync(
    path.join(dir, 'themes', 'mine', 'index.ts'),
    [
      `import { defaultTheme as base } from ${JSON.stringify(path.resolve('themes/default/index.ts'))};`,
      "import { mark } from './mark.ts';",
      'export const theme = {',
      '  ...base,',
      '  render: (ctx: Parameters<typeof base.render>[0]) => String(base.render(ctx)).replace("</body>", `<p id="mark">${mark}</p></body>`),',
      '};',
      '',
    ].join('\n'),
  );
  return dir;
}

test('dev loop: a tab reloads only when its page changed; new and deleted notes show; config and theme edits take effect', { timeout: 180_000 }, async () => {
  const dir = site();
  const dev = await startDevServer({ siteDir: dir, port: 0, cacheDir: false, threads: 1 });
  const base = dev.url.replace(/\/$/, '');
  const tabs: Array<{ close: () => void }> = [];
  try {
    assert.match((await get(`${base}/a/`)).body, /theme-v1/);
    const onA = await tab(base, '/a/');
    const onB = await tab(base, '/b/');
    tabs.push(onA, onB);
    // Both streams have heard of every build since they opened (wait for it, never for time).
    const opened = dev.buildCount();
    const caughtUp = (): Promise<unknown> => Promise.all([onA.builds(dev.buildCount() - opened), onB.builds(dev.buildCount() - opened)]);

    // Only b's page changes with b's body: the tab on a is not reloaded.
    let built = dev.nextBuild();
    writeFileSync(path.join(dir, 'content', 'b.md'), note('Beta', 'Second body of b.', 'b/'));
    await built;
    await caughtUp();
    assert.match((await get(`${base}/b/`)).body, /Second body of b\./);
    assert.equal(onB.reloads(), 1, 'the tab on b reloads');
    assert.equal(onA.reloads(), 0, 'the tab on a does not');

    // A retitled b shows in a's prev/next link: now a's page changed too.
    built = dev.nextBuild();
    writeFileSync(path.join(dir, 'content', 'b.md'), note('Gamma', 'Second body of b.', 'b/'));
    await built;
    await caughtUp();
    assert.match((await get(`${base}/a/`)).body, /Gamma/);
    assert.equal(onA.reloads(), 1, 'the tab on a reloads once its page shows the new title');

    // Two saves of one note in quick succession (chokidar reports the second not at all): the last one shows.
    writeFileSync(path.join(dir, 'content', 'b.md'), note('Gamma', 'Third body of b.', 'b/'));
    await dev.nextBuild();
    writeFileSync(path.join(dir, 'content', 'b.md'), note('Gamma', 'Fourth body of b.', 'b/'));
    for (let i = 0; ; i++) {
      const next = dev.nextBuild(); // waiting from before the look, so a build in between is not missed
      if (/Fourth body of b\./.test((await get(`${base}/b/`)).body)) break;
      assert.ok(i < 20, 'the second save was built');
      await next;
    }

    // A new note is served; a deleted one is gone.
    built = dev.nextBuild();
    writeFileSync(path.join(dir, 'content', 'c.md'), note('Delta', 'Body of c.', 'c/'));
    await built;
    assert.equal((await get(`${base}/c/`)).status, 200);
    built = dev.nextBuild();
    unlinkSync(path.join(dir, 'content', 'c.md'));
    await built;
    assert.equal((await get(`${base}/c/`)).status, 404);

    // A config edit (the site's title) shows on every page without a restart.
    built = dev.nextBuild();
    writeFileSync(path.join(dir, 'danlu.config.yaml'), 'title: Loop renamed\ntheme: mine\n');
    await built;
    assert.match((await get(`${base}/a/`)).body, /Loop renamed/);

    // An edit of a module the site's theme imports shows without a restart, and every tab reloads.
    built = dev.nextBuild();
    writeFileSync(path.join(dir, 'themes', 'mine', 'mark.ts'), "export const mark = 'theme-v2';\n");
    await built;
    await caughtUp();
    assert.match((await get(`${base}/a/`)).body, /theme-v2/);
    assert.ok(onB.reloads() >= 2, 'a theme edit reloads every tab');
  } finally {
    for (const t of tabs) t.close();
    await dev.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
