/**
 * Links between notes, both ways: a note's backlinks are the pages linking to it, each once, in site order; its
 * outgoing links carry the target's opening for previews; links to notes not in the build are dropped. And, in a
 * built site: the target's page lists the linking note, a note with a link gets the preview data and script,
 * one without gets neither, and the social card is the note's first image as an absolute URL.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../../src/site/build.js';
import { excerptOf, linkGraph, type LinkTarget } from '../../../src/site/model/backlinks.js';

const target = (rel: string): [string, LinkTarget] => [rel, { title: rel.toUpperCase(), url: `/${rel}/`, excerpt: `opening of ${rel}` }];

test('backlinks list each linking page once, in the order of the sources; unknown targets and self links are dropped', () => {
  const targets = new Map([target('a'), target('b'), target('c')]);
  const graph = linkGraph(
    [
      { rel: 'b', title: 'B', url: '/b/', links: ['a', 'a', 'c', 'gone'] },
      { rel: 'c', title: 'C', url: '/c/', links: ['a', 'c'] },
      { rel: 'about', title: 'About', url: '/about/', links: ['a'] },
    ],
    targets,
  );
  assert.deepEqual(graph.backlinks.get('a'), [
    { title: 'B', url: '/b/' },
    { title: 'C', url: '/c/' },
    { title: 'About', url: '/about/' },
  ]);
  assert.deepEqual(graph.backlinks.get('c'), [{ title: 'B', url: '/b/' }]);
  assert.equal(graph.backlinks.get('b'), undefined);
  assert.deepEqual(graph.outlinks.get('b')?.map((t) => t.url), ['/a/', '/c/']);
  assert.equal(graph.outlinks.get('b')?.[0]?.excerpt, 'opening of a');
});

test('an excerpt is the text itself when short, else cut near a sentence or word end with an ellipsis', () => {
  assert.equal(excerptOf('  short   text '), 'short text');
  const long = 'One sentence here. '.repeat(20);
  const cut = excerptOf(long, 100);
  assert.ok(cut.length <= 101 && cut.endsWith('…'), cut);
  assert.ok(cut.startsWith('One sentence here. One'));
  const han = '这是一句话。'.repeat(40);
  assert.ok(excerptOf(han, 50).endsWith('。…'));
});

test('a built site: backlinks on the target, previews only where there are links, og:image absolute', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-backlinks-'));
  try {
    mkdirSync(path.join(site, 'content', 'img'), { recursive: true });
    writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: Links\nlanguage: zh-CN\nurl: https://example.org/blog\npermalink: :title/\n');
    writeFileSync(path.join(site, 'content', 'img', 'cover.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(path.join(site, 'content', 'from.md'), '---\ntitle: 出发\ndate: 2024-03-02\n---\n\n读 [[目标]] 之前先看图：\n\n![封面](img/cover.png)\n');
    writeFileSync(path.join(site, 'content', 'to.md'), '---\ntitle: 目标\ndate: 2024-03-01\n---\n\n目标的第一段。\n');
    const result = await build({ siteDir: site, cacheDir: false });
    assert.ok(result.ok, JSON.stringify(result.report.messages));
    const to = readFileSync(path.join(site, 'dist', 'to', 'index.html'), 'utf8');
    const from = readFileSync(path.join(site, 'dist', 'from', 'index.html'), 'utf8');
    assert.match(to, /<h2 id="backlinks-title" class="backlinks-title">链接到本文的笔记<\/h2>\n<ul>\n<li><a href="\/blog\/from\/">出发<\/a><\/li>/);
    assert.doesNotMatch(from, /class="backlinks"/);
    assert.match(from, /<script type="application\/json" id="link-previews">\{"\/blog\/to\/":\{"title":"目标","excerpt":"目标的第一段。"\}\}<\/script>/);
    assert.match(from, /<script src="\/blog\/assets\/preview\.js" defer><\/script>/);
    assert.doesNotMatch(to, /preview\.js|link-previews/);
    assert.match(from, /<meta property="og:image" content="https:\/\/example\.org\/blog\/files\/img\/cover\.png">/);
    assert.match(from, /<meta name="twitter:card" content="summary_large_image">/);
    assert.doesNotMatch(to, /og:image/);
    assert.match(to, /<meta name="twitter:card" content="summary">/);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
