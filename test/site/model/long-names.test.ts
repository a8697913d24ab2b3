/**
 * Names too long for a file name (issue 11): an 86-character Chinese tag is 258 bytes, more than the 255 a file
 * name may have. The build publishes the site with such segments cut to fit (a prefix and a hash), warns at the
 * front-matter line with the name, its length and the fix, and every link points at the page that was written.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fitSegment, MAX_SEGMENT_BYTES } from '../../../src/site/model/slug.js';
import { checkLinks } from '../../helpers/site.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const longTag = '卷积神经网络'.repeat(14) + '的笔记'; // 87 characters, 261 bytes
const longCategory = '深度学习'.repeat(22); // 88 characters, 264 bytes
const longPermalink = 'x'.repeat(300);

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-long-names-'));
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'danlu.config.yaml'), 'title: long names\nurl: https://example.org\n');
  const note = (name: string, front: string): void =>
    writeFileSync(path.join(dir, 'content', name), `---\n${front}---\n\nBody of ${name.replace('.md', '')}.\n`);
  note('a.md', `title: A\ndate: 2024-01-01\ntags:\n  - short\n  - ${longTag}\ncategories: [${longCategory}, 子类]\n`);
  note('b.md', `title: B\ndate: 2024-01-02\ntags: [${longTag}]\n`);
  note('c.md', `title: C\ndate: 2024-01-03\npermalink: ${longPermalink}/\n`);
  note('good.md', 'title: Good\ndate: 2024-01-04\ntags: [short]\n');
  return dir;
}

test('a tag, a category and a permalink longer than a file name: warnings at their lines, and the site is published', { timeout: 120_000 }, async () => {
  const dir = site();
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(repo, 'bin/danlu.js'), 'build'], { cwd: dir, env: { ...process.env, CI: 'true' } });
  assert.match(stdout, /^built: 4 notes/m, stderr);
  const tagSeg = fitSegment(longTag);
  const catSeg = fitSegment(longCategory);
  const lines = stderr.split('\n');
  const want = [
    `content/a.md:6:1 warning slug-too-long the tag "卷积神经网络卷积神经网络卷积神经网络卷积…积神经网络的笔记" makes a URL segment of 261 bytes, more than a file name may have (255); its page is published at /tags/${tagSeg.slice(0, 20)}…${tagSeg.slice(-8)}/`,
    `content/a.md:7:1 warning slug-too-long the category "深度学习深度学习深度学习深度学习深度学习…深度学习深度学习" makes a URL segment of 264 bytes`,
    "content/c.md:4:1 warning slug-too-long the page's path has a segment of 300 bytes from its `permalink:`, more than a file name may have (255); it is published at /xxxxxxxx",
  ];
  for (const w of want) assert.ok(lines.some((l) => l.startsWith(w)), `missing:\n${w}\n--- got:\n${stderr}`);
  assert.equal(lines.filter((l) => l.includes(' warning slug-too-long ')).length, 3, 'one warning per name, not one per note');
  assert.ok(stderr.includes(`\`tag_map: { "${longTag}": short-name }\``), 'says how to give the tag a short URL, quoting it whole');

  const out = path.join(dir, 'dist');
  assert.ok(Buffer.byteLength(tagSeg) <= MAX_SEGMENT_BYTES && tagSeg.startsWith('卷积神经网络'));
  const tagPage = readFileSync(path.join(out, 'tags', tagSeg, 'index.html'), 'utf8');
  assert.match(tagPage, /href="[^"]*\/2024\/01\/01\/a\/"/, 'the tag page lists the note');
  assert.match(tagPage, /href="[^"]*\/2024\/01\/02\/b\/"/, 'both notes share the one tag page');
  assert.ok(existsSync(path.join(out, 'categories', catSeg, '子类', 'index.html')), 'the subcategory page under the cut category');
  const cSeg = readdirSync(out).find((n) => n.startsWith('xxxx'));
  assert.ok(cSeg && Buffer.byteLength(cSeg) <= MAX_SEGMENT_BYTES, 'the long permalink is cut to fit');
  assert.match(readFileSync(path.join(out, cSeg, 'index.html'), 'utf8'), /Body of c\./);
  assert.match(readFileSync(path.join(out, '2024/01/04/good/index.html'), 'utf8'), /Body of good\./);
  const { checked, broken } = checkLinks(out, '/');
  assert.ok(checked > 20);
  assert.deepEqual(broken, [], 'every link points at a page that was written');
});

test('fitted segments are deterministic, keep .html, and keep two long names that share a prefix apart', () => {
  assert.equal(fitSegment('short'), 'short');
  const a = fitSegment('长'.repeat(100) + '甲');
  const b = fitSegment('长'.repeat(100) + '乙');
  assert.notEqual(a, b);
  assert.equal(a, fitSegment('长'.repeat(100) + '甲'));
  assert.ok(Buffer.byteLength(a) <= 255 && Buffer.byteLength(a) > 240, a);
  const page = fitSegment('p'.repeat(300) + '.html');
  assert.ok(page.endsWith('.html') && page.length <= 255, page);
  // A character is never split: 4-byte emoji up to the limit.
  assert.doesNotMatch(fitSegment('😀'.repeat(80)), /\uFFFD/);
  assert.ok(Buffer.byteLength(fitSegment('😀'.repeat(80))) <= 255);
});
