/**
 * `ctx.assets.modules`: the page-specific ES modules (the demos' loader) are linked as module scripts on the pages
 * that list them, after the theme's own script, and on no other page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderPage } from '../../../themes/default/index.js';
import { context, everyLayout, post } from './fixtures.js';

test('a page with modules links each as <script type="module">, once, after the theme script', () => {
  const ctx = context('en', { layout: 'post', post: post('en') });
  ctx.assets = { ...ctx.assets, modules: ['assets/demos/hydrate-ABC123.js'] };
  const html = renderPage(ctx);
  const modules = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(modules, [`${ctx.site.root}assets/demos/hydrate-ABC123.js`]);
  assert.ok(html.indexOf('theme.js') < html.indexOf('hydrate-ABC123.js'), 'after the classic scripts');
  assert.ok(html.indexOf('hydrate-ABC123.js') < html.indexOf('</head>'), 'in the head: fetched early, run after parsing');
});

test('pages without modules have no module script', () => {
  for (const ctx of everyLayout('zh-CN')) assert.ok(!/type="module"/.test(renderPage(ctx)), ctx.page.layout);
});
