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

test("Hexo's settings for URLs, lists, links and line breaks are read from _config.yml; an empty timezone is the machine's, and said", () => {
  const blog = mkdtempSync(path.join(tmpdir(), 'danlu-hexo-'));
  mkdirSync(path.join(blog, 'source/_posts'), { recursive: true });
  writeFileSync(
    path.join(blog, '_config.yml'),
    [
      "timezone: ''",
      'url: https://example.org',
      'per_page: 0',
      'index_generator:',
      '  per_page: 6',
      'tag_generator:',
      '  per_page: 20',
      'filename_case: 1',
      'tag_map:',
      '  反向传播: backprop',
      'category_map:',
      '  深度学习: dl',
      'skip_render:',
      '  - _posts/Templates/**',
      'ignore: "**/private/**"',
      'external_link:',
      '  enable: true',
      '  exclude: [github.com]',
      'marked:',
      '  breaks: false',
      'updated_option: date',
      'new_post_name: :year-:month-:day-:title.md',
      '',
    ].join('\n'),
  );
  const loaded = loadConfig(mkdtempSync(path.join(tmpdir(), 'danlu-run-')), undefined, path.join(blog, 'source/_posts'));
  const { config } = loaded;
  assert.equal(config.timezone, Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  assert.match(loaded.notices.join('\n'), /this machine's timezone/);
  assert.equal(config.indexPerPage, 6);
  assert.equal(config.tagPerPage, 20);
  assert.equal(config.postsPerPage, Number.MAX_SAFE_INTEGER, 'per_page: 0 is one page for everything');
  assert.equal(config.filenameCase, 1);
  assert.deepEqual(config.tagMap, { 反向传播: 'backprop' });
  assert.deepEqual(config.categoryMap, { 深度学习: 'dl' });
  assert.equal(config.externalLink, true);
  assert.deepEqual(config.externalLinkExclude, ['github.com']);
  assert.equal(config.breaks, false);
  assert.equal(config.updatedOption, 'date');
  assert.equal(config.newPostName, ':year-:month-:day-:title.md');
  assert.deepEqual(loaded.hexo?.skipRender, ['_posts/Templates/**']);
  assert.deepEqual(loaded.hexo?.ignore, ['**/private/**']);
  assert.equal(loaded.hexo?.sourceDir, path.join(blog, 'source'));
});

test('a danlu config beside a Hexo blog wins key by key, and Hexo supplies the rest', () => {
  const blog = mkdtempSync(path.join(tmpdir(), 'danlu-hexo-'));
  mkdirSync(path.join(blog, 'source/_posts'), { recursive: true });
  writeFileSync(path.join(blog, '_config.yml'), 'title: Hexo 的标题\ntimezone: Asia/Tokyo\nurl: https://example.org\n');
  writeFileSync(path.join(blog, 'danlu.config.yaml'), 'title: danlu 的标题\nbreaks: false\n');
  const { config, hexo } = loadConfig(blog, undefined, path.join(blog, 'source/_posts'));
  assert.equal(config.title, 'danlu 的标题');
  assert.equal(config.breaks, false);
  assert.equal(config.timezone, 'Asia/Tokyo');
  assert.equal(config.url, 'https://example.org');
  assert.ok(hexo);
});
