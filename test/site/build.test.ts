/**
 * Whole-site builds: a Hexo blog's `source/_posts` builds as it is, every internal link resolves, the feed and
 * sitemap are complete, builds are reproducible, and the notes folder is only read.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../src/site/build.js';
import { checkLinks, readTree, tempSite } from '../helpers/site.js';

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');

test('a Hexo source/_posts folder builds as it is, with nothing rewritten', async () => {
  const site = tempSite('hexo-blog');
  const before = readTree(path.join(site, 'source'));
  const out = path.join(site, 'public');
  const result = await build({ siteDir: site, contentDir: 'source/_posts', outDir: 'public' });
  // Only words on two Hexo habits worth tidying; nothing that stops the blog.
  assert.deepEqual(result.report.messages.map((m) => `${m.file.split('/_posts/')[1]}:${m.line} ${m.rule}`), [
    'Learn/Neural Network/DeepLearning.md:6 front-matter-empty-tag',
    '草稿.md:4 front-matter-draft',
  ]);
  assert.ok(result.ok);

  // The day is the day the note says, read in the site's timezone (23:53 in Shanghai is 15:53 UTC, same day;
  // read as UTC and shown in Shanghai it would be the next day).
  const post = read(out, '2023/07/02/深度学习基础/index.html');
  assert.match(post, /<h1[^>]*>深度学习基础/);
  assert.match(post, /datetime="2023-07-02T23:53:58\+08:00"/);
  assert.match(post, /2023-07-02/);
  // Wikilinks resolve to the other note's page and heading; images are copied with width; remote ones are lazy.
  assert.ok(post.includes('href="/blog/2023/07/03/%E6%A8%A1%E5%9E%8B/CNN%20%E7%AC%94%E8%AE%B0/%E5%8D%B7%E7%A7%AF%E7%BD%91%E7%BB%9C/#池化"') ||
    post.includes('/2023/07/03/%E6%A8%A1%E5%9E%8B/CNN%20%E7%AC%94%E8%AE%B0/%E5%8D%B7%E7%A7%AF%E7%BD%91%E7%BB%9C/#%E6%B1%A0%E5%8C%96"'), 'wikilink with heading');
  assert.match(post, /<img[^>]*src="\/blog\/files\/images\/net\.svg"[^>]*>/);
  assert.match(post, /<img[^>]*width="300"/);
  assert.match(post, /<img[^>]*src="https:\/\/example\.org\/remote\.png"[^>]*loading="lazy"/);
  assert.ok(existsSync(path.join(out, 'files/images/net.svg')));
  assert.match(post, /class="katex"/);
  assert.match(post, /katex\/katex\.min\.css/);

  const cnn = read(out, '2023/07/03/模型/CNN 笔记/卷积网络/index.html');
  assert.match(cnn, /\$5 and \$10/, 'dollar amounts in prose stay text');
  assert.match(cnn, /callout/);
  assert.match(cnn, /class="shiki/);

  // Taxonomies at Hexo's URLs (names as written, tag_map), archives 2 per page, the home page 10 per page
  // (index_generator), pages and files from source/.
  for (const f of [
    'tags/index.html',
    'tags/DeepLearning/index.html',
    'tags/backprop/index.html',
    'tags/NeRF/index.html',
    'categories/index.html',
    'categories/模型/CNN/index.html',
    'categories/模型/RNN/index.html',
    'categories/Notes/index.html',
    'categories/Learn/Neural-Network/index.html',
    'archives/index.html',
    'archives/page/3/index.html',
    'archives/2023/07/index.html',
    'about/index.html',
    'images/logo.svg',
    '404.html',
    'search/index.html',
    'search.json',
    'katex/katex.min.css',
  ]) assert.ok(existsSync(path.join(out, f)), `missing ${f}`);
  assert.ok(!existsSync(path.join(out, 'page/2/index.html')), 'the home page shows 10 notes a page, as index_generator says');
  for (const hidden of ['Templates', 'Reports', '私人']) assert.ok(!read(out, 'search.json').includes(hidden), `${hidden} is not published`);
  assert.match(read(out, 'about/index.html'), /<h1[^>]*>关于[\s\S]*class="katex"/);
  assert.match(read(out, '404.html'), /找不到这个页面/, 'the blog\'s own 404 page replaces the generated one');
  // Pinned notes first on the home page: sticky 2, then top: true, then newest first.
  const home = read(out, 'index.html');
  const order = ['卷积网络', 'Deep Learning 入门', '草稿', 'RNN and LSTM', '深度学习基础'].map((t) => home.indexOf(`>${t}<`));
  assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number))), `home page order ${order.join(', ')}`);
  assert.match(read(out, 'categories/index.html'), /模型[\s\S]*CNN/);

  const feed = read(out, 'atom.xml');
  assert.match(feed, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.equal(feed.match(/<entry>/g)?.length, 5);
  assert.match(feed, /https:\/\/example\.org\/blog\/2023\/07\/02\//);
  assert.match(feed, /反向传播/, 'full content in the feed');
  const sitemap = read(out, 'sitemap.xml');
  assert.match(sitemap, /<loc>https:\/\/example\.org\/blog\/2023\/08\/01\/%E6%A8%A1%E5%9E%8B\/RNN\/<\/loc>/);
  assert.match(read(out, 'robots.txt'), /Sitemap: https:\/\/example\.org\/blog\/sitemap\.xml/);

  const links = checkLinks(out, '/blog/');
  assert.deepEqual(links.broken, []);
  assert.ok(links.checked > 50);

  assert.deepEqual(readTree(path.join(site, 'source')), before, 'the notes folder is only read');
});

test('two builds of the same input are byte-identical', async () => {
  const site = tempSite('hexo-blog');
  await build({ siteDir: site, contentDir: 'source/_posts', outDir: 'a', cacheDir: false });
  await build({ siteDir: site, contentDir: 'source/_posts', outDir: 'b' });
  await build({ siteDir: site, contentDir: 'source/_posts', outDir: 'c' }); // from the persistent cache
  const a = readTree(path.join(site, 'a'));
  const b = readTree(path.join(site, 'b'));
  const c = readTree(path.join(site, 'c'));
  assert.deepEqual([...b.keys()], [...a.keys()]);
  for (const [f, data] of a) {
    assert.ok(data.equals(b.get(f) ?? Buffer.alloc(0)), `${f} differs between builds`);
    assert.ok(data.equals(c.get(f) ?? Buffer.alloc(0)), `${f} differs when built from the cache`);
  }
});

test('the output may not overlap the notes folder, and a foreign folder is never replaced', async () => {
  const site = tempSite('hexo-blog');
  await assert.rejects(build({ siteDir: site, contentDir: 'source/_posts', outDir: 'source/_posts/out' }), /overlaps the content folder/);
  await assert.rejects(build({ siteDir: site, contentDir: 'source/_posts', outDir: 'source' }), /overlaps the content folder/);
  await assert.rejects(build({ siteDir: site, contentDir: 'source/_posts', outDir: '.' }), /overlaps the content folder|not written by danlu/);
});

test('a rebuild with nothing changed writes nothing; after an edit only changed files are rewritten', async () => {
  const site = tempSite('hexo-blog');
  const opts = { siteDir: site, contentDir: 'source/_posts', outDir: 'public' };
  const first = await build(opts);
  assert.ok(first.ok && !first.report.upToDate);
  const marker = path.join(site, 'public', '.danlu-output');
  const before = statSync(marker).mtimeMs;

  const again = await build(opts);
  assert.equal(again.report.upToDate, true);
  assert.equal(again.report.notes, first.report.notes);
  assert.equal(statSync(marker).mtimeMs, before, 'output untouched');

  const note = path.join(site, 'source/_posts/模型/RNN.md');
  const rnnPage = path.join(site, 'public/2023/08/01/模型/RNN/index.html');
  const cnnPage = path.join(site, 'public/2023/07/03/模型/CNN 笔记/卷积网络/index.html');
  const cnnInode = statSync(cnnPage).ino;
  writeFileSync(note, readFileSync(note, 'utf8') + '\n补充一句。\n');
  const edited = await build(opts);
  assert.ok(edited.ok && !edited.report.upToDate);
  assert.match(read(path.join(site, 'public'), '2023/08/01/模型/RNN/index.html'), /补充一句/);
  assert.equal(statSync(cnnPage).ino, cnnInode, 'an unchanged page is linked from the previous output, not rewritten');
  assert.ok(existsSync(rnnPage));
});
