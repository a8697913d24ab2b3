/**
 * The render cache's key covers every processor setting: a note rendered with `breaks: true` must not be served
 * from the cache after the site switches breaks off, nor after external links are turned on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderKey } from '../../src/site/render-cache.js';

test('renderKey changes with each processor setting and not with the order they were written in', () => {
  const base = renderKey('hash', 'a.md', 'links', { language: 'zh-CN', breaks: true, externalLink: undefined });
  assert.notEqual(renderKey('hash', 'a.md', 'links', { language: 'zh-CN', breaks: false, externalLink: undefined }), base);
  assert.notEqual(renderKey('hash', 'a.md', 'links', { language: 'en', breaks: true, externalLink: undefined }), base);
  const external = renderKey('hash', 'a.md', 'links', { language: 'zh-CN', breaks: true, externalLink: { siteUrl: 'https://a.org', exclude: [] } });
  assert.notEqual(external, base);
  assert.notEqual(renderKey('hash', 'a.md', 'links', { language: 'zh-CN', breaks: true, externalLink: { siteUrl: 'https://a.org', exclude: ['b.org'] } }), external);
  assert.equal(renderKey('hash', 'a.md', 'links', { externalLink: undefined, breaks: true, language: 'zh-CN' }), base);
});
