/**
 * Heading anchors keep Hexo's ids: real hexo-renderer-marked (Hexo's default renderer, a devDependency) is the
 * oracle. Every id it gives a heading must be an id on our page too, on the same heading: ours, or the alias.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { renderNote } from '../../helpers/render-note.js';

const require = createRequire(import.meta.url);

/** Headings as hexo-renderer-marked renders them, with a stand-in for the few parts of Hexo it calls. */
function hexoIds(markdown: string): string[] {
  const render = require('hexo-renderer-marked/lib/renderer.js') as (this: unknown, data: { text: string }, options: object) => string;
  const hexo = {
    config: { url: 'https://example.org', marked: { gfm: true, headerIds: true, modifyAnchors: 0, prependRoot: false, postAsset: false, dompurify: false } },
    execFilterSync: () => undefined,
  };
  const html = render.call(hexo, { text: markdown }, {});
  return [...html.matchAll(/<h\d id="([^"]*)"/g)].map((m) => m[1] as string);
}

test("every heading keeps hexo-renderer-marked's id, as its own id or an alias", async () => {
  const headings = ['Deep Learning 入门', '池化层', 'Intro', 'Intro', 'C++ & Python：对比', 'ResNet-50 (2015)', 'Intro', '`torch.nn` 模块', 'Q&A: 为什么?'];
  const body = headings.map((h) => `## ${h}\n\n正文。\n`).join('\n');
  const want = hexoIds(body);
  assert.equal(want.length, headings.length);
  const out = await renderNote(`---\ntitle: 标题\n---\n${body}`);
  const ours = [...out.html.matchAll(/<h2 id="([^"]*)">(?:<span id="([^"]*)" class="heading-alias"><\/span>)?/g)];
  assert.equal(ours.length, headings.length);
  ours.forEach((m, i) => {
    const ids = [m[1], m[2]].filter((x) => x !== undefined).map((x) => x.replace(/&#x26;/g, '&'));
    assert.ok(ids.includes(want[i] as string), `heading ${headings[i]}: Hexo's id ${want[i]} is not among ${ids.join(', ')}`);
  });
});
