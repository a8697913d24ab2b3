/**
 * Whole-site builds with live demos: only a page with a ```demo loads the demos' loader, the bundle (loader,
 * chunks, Worker, data) is published under assets/demos/ only when some page has a demo, a rebuild reads the
 * bundle from the cache instead of bundling again, and a change of the demos' code makes the site out of date.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from '../../src/site/build.js';
import { buildFingerprint } from '../../src/site/build/fingerprint.js';
import { reservedPathOwner } from '../../src/site/model/reserved-paths.js';
import { tempSite } from '../helpers/site.js';

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
const moduleScripts = (html: string): string[] => [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]!);

test('a demo page loads the hydrator; the plain page and list pages load no demo code; the bundle is published', async () => {
  const site = tempSite('demo-site');
  const out = path.join(site, 'dist');
  const result = await build({ siteDir: site });
  assert.ok(result.ok, JSON.stringify(result.report.messages));
  assert.deepEqual(result.report.messages, []);

  const demoPage = read(out, '2024/03/02/with-demo/index.html');
  const scripts = moduleScripts(demoPage);
  assert.equal(scripts.length, 1, demoPage);
  assert.match(scripts[0]!, /^\/notes\/assets\/demos\/hydrate-[\w-]+\.js$/);
  assert.match(demoPage, /<figure class="demo demo-mlp" data-demo="mlp"/);
  assert.match(demoPage, /<figcaption>Two circles, one hidden layer of three<\/figcaption>/);

  const files = readdirSync(path.join(out, 'assets/demos'));
  const hydrator = scripts[0]!.replace('/notes/assets/demos/', '');
  assert.ok(files.includes(hydrator), `${hydrator} in ${files.join(', ')}`);
  assert.ok(files.some((f) => /^mlp-[\w-]+\.js$/.test(f)), 'the MLP demo is its own chunk');
  assert.ok(files.some((f) => /^worker-[0-9A-Z]{8}\.js$/.test(f)), 'the training Worker');
  assert.ok(files.filter((f) => f.endsWith('.js')).length > 3, 'loader, demo chunks, shared chunks, Worker');
  // The hydrator is small and names its chunks relative to itself: what a browser resolves under assets/demos/.
  const hydratorJs = read(out, `assets/demos/${hydrator}`);
  for (const m of hydratorJs.matchAll(/"\.\/([\w-]+\.js)"/g)) assert.ok(files.includes(m[1]!), `${m[1]} is published`);

  const plain = read(out, '2024/03/01/plain/index.html');
  assert.deepEqual(moduleScripts(plain), []);
  assert.ok(!plain.includes('assets/demos/'), 'the plain note names no demo file');
  assert.ok(!plain.includes('data-demo'), 'a yaml code block is not a demo');

  // No note's permalink may take the bundle's folder.
  assert.equal(reservedPathOwner('assets/demos/'), 'the generated /assets/');
  // The home page shows the demo note's excerpt (up to <!-- more -->): the static figure, without the script.
  const home = read(out, 'index.html');
  assert.match(home, /<figure class="demo demo-mlp" data-demo="mlp"/);
  assert.deepEqual(moduleScripts(home), []);
  for (const f of ['archives/index.html', 'tags/index.html', 'search/index.html', '404.html']) assert.deepEqual(moduleScripts(read(out, f)), [], f);
});

test('a rebuild reads the bundle from the cache; a site without demos publishes none', async () => {
  const site = tempSite('demo-site');
  const out = path.join(site, 'dist');
  const cache = path.join(site, '.danlu-cache');
  const first = await build({ siteDir: site });
  assert.ok(first.ok);
  const entries = readdirSync(cache).filter((n) => n.startsWith('demos-'));
  assert.equal(entries.length, 1, readdirSync(cache).join(', '));
  const manifest = path.join(cache, entries[0]!, 'manifest.json');
  const before = statSync(manifest);
  const published = readdirSync(path.join(out, 'assets/demos')).sort();

  // Edit a note: the site is out of date and builds again, but the demos' code and data did not change.
  writeFileSync(path.join(site, 'content/plain.md'), read(site, 'content/plain.md') + '\nOne more line.\n');
  const second = await build({ siteDir: site });
  assert.ok(second.ok);
  assert.notEqual(second.report.upToDate, true);
  assert.match(read(out, '2024/03/01/plain/index.html'), /One more line\./);
  const after = statSync(manifest);
  assert.equal(after.ino, before.ino, 'the cached bundle was not written again');
  assert.equal(after.mtimeMs, before.mtimeMs, 'the cached bundle was not written again');
  assert.deepEqual(readdirSync(cache).filter((n) => n.startsWith('demos-')), entries);
  assert.deepEqual(readdirSync(path.join(out, 'assets/demos')).sort(), published, 'the same files, so the same names pages link');
  assert.equal(moduleScripts(read(out, '2024/03/02/with-demo/index.html'))[0], `/notes/assets/demos/${published.find((f) => f.startsWith('hydrate-'))}`);

  // Without the demo note, no page needs the bundle: nothing is published under assets/demos/.
  rmSync(path.join(site, 'content/with-demo.md'));
  const third = await build({ siteDir: site });
  assert.ok(third.ok);
  assert.ok(!existsSync(path.join(out, 'assets/demos')), 'no demo files without a demo page');
  assert.equal(third.report.phases.demos, undefined, 'no bundling phase');
});

test('the demos’ code is part of the up-to-date fingerprint', () => {
  const site = tempSite('demo-site');
  const input = { contentDir: path.join(site, 'content'), outDir: path.join(site, 'dist'), themeDir: path.join(site, 'themes'), config: {}, flags: {} };
  const before = buildFingerprint(input);
  assert.equal(buildFingerprint(input), before);
  // A file appearing in src/demos (as an edit would change one's size or mtime) changes the fingerprint.
  const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'demos', `.fingerprint-probe-${process.pid}`);
  writeFileSync(probe, 'x');
  try {
    assert.notEqual(buildFingerprint(input), before);
  } finally {
    rmSync(probe, { force: true });
  }
  assert.equal(buildFingerprint(input), before);
});
