import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource } from '../../../src/site/content/front-matter.js';

const ctx = { file: 'notes/a.md', timezone: 'Asia/Shanghai', mtime: new Date('2020-01-01T00:00:00Z') };

test('reads the fields of a Hexo note and keeps body line numbers', () => {
  const src = '---\ntitle: 深度学习基础\ndate: 2023-07-02 18:53:58\ntags:\n    - DeepLearning\ncategories: Learn\n---\n\nbody line 9\n';
  const { meta, body, messages } = parseSource(src, ctx);
  assert.deepEqual(messages, []);
  assert.ok(meta);
  assert.equal(meta.title, '深度学习基础');
  assert.equal(meta.date.toISOString(), '2023-07-02T10:53:58.000Z');
  assert.deepEqual(meta.tags, ['DeepLearning']);
  assert.deepEqual(meta.categories, [['Learn']]);
  assert.equal(body.split('\n')[8], 'body line 9');
});

test('categories: a list is a hierarchy, a list of lists several, as in Hexo', () => {
  const one = parseSource('---\ntitle: x\ndate: 2023-01-01\ncategories: [深度学习, 模型]\n---\n', ctx).meta;
  assert.deepEqual(one?.categories, [['深度学习', '模型']]);
  const many = parseSource('---\ntitle: x\ndate: 2023-01-01\ncategories:\n  - [深度学习, 模型]\n  - 笔记\n---\n', ctx).meta;
  assert.deepEqual(many?.categories, [['深度学习', '模型'], ['笔记']]);
  const tagString = parseSource('---\ntitle: x\ndate: 2023-01-01\ntags: 单个标签\n---\n', ctx).meta;
  assert.deepEqual(tagString?.tags, ['单个标签']);
});

test('missing title falls back to the file name; missing date to the file time with a warning', () => {
  const { meta, messages } = parseSource('---\ntags: [a]\n---\ntext', ctx);
  assert.equal(meta?.title, 'a');
  assert.equal(meta?.date.toISOString(), '2020-01-01T00:00:00.000Z');
  assert.equal(messages.length, 1);
  assert.equal(messages[0]?.severity, 'warning');
  assert.equal(messages[0]?.rule, 'front-matter-missing-date');
});

test('broken YAML is an error at the line of the file, front matter included', () => {
  const { meta, messages } = parseSource('---\ntitle: ok\ntags: [a, b\ndate: 2023-01-01\n---\ntext', ctx);
  assert.equal(meta, undefined);
  assert.equal(messages.length, 1);
  assert.equal(messages[0]?.rule, 'front-matter-yaml');
  assert.equal(messages[0]?.severity, 'error');
  assert.ok((messages[0]?.line ?? 0) >= 3, `line ${messages[0]?.line}`);
});

test('a bad date, an unknown category shape and an unclosed block are errors that say how to fix them', () => {
  const bad = parseSource('---\ntitle: x\ndate: 2023-02-30 10:00:00\n---\n', ctx).messages;
  assert.equal(bad[0]?.rule, 'front-matter-date');
  assert.equal(bad[0]?.line, 3);
  assert.match(bad[0]?.message ?? '', /YYYY-MM-DD/);
  const cats = parseSource('---\ntitle: x\ndate: 2023-01-01\ncategories:\n  a: b\n---\n', ctx).messages;
  assert.equal(cats[0]?.rule, 'front-matter-categories');
  assert.equal(cats[0]?.line, 4);
  const open = parseSource('---\ntitle: x\n\nbody', ctx);
  assert.equal(open.meta, undefined);
  assert.match(open.messages[0]?.message ?? '', /closing `---`/);
});

test('Hexo blogs: empty tag items dropped with a placed warning, sticky/top pins, Hexo clock times, updated_option', () => {
  const hexo = { file: 'a.md', timezone: 'Asia/Shanghai', mtime: new Date('2024-01-02T03:04:05Z'), updatedOption: 'mtime' as const, hexo: true };
  const src = '---\ntitle: x\ndate: 2023-09-21T16:00:14.000Z\ntags:\n  - NeRF\n  - \n  - C++\ntop: true\n---\n';
  const { meta, messages } = parseSource(src, hexo);
  assert.deepEqual(meta?.tags, ['NeRF', 'C++']);
  assert.deepEqual(messages.map((m) => `${m.line}:${m.column} ${m.rule}`), ['6:3 front-matter-empty-tag']);
  assert.equal(meta?.pin, 1);
  // hexo-front-matter shows a zoned timestamp's UTC clock time in the blog's zone.
  assert.equal(meta?.date.toISOString(), '2023-09-21T08:00:14.000Z');
  assert.equal(meta?.updated?.toISOString(), '2024-01-02T03:04:05.000Z', 'no `updated`: the file time, as updated_option: mtime');
  assert.equal(parseSource('---\ntitle: x\ndate: 2023-01-01\nsticky: 3\n---\n', hexo).meta?.pin, 3);
  // Outside a Hexo blog an explicit zone is exact, and `updated` stays empty by default.
  const own = parseSource('---\ntitle: x\ndate: 2023-09-21T16:00:14.000Z\n---\n', { file: 'a.md', timezone: 'Asia/Shanghai', mtime: new Date(0) }).meta;
  assert.equal(own?.date.toISOString(), '2023-09-21T16:00:14.000Z');
  assert.equal(own?.updated, undefined);
  // `draft:` is danlu's, not Hexo's: a Hexo blog publishes the note (with a word), `published: false` hides it.
  const draft = parseSource('---\ntitle: x\ndate: 2023-01-01\ndraft: true\n---\n', hexo);
  assert.equal(draft.meta?.draft, false);
  assert.deepEqual(draft.messages.map((m) => m.rule), ['front-matter-draft']);
  assert.equal(parseSource('---\ntitle: x\ndate: 2023-01-01\npublished: false\n---\n', hexo).meta?.draft, true);
});
