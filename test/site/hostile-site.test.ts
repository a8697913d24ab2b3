/**
 * The hostile site (issue 11): notes whose `permalink:` tries to leave the output folder (`..`, backslashes, NUL,
 * URLs) or to take a generated page's or another note's place. Each is an error at its `permalink:` line, the
 * build exits 1, the other notes still render, nothing of a refused note is written, and no file outside the
 * output folder changes: the whole folder around the site is hashed before and after. The site sits a few
 * folders deep, so a `../../../` that got through would land inside the hashed folder. (This suite also holds
 * the cases of the former hostile-output suite, which a second helper wrote for the same issue.)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SaxesParser } from 'saxes';
import { build } from '../../src/site/build.js';
import { toText } from '../../src/site/build/output.js';
import { readTree, sitesDir } from '../helpers/site.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const reserved = 'choose a `permalink:` outside /index.html, /page, /tags, /categories, /archives, /search, /404.html, /atom.xml, /sitemap.xml, /robots.txt, /search.json, /pagefind, /assets, /katex, /files, /.danlu-output';

/** Every printed line the hostile site must give (whole lines: the place, the rule and the words). */
const expected = [
  `content/assets-relative.md:4:1 error permalink-reserved \`permalink: assets/style.css\` would replace the generated /assets/; ${reserved}`,
  `content/assets.md:4:1 error permalink-reserved \`permalink: /assets/style.css\` would replace the generated /assets/; ${reserved}`,
  'content/backslash-slash.md:4:1 error permalink-unsafe `permalink: ..\\\\..\\\\win/` contains a backslash; separate folders with `/`; nothing of this note is written',
  'content/backslash.md:4:1 error permalink-unsafe `permalink: ..\\\\..\\\\win\\\\` contains a backslash; separate folders with `/`; nothing of this note is written',
  'content/dotdot.md:4:1 error permalink-unsafe `permalink: ../../../escaped/` has a `.` or `..` segment, which would leave its folder (or the output folder); nothing of this note is written',
  'content/dup-a.md:4:1 error permalink-duplicate this note and content/dup-b.md both go to /same/index.html; give one of them a different `permalink:` (or file name)',
  'content/dup-b.md:4:1 error permalink-duplicate this note and content/dup-a.md both go to /same/index.html; give one of them a different `permalink:` (or file name)',
  `content/feed.md:4:1 error permalink-reserved \`permalink: atom.xml\` would replace the generated /atom.xml; ${reserved}`,
  `content/home-root.md:4:1 error permalink-reserved \`permalink: /\` would replace the home page; ${reserved}`,
  `content/home.md:4:1 error permalink-reserved \`permalink: index.html\` would replace the generated /index.html; ${reserved}`,
  'content/nested.md:4:1 error permalink-unsafe `permalink: a/../../../../nested/` has a `.` or `..` segment, which would leave its folder (or the output folder); nothing of this note is written',
  `content/notfound-rooted.md:4:1 error permalink-reserved \`permalink: /404.html\` would replace the generated /404.html; ${reserved}`,
  `content/notfound.md:4:1 error permalink-reserved \`permalink: 404.html\` would replace the generated /404.html; ${reserved}`,
  'content/nul.md:4:1 error permalink-unsafe `permalink: x\\u0000y/` contains a control character (NUL, newline, …); nothing of this note is written',
  `content/page2.md:4:1 error permalink-reserved \`permalink: page/2/\` would replace the generated /page/; ${reserved}`,
  `content/tags.md:4:1 error permalink-reserved \`permalink: tags/\` would replace the generated /tags/; ${reserved}`,
  'content/url.md:4:1 error permalink-unsafe `permalink: file:///etc/passwd` is a URL or a drive path; write a path inside the site, such as `notes/cnn/`; nothing of this note is written',
];

/** A fresh copy of the hostile fixture at `<tmp>/a/b/c/site`; returns both folders. */
function hostileSite(): { outer: string; site: string } {
  const outer = mkdtempSync(path.join(tmpdir(), 'danlu-hostile-'));
  const site = path.join(outer, 'a', 'b', 'c', 'site');
  mkdirSync(site, { recursive: true });
  cpSync(path.join(sitesDir, 'hostile'), site, { recursive: true });
  return { outer, site };
}

/**
 * One digest of every file, folder and link under `dir` (names, kinds, bytes, link targets), leaving out the given
 * absolute paths: the output folder, and the render cache the build keeps beside it by design.
 */
function hashTree(dir: string, skip: string[]): string {
  const hash = createHash('sha256');
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (skip.includes(full)) continue;
      const st = lstatSync(full);
      const rel = path.relative(dir, full);
      if (st.isSymbolicLink()) hash.update(`L ${rel} → ${readlinkSync(full)}\n`);
      else if (st.isDirectory()) {
        hash.update(`D ${rel}\n`);
        visit(full);
      } else hash.update(`F ${rel} ${createHash('sha256').update(readFileSync(full)).digest('hex')}\n`);
    }
  };
  visit(dir);
  return hash.digest('hex');
}

const run = (args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  promisify(execFile)(process.execPath, [path.join(repo, 'bin/danlu.js'), ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

test('danlu build refuses every escaping or colliding permalink at its line, exits 1, and changes nothing outside the output', async () => {
  const { outer, site } = hostileSite();
  const skip = [path.join(site, 'dist'), path.join(site, '.danlu-cache'), path.join(site, 'report.json')];
  const before = hashTree(outer, skip);
  const { code, stderr } = await run(['build', '--report', 'report.json'], site);
  assert.equal(code, 1, stderr);
  const lines = stderr.trim().split('\n');
  for (const want of expected) assert.ok(lines.includes(want), `missing line:\n${want}\n--- got:\n${stderr}`);
  assert.equal(lines[lines.length - 1], '17 errors, 0 warnings (permalink-reserved ×9, permalink-unsafe ×6, permalink-duplicate ×2)');
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(hashTree(outer, skip), before, 'no file outside the output folder changed');
  assert.equal(existsSync(path.join(site, 'dist')), false, 'a build with errors writes no site');
  rmSync(outer, { recursive: true, force: true });
});

test('an escaping permalink alone, with nothing else wrong, still fails the build and writes nothing outside', async () => {
  // Before the fix this build succeeded and wrote `../../../escaped/` from dist/, beside the site's parents.
  const { outer, site } = hostileSite();
  mkdirSync(path.join(site, 'escape-only'));
  for (const f of ['good.md', 'dotdot.md']) cpSync(path.join(site, 'content', f), path.join(site, 'escape-only', f));
  const skip = [path.join(site, 'dist'), path.join(site, '.danlu-cache')];
  const before = hashTree(outer, skip);
  const { code, stderr } = await run(['build', '--content', 'escape-only'], site);
  assert.equal(code, 1, stderr);
  assert.match(stderr, /^escape-only\/dotdot\.md:4:1 error permalink-unsafe /m);
  assert.deepEqual(readdirSync(path.join(site, '..', '..')), ['c'], '../../../escaped/ from dist/ was not made');
  assert.equal(hashTree(outer, skip), before);
  rmSync(outer, { recursive: true, force: true });
});

test('the other notes still render, a refused note renders nowhere, and a rooted permalink stays inside the site', async () => {
  const { outer, site } = hostileSite();
  const result = await build({ siteDir: site, cacheDir: false });
  assert.equal(result.ok, false);
  const files = result.output.files;
  const good = files.get('good/index.html');
  assert.ok(good, 'the good note is rendered');
  assert.match(toText(good), /Body of good\./);
  assert.ok(files.has('etc/cron.d/x/index.html'), 'a leading `/` is the site root, as in Hexo: inside the output');
  for (const [file, data] of files) {
    assert.ok(!file.split('/').includes('..') && !file.includes('\\') && !file.includes('\0') && !path.isAbsolute(file), `unsafe output path ${file}`);
    const text = toText(data);
    for (const refused of ['dotdot', 'nested', 'backslash', 'backslash-slash', 'nul', 'url', 'home', 'home-root', 'tags', 'notfound', 'notfound-rooted', 'feed', 'assets', 'assets-relative', 'page2', 'dup-a', 'dup-b']) {
      assert.ok(!text.includes(`Body of ${refused}.`), `${file} carries the refused note ${refused}`);
    }
  }
  assert.doesNotMatch(toText(files.get('index.html') ?? ''), /<title>Home/, 'the home page is the generated one');
  // The feed is valid XML although the good note's title and tags hold markup, `&` and `]]>`.
  const parser = new SaxesParser();
  const titles: string[] = [];
  let inTitle = false;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => void (inTitle = t.name === 'title'));
  parser.on('text', (s) => void (inTitle && titles.push(s)));
  parser.on('closetag', () => void (inTitle = false));
  parser.write(toText(files.get('atom.xml') ?? '')).close();
  assert.ok(titles.includes('Good <script>alert(1)</script> & co'), titles.join('\n'));
  // A title with markup, `]]>` and a control character reads back as that text (the control character dropped).
  assert.ok(titles.includes('<script>alert(1)</script> & ]]> '), titles.join('\n'));
  assert.ok(files.has('markup/index.html') && files.has('tags/index.html') && files.has('404.html'));
  rmSync(outer, { recursive: true, force: true });
});

test('a failed hostile build leaves the previous site as it was, and nothing around it', async () => {
  const { outer, site } = hostileSite();
  // The previous site: the same folder with only the harmless notes.
  const content = path.join(site, 'content');
  const keep = path.join(site, 'keep');
  mkdirSync(keep);
  for (const f of ['good.md', 'rooted.md']) cpSync(path.join(content, f), path.join(keep, f));
  const first = await build({ siteDir: site, contentDir: 'keep' });
  assert.ok(first.ok, JSON.stringify(first.report.messages));
  assert.ok(existsSync(path.join(site, 'dist', 'etc', 'cron.d', 'x', 'index.html')));
  const dist = readTree(path.join(site, 'dist'));
  const skip = [path.join(site, 'dist'), path.join(site, '.danlu-cache')];
  const before = hashTree(outer, skip);
  const failed = await build({ siteDir: site });
  assert.equal(failed.ok, false);
  assert.deepEqual(readTree(path.join(site, 'dist')), dist, 'the previous site is untouched');
  assert.equal(hashTree(outer, skip), before, 'nothing outside the output changed');
  assert.deepEqual(readdirSync(site).filter((n) => n.startsWith('dist.')), [], 'no temporary folder left beside it');
  rmSync(outer, { recursive: true, force: true });
});

test('a Hexo page whose permalink escapes is refused at its line; a 404.md still replaces the generated 404 page', async () => {
  const { outer, site } = hostileSite();
  const blog = path.join(site, 'hexo');
  const skip = [path.join(blog, 'dist'), path.join(blog, '.danlu-cache')];
  const before = hashTree(outer, skip);
  const { code, stderr } = await run(['build', '--content', 'source/_posts', '--out', 'dist'], blog);
  assert.equal(code, 1, stderr);
  const lines = stderr.trim().split('\n');
  for (const want of [
    'source/about/index.md:4:1 error permalink-unsafe `permalink: ../../../../pwned/` has a `.` or `..` segment, which would leave its folder (or the output folder); nothing of this page is written',
    'source/evil/index.md:4:1 error permalink-unsafe `permalink: a\\\\..\\\\..\\\\x.html` contains a backslash; separate folders with `/`; nothing of this page is written',
    'source/feed/index.md:4:1 error permalink-reserved this page would go to /atom.xml and replace the generated /atom.xml; give it a `permalink:` elsewhere (a `404.md` may replace /404.html)',
  ]) assert.ok(lines.includes(want), `missing line:\n${want}\n--- got:\n${stderr}`);
  assert.equal(lines[lines.length - 1], '3 errors, 0 warnings (permalink-unsafe ×2, permalink-reserved ×1)');
  assert.equal(hashTree(outer, skip), before, 'no file outside the output folder changed');

  const result = await build({ siteDir: blog, contentDir: 'source/_posts', cacheDir: false });
  assert.match(toText(result.output.files.get('404.html') ?? ''), /Our own 404 page\./, 'a page may replace 404.html');
  assert.match(toText(result.output.files.get('atom.xml') ?? ''), /^<\?xml/, 'the feed is the generated one');
  assert.ok([...result.output.files.keys()].some((f) => f.startsWith('2024/01/01/ok/')), 'the post still renders');
  for (const data of result.output.files.values()) assert.doesNotMatch(toText(data), /Escapes\.|Backslashes\.|Replaces the feed\./, 'nothing of a refused page');
  rmSync(outer, { recursive: true, force: true });
});

test('--out naming a file or a symbolic link is a clear message, exit 1, and the link is left as it was', async () => {
  const { outer, site } = hostileSite();
  writeFileSync(path.join(site, 'a-file'), 'not a folder\n');
  const asFile = await run(['build', '--out', 'a-file'], site);
  assert.equal(asFile.code, 1);
  assert.match(asFile.stderr, /^error: .*a-file: the output path is a file, not a folder\n {2}hint: /m);
  assert.doesNotMatch(asFile.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readFileSync(path.join(site, 'a-file'), 'utf8'), 'not a folder\n');

  const target = path.join(outer, 'elsewhere');
  mkdirSync(target);
  symlinkSync(target, path.join(site, 'linked'));
  // A relative link too, to a folder beside it.
  mkdirSync(path.join(site, 'real'));
  symlinkSync('real', path.join(site, 'linked-relative'));
  const before = hashTree(outer, []);
  for (const name of ['linked', 'linked-relative']) {
    const asLink = await run(['build', '--out', name], site);
    assert.equal(asLink.code, 1);
    assert.match(asLink.stderr, new RegExp(`^error: .*${name}: the output folder is a symbolic link.*\\n {2}hint: `, 'm'));
    assert.doesNotMatch(asLink.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(lstatSync(path.join(site, name)).isSymbolicLink(), 'the link is not replaced');
  }
  assert.equal(hashTree(outer, []), before, 'nothing changed, the link targets included');
  rmSync(outer, { recursive: true, force: true });
});
