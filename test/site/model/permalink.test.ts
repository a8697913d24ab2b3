import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDate } from '../../../src/site/content/dates.js';
import { expandPermalink } from '../../../src/site/model/permalink.js';
import { encodePath, slugify, uniqueSlugs } from '../../../src/site/model/slug.js';

test("Hexo's default permalink keeps the note's folder path and the day in the site timezone", () => {
  const date = parseDate('2023-07-02 23:30:00', 'Asia/Shanghai');
  assert.ok(date);
  const p = expandPermalink(':year/:month/:day/:title/', { rel: '模型/CNN/卷积 网络.md', title: '卷积', date, timezone: 'Asia/Shanghai', category: [] });
  assert.equal(p, '2023/07/02/模型/CNN/卷积-网络/');
  assert.equal(encodePath(p), '2023/07/02/%E6%A8%A1%E5%9E%8B/CNN/%E5%8D%B7%E7%A7%AF-%E7%BD%91%E7%BB%9C/');
});

test('tag slugs keep Chinese, and colliding names get distinct slugs', () => {
  assert.equal(slugify('深度学习'), '深度学习');
  assert.equal(slugify('Deep Learning'), 'deep-learning');
  const m = uniqueSlugs(['C++', 'C#', '深度学习']);
  assert.notEqual(m.get('C++'), m.get('C#'));
  assert.equal(new Set(m.values()).size, 3);
});
