/**
 * Config `katex` (macros and a preamble file) as a writer uses it, from the config file to the built page and
 * the render cache; and the one notice a build gives when no `url` is set.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../src/site/build.js';
import { loadConfig, resolveConfig } from '../../src/site/config.js';
import { ConfigError } from '../../src/site/errors.js';

/** A site folder with one note and the given files (config, preamble…). */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-katex-'));
  mkdirSync(path.join(dir, 'content'), { recursive: true });
  writeFileSync(path.join(dir, 'content', 'note.md'), '---\ntitle: Macros\ndate: 2024-01-02 10:00:00\n---\n\n实数 $\\RR^n$，范数 $\\norm{x}$，水 $\\ce{H2O}$。\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const notePage = (dir: string): string => readFileSync(path.join(dir, 'dist/2024/01/02/note/index.html'), 'utf8');

test('katex.macros and katex.preamble from danlu.config.yaml are read, the preamble relative to the config file', () => {
  const dir = site({
    'danlu.config.yaml': "url: https://example.org\nkatex:\n  macros:\n    \\RR: \\mathbb{R}\n    half: '\\frac12'\n  preamble: tex/preamble.tex\n",
  });
  mkdirSync(path.join(dir, 'tex'));
  writeFileSync(path.join(dir, 'tex/preamble.tex'), '\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}\n');
  const { config, notices } = loadConfig(dir);
  assert.deepEqual(config.katex.macros, { '\\RR': '\\mathbb{R}', '\\half': '\\frac12' });
  assert.equal(config.katex.preamble, path.join(dir, 'tex/preamble.tex'));
  assert.match(config.katex.preambleTex, /\\newcommand\{\\norm\}/);
  assert.deepEqual(notices, []);
});

test('a bad preamble is a config error naming the preamble file and line; a missing one names the config file', () => {
  const dir = site({ 'danlu.config.yaml': 'katex:\n  preamble: pre.tex\n', 'pre.tex': '% ok\n\\newcommand{\\a}{a}\n\\newcommand{\\b}{\\frac{b}\n' });
  assert.throws(
    () => loadConfig(dir),
    (e: unknown) => e instanceof ConfigError && e.path === `${path.join(dir, 'pre.tex')}:3` && /KaTeX cannot read this preamble/.test(e.message),
  );
  const missing = site({ 'danlu.config.yaml': 'katex:\n  preamble: nowhere.tex\n' });
  assert.throws(() => loadConfig(missing), (e: unknown) => e instanceof ConfigError && e.path === path.join(missing, 'danlu.config.yaml') && /nowhere\.tex/.test(e.message));
  assert.throws(() => resolveConfig({ katex: { macro: {} } }), /unknown key `katex.macro`/);
  assert.throws(() => resolveConfig({ katex: { macros: ['\\RR'] } }), /`katex.macros` must be a mapping/);
});

test('a macro that names an unknown command is a notice naming the macro and the config file', () => {
  const dir = site({ 'danlu.config.yaml': 'url: https://example.org\nkatex:\n  macros:\n    \\RR: \\mathbbb{R}\n' });
  const { notices } = loadConfig(dir);
  assert.equal(notices.length, 1);
  assert.match(notices[0] ?? '', /\\RR: Undefined control sequence: \\mathbbb/);
  assert.ok(notices[0]?.includes(path.join(dir, 'danlu.config.yaml')));
});

test('an expansion written with a doubled backslash (plain YAML keeps both) is a notice saying what to write', () => {
  const dir = site({ 'danlu.config.yaml': 'url: https://example.org\nkatex:\n  macros:\n    RR: \\\\mathbb{R}\n' });
  const { config, notices } = loadConfig(dir);
  assert.equal(config.katex.macros['\\RR'], '\\\\mathbb{R}');
  assert.equal(notices.length, 1);
  assert.match(notices[0] ?? '', /\\RR starts with \\\\ \(a line break\): write `\\mathbb\{R\}`/);
});

test('the built page has the macros expanded; changing a macro or the preamble renders the note again', { timeout: 120_000 }, async () => {
  const dir = site({
    'danlu.config.yaml': 'url: https://example.org\nkatex:\n  macros:\n    \\RR: \\mathbb{R}\n  preamble: pre.tex\n',
    'pre.tex': '\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}\n',
  });
  const cacheDir = path.join(dir, '.cache');
  const first = await build({ siteDir: dir, cacheDir, threads: 1 });
  assert.ok(first.ok);
  let page = notePage(dir);
  assert.doesNotMatch(page, /math-error/);
  assert.match(page, /<mi mathvariant="double-struck">R<\/mi>/);
  assert.match(page, /∥/);
  assert.match(page, /<mi mathvariant="normal">H<\/mi>/, '\\ce{H2O}');

  writeFileSync(path.join(dir, 'danlu.config.yaml'), 'url: https://example.org\nkatex:\n  macros:\n    \\RR: \\mathbf{R}\n  preamble: pre.tex\n');
  assert.ok((await build({ siteDir: dir, cacheDir, threads: 1 })).ok);
  page = notePage(dir);
  assert.match(page, /<mi mathvariant="bold">R<\/mi>/, 'the new expansion, not the cached page');
  assert.doesNotMatch(page, /double-struck/);

  writeFileSync(path.join(dir, 'pre.tex'), '\\newcommand{\\norm}[1]{\\lvert #1 \\rvert}\n');
  const third = await build({ siteDir: dir, cacheDir, threads: 1 });
  assert.ok(third.ok);
  assert.notEqual(third.report.upToDate, true, 'an edit to the preamble alone is a change');
  page = notePage(dir);
  assert.doesNotMatch(page, /∥/);
  assert.match(page, /∣|\|/);
});

test('a build with no url says once what to set and where; with a url, or a url given by the caller, it says nothing', { timeout: 120_000 }, async () => {
  const bare = site({});
  const r = await build({ siteDir: bare, cacheDir: false, threads: 1 });
  const about = (r.report.notices ?? []).filter((n) => /url/.test(n));
  assert.equal(about.length, 1);
  assert.match(about[0] ?? '', /no `url` is set/);
  assert.match(about[0] ?? '', /http:\/\/localhost:4173/);
  assert.ok(about[0]?.includes(`url: https://`), 'says what to write');
  assert.ok(about[0]?.includes(path.join(bare, 'danlu.config.yaml')), 'and in which file');

  const withConfig = site({ 'danlu.config.yaml': 'title: T\n' });
  const n2 = loadConfig(withConfig).notices;
  assert.equal(n2.length, 1);
  assert.ok(n2[0]?.includes(path.join(withConfig, 'danlu.config.yaml')));
  assert.doesNotMatch(n2[0] ?? '', /a new file/);

  const set = site({ 'danlu.config.yaml': 'url: https://example.org/blog\n' });
  assert.deepEqual(loadConfig(set).notices, []);
  const given = await build({ siteDir: bare, cacheDir: false, threads: 1, write: false, config: { url: 'http://127.0.0.1:4000' } });
  assert.deepEqual((given.report.notices ?? []).filter((n) => /url/.test(n)), [], 'dev and preview set the URL themselves');
});

test("a Hexo blog whose _config.yml keeps Hexo's placeholder url is told to set it there", () => {
  const blog = mkdtempSync(path.join(tmpdir(), 'danlu-hexo-url-'));
  mkdirSync(path.join(blog, 'source/_posts'), { recursive: true });
  writeFileSync(path.join(blog, '_config.yml'), 'title: Hexo\nurl: http://example.com\ntimezone: UTC\n');
  const { notices } = loadConfig(blog, undefined, path.join(blog, 'source/_posts'));
  assert.equal(notices.length, 1);
  assert.match(notices[0] ?? '', /Hexo's placeholder http:\/\/example\.com/);
  assert.ok(notices[0]?.includes(path.join(blog, '_config.yml')));
});
