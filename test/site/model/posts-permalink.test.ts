/**
 * The planner refuses front-matter permalinks that would leave the output folder, replace a generated page, or
 * land on another note's file: each is an error at the note's `permalink:` line and the note is left out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../../src/site/config.js';
import { parseSource } from '../../../src/site/content/front-matter.js';
import type { Note } from '../../../src/site/content/loader.js';
import { planPosts } from '../../../src/site/model/posts.js';
import { reservedPathOwner, unsafePathReason } from '../../../src/site/model/reserved-paths.js';

function note(rel: string, permalink: string | undefined): Note {
  const fm = `---\ntitle: ${rel}\ndate: 2024-01-01\n${permalink === undefined ? '' : `permalink: ${JSON.stringify(permalink)}\n`}---\n\nbody\n`;
  const parsed = parseSource(fm, { file: `content/${rel}`, timezone: 'UTC', mtime: new Date(0) });
  assert.ok(parsed.meta);
  return { file: `/x/${rel}`, rel, display: `content/${rel}`, meta: parsed.meta, body: parsed.body, hash: rel };
}

test('escaping permalinks are errors at their line; nothing of the note is planned', () => {
  const bad = ['../../../x/', '/../../etc/', 'a/../../b/', './a/', 'a\\..\\b/', 'a\0b/', 'a\nb/', 'file:///etc/passwd', 'C:/Windows/', '..'];
  for (const p of bad) {
    const { posts, messages } = planPosts([note('bad.md', p), note('good.md', 'good/')], defaultConfig, '/');
    assert.deepEqual(posts.map((x) => x.path), ['good/'], p);
    assert.equal(messages.length, 1, p);
    assert.deepEqual({ ...messages[0], message: undefined }, { file: 'content/bad.md', line: 4, column: 1, severity: 'error', rule: 'permalink-unsafe', message: undefined }, p);
  }
  assert.equal(unsafePathReason('/notes/cnn/'), undefined, 'a leading / is the site root');
  assert.equal(unsafePathReason('2023/07/02/卷积 网络/'), undefined);
});

test('permalinks onto generated pages, folders or files are errors at their line', () => {
  const reserved = ['/', 'index.html', 'page/2/', 'tags/', 'Tags/x/', 'categories/', 'archives/2024/', 'search/', '404.html', 'atom.xml', 'sitemap.xml', 'robots.txt', 'search.json', 'assets/x.css', 'katex/', 'files/a/', '.danlu-output'];
  for (const p of reserved) {
    const { posts, messages } = planPosts([note('bad.md', p)], defaultConfig, '/');
    assert.equal(posts.length, 0, p);
    assert.equal(messages[0]?.rule, 'permalink-reserved', p);
    assert.equal(messages[0]?.line, 4, p);
    assert.match(messages[0]?.message ?? '', /would replace/, p);
  }
  for (const ok of ['pages/', 'tagsx/', 'about/', 'search-notes/', 'notes/tags/', 'index/']) assert.equal(reservedPathOwner(ok), undefined, ok);
  // A note whose pattern path lands on a generated folder is refused too (line 1: it has no `permalink:`).
  const pattern = planPosts([note('tags.md', undefined)], { ...defaultConfig, permalink: ':title/' }, '/');
  assert.equal(pattern.posts.length, 0);
  assert.deepEqual([pattern.messages[0]?.rule, pattern.messages[0]?.line], ['permalink-reserved', 1]);
});

test('two notes on one output file are errors at both permalink lines, `a/` and `a/index.html` alike', () => {
  const { messages } = planPosts([note('a.md', 'same/'), note('b.md', 'same/index.html')], defaultConfig, '/');
  assert.deepEqual(messages.map((m) => [m.file, m.line, m.rule]), [
    ['content/b.md', 4, 'permalink-duplicate'],
    ['content/a.md', 4, 'permalink-duplicate'],
  ]);
});

test('neither of two notes on one output file is published', () => {
  const { posts, messages } = planPosts([note('a.md', 'same/'), note('b.md', 'same/'), note('c.md', 'other/')], defaultConfig, '/');
  assert.deepEqual(posts.map((p) => p.path), ['other/']);
  assert.equal(messages.length, 2);
});
