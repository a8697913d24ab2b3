/**
 * Hostile permalinks and output paths (issue 11), through the CLI users run: each bad note is one error at its
 * `permalink:` line, the build exits 1, the other notes still render, the feed stays valid XML, and no file outside
 * the output folder changes — nor the previous output, since a failed build writes nothing. Cases:
 * `test/fixtures/sites/hostile-output/content/`, one note each.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SaxesParser } from 'saxes';
import { build } from '../../src/site/build.js';
import { toText } from '../../src/site/output.js';
import { sitesDir } from '../helpers/site.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repo, 'bin/danlu.js');

const reserved = 'would replace';
/** `file:line:column severity rule` and the start of the message, for every bad note. */
const expected = [
  'content/assets.md:4:1 error permalink-reserved `permalink: assets/style.css` would replace the generated /assets/',
  'content/backslash.md:4:1 error permalink-unsafe `permalink: ..\\\\..\\\\win/` contains a backslash',
  'content/dotdot.md:4:1 error permalink-unsafe `permalink: ../../../escaped/` has a `.` or `..` segment',
  'content/dup-a.md:4:1 error permalink-duplicate this note and content/dup-b.md both go to /same/index.html',
  'content/dup-b.md:4:1 error permalink-duplicate this note and content/dup-a.md both go to /same/index.html',
  `content/feed.md:4:1 error permalink-reserved \`permalink: atom.xml\` ${reserved} the generated /atom.xml`,
  `content/home.md:4:1 error permalink-reserved \`permalink: /\` ${reserved} the home page`,
  `content/notfound.md:4:1 error permalink-reserved \`permalink: /404.html\` ${reserved} the generated /404.html`,
  'content/nul.md:4:1 error permalink-unsafe `permalink: a\\u0000b/` contains a control character',
  `content/page2.md:4:1 error permalink-reserved \`permalink: page/2/\` ${reserved} the generated /page/`,
  `content/tags.md:4:1 error permalink-reserved \`permalink: tags/\` ${reserved} the generated /tags/`,
];

/** One hash of every file under `dir` (paths, bytes, symlink targets), leaving out the render cache. */
function hashTree(dir: string): string {
  const h = createHash('sha256');
  const visit = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name === '.danlu-cache') continue;
      const abs = path.join(d, name);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) h.update(`L ${rel}${name} ${readlinkSync(abs)}\n`);
      else if (st.isDirectory()) {
        h.update(`D ${rel}${name}\n`);
        visit(abs, `${rel}${name}/`);
      } else h.update(`F ${rel}${name} `).update(readFileSync(abs)).update('\n');
    }
  };
  visit(dir, '');
  return h.digest('hex');
}

/** The fixture, three folders down inside a fresh folder, so `../../../` from `dist` still lands inside it. */
function deepSite(): { top: string; site: string } {
  const top = mkdtempSync(path.join(tmpdir(), 'danlu-hostile-output-'));
  const site = path.join(top, 'w', 'x', 'y', 'site');
  mkdirSync(site, { recursive: true });
  cpSync(path.join(sitesDir, 'hostile-output'), site, { recursive: true });
  return { top, site };
}

const run = (args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  promisify(execFile)(process.execPath, [cli, ...args], { cwd }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

test('hostile permalinks: placed errors, exit 1, nothing outside the output (or in it) changes, the rest renders', { timeout: 180_000 }, async () => {
  const { top, site } = deepSite();
  try {
    // A previous good site in dist/, which the failed build must leave as it is.
    mkdirSync(path.join(site, 'good-only'));
    cpSync(path.join(site, 'content', 'good.md'), path.join(site, 'good-only', 'good.md'));
    assert.ok((await build({ siteDir: site, contentDir: 'good-only', threads: 1 })).ok);
    const before = hashTree(top);

    const r = await run(['build'], site);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    for (const want of expected) assert.ok(lines.some((l) => l.startsWith(want)), `missing line starting with:\n${want}\n--- got:\n${r.stderr}`);
    assert.match(lines[lines.length - 1] ?? '', /^11 errors, 0 warnings/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(hashTree(top), before, 'no file outside the output changed, and the previous output is untouched');

    // The escape alone, with nothing else wrong (before the fix this build succeeded and wrote `w/x/escaped/`).
    mkdirSync(path.join(site, 'escape-only'));
    for (const f of ['good.md', 'dotdot.md']) cpSync(path.join(site, 'content', f), path.join(site, 'escape-only', f));
    const beforeEscape = hashTree(top);
    const escape = await run(['build', '--content', 'escape-only'], site);
    assert.equal(escape.code, 1, escape.stderr);
    assert.match(escape.stderr, /^escape-only\/dotdot\.md:4:1 error permalink-unsafe /m);
    assert.deepEqual(readdirSync(path.join(site, '..', '..')), ['y'], '../../../escaped/ from dist/ was not made');
    assert.equal(hashTree(top), beforeEscape);

    // The other notes still render, and the feed of a title full of markup is valid XML that reads back as text.
    const result = await build({ siteDir: site, threads: 1, write: false, cacheDir: false });
    assert.equal(result.ok, false);
    for (const f of ['good/index.html', 'markup/index.html', 'index.html', 'tags/index.html', '404.html']) assert.ok(result.output.files.has(f), f);
    for (const f of result.output.files.keys()) assert.ok(!f.includes('..') && !f.startsWith('/') && !f.includes('\\'), f);
    const atom = result.output.files.get('atom.xml');
    assert.ok(atom !== undefined);
    const titles: string[] = [];
    let inTitle = false;
    const parser = new SaxesParser();
    parser.on('error', (e) => {
      throw e;
    });
    parser.on('opentag', (t) => void (inTitle = t.name === 'title'));
    parser.on('closetag', () => void (inTitle = false));
    parser.on('text', (t) => void (inTitle && titles.push(t)));
    parser.write(toText(atom)).close();
    assert.ok(titles.includes('<script>alert(1)</script> & ]]> '), titles.join(' | '));
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
});

test('--out naming a file or a symlink: a clear message, exit 1, no stack trace, the link kept', { timeout: 120_000 }, async () => {
  const { top, site } = deepSite();
  try {
    rmSync(path.join(site, 'content'), { recursive: true });
    mkdirSync(path.join(site, 'content'));
    cpSync(path.join(sitesDir, 'hostile-output', 'content', 'good.md'), path.join(site, 'content', 'good.md'));
    writeFileSync(path.join(site, 'out-file'), 'a file');
    mkdirSync(path.join(site, 'real'));
    symlinkSync('real', path.join(site, 'out-link'));
    const before = hashTree(top);
    const file = await run(['build', '--out', 'out-file'], site);
    assert.equal(file.code, 1);
    assert.match(file.stderr, /^error: .*out-file: the output path is a file, not a folder\n {2}hint: /m);
    const link = await run(['build', '--out', 'out-link'], site);
    assert.equal(link.code, 1);
    assert.match(link.stderr, /out-link: the output folder is a symbolic link/);
    for (const r of [file, link]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(hashTree(top), before, 'the file and the link are as they were');
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
});
