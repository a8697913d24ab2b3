/**
 * Links resolve the way Obsidian resolves them: by path from the content folder, by the end of a path, by a
 * path from a vault opened above the content folder (a Hexo blog's root or `source/`), by bare file name or
 * title, whatever the case, percent-encoded or not. Only a note that is not in the table stays unresolved.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { contentPathOf, createLinkResolver, type LinkTable } from '../../../src/site/markdown/links.js';

const table: LinkTable = {
  notes: [
    { rel: '模型/RNN.md', title: '循环神经网络', url: '/模型/RNN/' },
    { rel: 'Learn/Neural Network/DeepLearning.md', title: 'Deep Learning 入门', url: '/Learn/Neural%20Network/DeepLearning/' },
    { rel: 'RNN.md', title: 'RNN 总览', url: '/RNN/' },
    { rel: 'a/b/Attention Is All You Need.md', title: 'Transformer', url: '/transformer/' },
  ],
  files: [],
  filesBase: '/files/',
};
const links = createLinkResolver(table);
const blog = 'blog/source/_posts/';
const url = (target: string, contentPath = blog): string | undefined => links.note(target, contentPath)?.url;

test('a full path from the content folder wins over a bare name', () => {
  assert.equal(url('RNN'), '/RNN/');
  assert.equal(url('模型/RNN'), '/模型/RNN/');
  assert.equal(url('模型/RNN.md'), '/模型/RNN/');
});

test('a path from a vault opened above the content folder finds the note', () => {
  assert.equal(url('_posts/模型/RNN'), '/模型/RNN/');
  assert.equal(url('source/_posts/模型/RNN.md'), '/模型/RNN/');
  assert.equal(url('blog/source/_posts/模型/RNN'), '/模型/RNN/');
  assert.equal(url('/source/_posts/RNN.md'), '/RNN/');
  // a folder that is not above the content folder is not dropped: `drafts/模型/RNN` is another note
  assert.equal(url('drafts/模型/RNN'), undefined);
  assert.equal(url('_posts/模型/RNN', ''), undefined);
});

test('the end of a path, the file name, the title, any case, percent-encoded', () => {
  assert.equal(url('Neural Network/DeepLearning'), '/Learn/Neural%20Network/DeepLearning/');
  assert.equal(url('deeplearning'), '/Learn/Neural%20Network/DeepLearning/');
  assert.equal(url('Learn/Neural%20Network/DeepLearning.md'), '/Learn/Neural%20Network/DeepLearning/');
  assert.equal(url('attention%20is%20all%20you%20need'), '/transformer/');
  assert.equal(url('循环神经网络'), '/模型/RNN/');
  assert.equal(url('No Such Note'), undefined);
});

test('markdown links: relative to the note first, then as Obsidian writes them', () => {
  const by = (href: string, from: string): string | undefined => links.noteByPath(href, from, blog)?.url;
  assert.equal(by('../RNN.md', '模型/CNN.md'), '/RNN/');
  assert.equal(by('RNN.md', '模型/CNN.md'), '/模型/RNN/');
  assert.equal(by('source/_posts/Learn/Neural%20Network/DeepLearning.md', 'x.md'), '/Learn/Neural%20Network/DeepLearning/');
  assert.equal(by('Attention%20Is%20All%20You%20Need.md#Scaled', 'x.md'), '/transformer/');
  assert.equal(by('Missing.md', 'x.md'), undefined);
});

test('contentPathOf is the absolute content folder, whatever the working directory', () => {
  const cwd = process.cwd().split(path.sep).join('/');
  assert.equal(contentPathOf('blog/source/_posts/模型/RNN.md', '模型/RNN.md'), `${cwd}/blog/source/_posts/`);
  assert.equal(contentPathOf('/home/u/blog/source/_posts/a.md', 'a.md'), '/home/u/blog/source/_posts/');
  assert.equal(contentPathOf('/home/u/blog/xa.md', 'a.md'), '');
});

test('a vault-root path resolves the same when the build runs from inside the content folder', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'danlu-links-'));
  const posts = path.join(root, 'blog', 'source', '_posts');
  mkdirSync(posts, { recursive: true });
  const before = process.cwd();
  try {
    // `danlu build --content .` from `_posts`: the display path is `模型/RNN.md`, with no folder above it
    process.chdir(posts);
    const here = contentPathOf('模型/RNN.md', '模型/RNN.md');
    assert.equal(links.note('source/_posts/模型/RNN.md', here)?.url, '/模型/RNN/');
    assert.equal(links.note('_posts/模型/RNN', here)?.url, '/模型/RNN/');
    assert.equal(links.note('drafts/模型/RNN', here)?.url, undefined);
  } finally {
    process.chdir(before);
    rmSync(root, { recursive: true, force: true });
  }
});

test('wikilinks, markdown links and post_link written from a vault above the content folder resolve in a render', async () => {
  const { createMarkdownProcessor } = await import('../../../src/site/markdown/processor.js');
  const processor = createMarkdownProcessor({ language: 'zh-CN', links: table });
  const body = '[[_posts/模型/RNN]]，[深度](source/_posts/Learn/Neural%20Network/DeepLearning.md)，{% post_link _posts/RNN %}，[[drafts/RNN]]\n';
  const out = await processor.render({ rel: 'x.md', display: 'blog/source/_posts/x.md', body });
  assert.ok(out.html.includes('<a href="/%E6%A8%A1%E5%9E%8B/RNN/" title="循环神经网络" class="wikilink">_posts/模型/RNN</a>'), out.html);
  assert.ok(out.html.includes('<a href="/Learn/Neural%20Network/DeepLearning/">深度</a>'), out.html);
  assert.ok(out.html.includes('<a href="/RNN/"'), out.html);
  assert.deepEqual(out.messages.map((m) => m.rule), ['wikilink-unresolved']);
});
