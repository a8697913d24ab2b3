import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDate } from '../../../src/site/content/dates.js';
import { expandPermalink, titleFromPath } from '../../../src/site/model/permalink.js';
import { categorySlug, encodePath, hexoSlugRules, slugify, tagSlug } from '../../../src/site/model/slug.js';

test("Hexo's default permalink keeps the note's folder path as written and the day in the site timezone", () => {
  const date = parseDate('2023-07-02 23:30:00', 'Asia/Shanghai');
  assert.ok(date);
  const p = expandPermalink(':year/:month/:day/:title/', { rel: '模型/CNN/卷积 网络.md', title: '卷积', date, timezone: 'Asia/Shanghai', category: [] });
  assert.equal(p, '2023/07/02/模型/CNN/卷积 网络/');
  assert.equal(encodePath(p), '2023/07/02/%E6%A8%A1%E5%9E%8B/CNN/%E5%8D%B7%E7%A7%AF%20%E7%BD%91%E7%BB%9C/');
});

test("`new_post_name` says which part of the file name is :title, and :category is the last category's path", () => {
  assert.equal(titleFromPath('2023-07-02-hello.md', ':year-:month-:day-:title.md'), 'hello');
  assert.equal(titleFromPath('Learn/Neural Network/DeepLearning.md'), 'Learn/Neural Network/DeepLearning');
  const date = new Date('2023-07-02T00:00:00Z');
  const p = expandPermalink(':category/:name.html', { rel: 'a/Deep Net.md', title: 'x', date, timezone: 'UTC', category: ['Learn', 'Neural Network'] });
  assert.equal(p, 'Learn/Neural-Network/Deep Net.html');
  assert.equal(expandPermalink(':category/:post_title/', { rel: 'b.md', title: 'Hello World', date, timezone: 'UTC', category: [] }), 'uncategorized/hello-world/');
});

test("tag and category slugs are Hexo's: case kept, Chinese kept, separators folded, tag_map and filename_case honoured", () => {
  assert.equal(tagSlug('NeRF', hexoSlugRules), 'NeRF');
  assert.equal(tagSlug('深度学习', hexoSlugRules), '深度学习');
  assert.equal(tagSlug('Deep Learning', hexoSlugRules), 'Deep-Learning');
  assert.equal(tagSlug('C++', hexoSlugRules), 'C');
  assert.equal(tagSlug('反向传播', { ...hexoSlugRules, tagMap: { 反向传播: 'backprop' } }), 'backprop');
  assert.equal(tagSlug('NeRF', { ...hexoSlugRules, filenameCase: 1 }), 'nerf');
  assert.equal(categorySlug(['模型', 'CNN 笔记'], hexoSlugRules), '模型/CNN-笔记');
  assert.equal(slugify('Deep Learning'), 'deep-learning');
});
