/**
 * The render cache's key covers every processor setting: a note rendered with `breaks: true` must not be served
 * from the cache after the site switches breaks off, nor after external links are turned on. And it covers the
 * content folder's place (paths from a vault opened above it resolve by it), but not the link table.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProcessorSettings } from '../../../src/site/markdown/processor.js';
import { renderKey } from '../../../src/site/build/render-cache.js';

test('renderKey changes with each processor setting and not with the order they were written in', () => {
  const dir = '/blog/source/_posts';
  const base = renderKey('hash', 'a.md', dir, { language: 'zh-CN', breaks: true, externalLink: undefined });
  assert.notEqual(renderKey('hash', 'a.md', dir, { language: 'zh-CN', breaks: false, externalLink: undefined }), base);
  assert.notEqual(renderKey('hash', 'a.md', dir, { language: 'en', breaks: true, externalLink: undefined }), base);
  const external = renderKey('hash', 'a.md', dir, { language: 'zh-CN', breaks: true, externalLink: { siteUrl: 'https://a.org', exclude: [] } });
  assert.notEqual(external, base);
  assert.notEqual(renderKey('hash', 'a.md', dir, { language: 'zh-CN', breaks: true, externalLink: { siteUrl: 'https://a.org', exclude: ['b.org'] } }), external);
  assert.equal(renderKey('hash', 'a.md', dir, { externalLink: undefined, breaks: true, language: 'zh-CN' }), base);
});

test('renderKey changes with the note, its path and the content folder', () => {
  const settings: ProcessorSettings = { language: 'en', breaks: false, externalLink: undefined };
  const base = renderKey('hash', 'a.md', '/blog/source/_posts', settings);
  assert.notEqual(renderKey('other', 'a.md', '/blog/source/_posts', settings), base);
  assert.notEqual(renderKey('hash', 'b.md', '/blog/source/_posts', settings), base);
  assert.notEqual(renderKey('hash', 'a.md', '/moved/source/_posts', settings), base);
});
