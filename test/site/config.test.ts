import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, loadConfig, resolveConfig, siteRoot } from '../../src/site/config.js';

test('no config at all gives the defaults', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-cfg-'));
  assert.deepEqual(loadConfig(dir).config, defaultConfig);
});

test("a Hexo blog's _config.yml is read when there is no danlu config: url + root, per_page, timezone, language", () => {
  const blog = mkdtempSync(path.join(tmpdir(), 'danlu-hexo-'));
  mkdirSync(path.join(blog, 'source/_posts'), { recursive: true });
  writeFileSync(path.join(blog, '_config.yml'), 'title: 博客\nauthor: 我\nlanguage: zh-Hans\ntimezone: Asia/Tokyo\nurl: https://example.org\nroot: /notes/\npermalink: :year/:title/\nper_page: 5\ntheme: next\n');
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'danlu-run-'));
  const { config, path: file } = loadConfig(elsewhere, undefined, path.join(blog, 'source/_posts'));
  assert.equal(file, path.join(blog, '_config.yml'));
  assert.equal(config.title, '博客');
  assert.equal(config.url, 'https://example.org/notes');
  assert.equal(siteRoot(config), '/notes/');
  assert.equal(config.postsPerPage, 5);
  assert.equal(config.timezone, 'Asia/Tokyo');
  assert.equal(config.language, 'zh-CN');
  assert.equal(config.permalink, ':year/:title/');
  assert.equal(config.theme, 'default', "Hexo's theme name is not ours");
});

test('bad config values are named with the key and the fix', () => {
  assert.throws(() => resolveConfig({ titel: 'x' }), /unknown key `titel`/);
  assert.throws(() => resolveConfig({ timezone: 'Mars/Olympus' }), /unknown timezone "Mars\/Olympus"/);
  assert.throws(() => resolveConfig({ postsPerPage: '10' }), /`postsPerPage` must be a number/);
  assert.throws(() => resolveConfig({ url: 'example.org' }), /absolute URL/);
  assert.throws(() => resolveConfig({ language: 'fr' }), /"zh-CN" or "en"/);
});
