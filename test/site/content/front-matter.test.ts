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
