/**
 * Real Hexo is the oracle: over the Hexo fixture blog (spaces, capitals and Chinese in paths and tags, Obsidian
 * template and report folders under `skip_render`, `_` files, a `.obsidian` folder, an empty tag item, `top` and
 * `sticky`, a date with `Z`, an about page, a 404 page, NexT's tags page, a file in `source/images/`), danlu must
 * publish exactly the URLs Hexo publishes, with the same dates, update times, tag and category URLs per note.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from '../../src/site/build.js';
import { readTree, tempSite } from '../helpers/site.js';

const hexoScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'hexo', 'routes.cjs');

interface HexoEntry {
  source: string;
  path: string;
  date: string;
  updated: string | null;
  tags: string[];
  categories: string[];
}
interface HexoSite {
  routes: string[];
  posts: HexoEntry[];
  pages: HexoEntry[];
}

/** Hexo's view of a blog folder; the blog's owner lives in its `timezone`, so Hexo runs in that zone. */
async function runHexo(blog: string, tz: string): Promise<HexoSite> {
  // Hexo reads `_config.yml` only in a folder whose package.json names it, as `hexo init` writes.
  writeFileSync(path.join(blog, 'package.json'), JSON.stringify({ name: 'blog', private: true, hexo: { version: '8' } }));
  const { stdout } = await promisify(execFile)(process.execPath, [hexoScript, blog], { env: { ...process.env, TZ: tz }, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as HexoSite;
}

/** Pages and files only danlu makes, on purpose: its own lists, search (and its index under pagefind/), feed, sitemap, assets, and note files. */
const danluOnly = (f: string): boolean =>
  ['categories/index.html', 'search/index.html', 'atom.xml', 'sitemap.xml', 'robots.txt', 'search.json', '.danlu-output'].includes(f) ||
  /^(assets|katex|files|pagefind)\//.test(f);

/** Builds `blog` with real Hexo and with danlu, and asserts the same published URLs; returns both views. */
async function compareWithHexo(blog: string): Promise<{ hexo: HexoSite; files: string[] }> {
  const hexo = await runHexo(blog, 'Asia/Shanghai');
  const result = await build({ siteDir: blog, contentDir: 'source/_posts', outDir: 'danlu-public', cacheDir: false });
  assert.ok(result.ok, JSON.stringify(result.report.messages));
  const files = [...readTree(path.join(blog, 'danlu-public')).keys()];
  assert.deepEqual(hexo.routes.filter((r) => !files.includes(r)), [], 'routes Hexo publishes that danlu does not');
  assert.deepEqual(files.filter((f) => !hexo.routes.includes(f) && !danluOnly(f)), [], 'pages danlu publishes that Hexo does not');
  return { hexo, files };
}

test('with post_asset_folder, a post\'s files are published beside its page, all of them, as Hexo does', { timeout: 300_000 }, async () => {
  const blog = tempSite('hexo-blog');
  const config = path.join(blog, '_config.yml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('post_asset_folder: false', 'post_asset_folder: true'));
  const post = path.join(blog, 'source/_posts/深度学习基础.md');
  writeFileSync(post, readFileSync(post, 'utf8') + '\n![损失曲线](loss.svg)\n');
  mkdirSync(path.join(blog, 'source/_posts/深度学习基础'));
  cpSync(path.join(blog, 'source/images/logo.svg'), path.join(blog, 'source/_posts/深度学习基础/loss.svg'));
  writeFileSync(path.join(blog, 'source/_posts/深度学习基础/data.csv'), 'x,y\n1,2\n');
  const { hexo, files } = await compareWithHexo(blog);
  for (const f of ['2023/07/02/深度学习基础/loss.svg', '2023/07/02/深度学习基础/data.csv']) {
    assert.ok(hexo.routes.includes(f), `Hexo publishes ${f}`);
    assert.ok(files.includes(f), `danlu publishes ${f}`);
  }
  const page = readFileSync(path.join(blog, 'danlu-public/2023/07/02/深度学习基础/index.html'), 'utf8');
  assert.match(page, /<img[^>]*src="\/blog\/2023\/07\/02\/%E6%B7%B1%E5%BA%A6%E5%AD%A6%E4%B9%A0%E5%9F%BA%E7%A1%80\/loss\.svg"/);
});

test('danlu publishes exactly the URLs real Hexo publishes, with the same dates, tags and categories', { timeout: 300_000 }, async () => {
  const blog = tempSite('hexo-blog');
  const hexo = await runHexo(blog, 'Asia/Shanghai');
  const result = await build({ siteDir: blog, contentDir: 'source/_posts', outDir: 'danlu-public', cacheDir: false });
  assert.ok(result.ok, JSON.stringify(result.report.messages));
  const files = [...readTree(path.join(blog, 'danlu-public')).keys()];

  // The same set of URLs: every route Hexo makes exists, and nothing else but danlu's own extras.
  assert.ok(hexo.routes.length > 25, `Hexo made ${hexo.routes.length} routes`);
  assert.deepEqual(hexo.routes.filter((r) => !files.includes(r)), [], 'routes Hexo publishes that danlu does not');
  assert.deepEqual(files.filter((f) => !hexo.routes.includes(f) && !danluOnly(f)), [], 'pages danlu publishes that Hexo does not');
  // What Hexo leaves out stays out: skip_render folders, `_` files, the Obsidian folder.
  for (const f of files) assert.doesNotMatch(f, /Templates|Reports|周报|私人|\.obsidian|tp-system/);

  // Per note: the same date and update time (ISO with the zone), the same tag and category URLs.
  const read = (rel: string): string => readTree(path.join(blog, 'danlu-public')).get(rel)?.toString('utf8') ?? '';
  for (const post of hexo.posts) {
    const page = read(`${post.path}index.html`);
    assert.ok(page, `no page at ${post.path}`);
    assert.match(page, new RegExp(`article:published_time" content="${post.date.replace('+', '\\+')}"`), `${post.source}: date`);
    if (post.updated) assert.match(page, new RegExp(`article:modified_time" content="${post.updated.replace('+', '\\+')}"`), `${post.source}: updated`);
    const hrefs = [...page.matchAll(/href="\/blog\/((?:tags|categories)\/[^"#]*)"/g)].map((m) => decodeURIComponent(m[1] as string));
    for (const p of post.tags) assert.ok(hrefs.includes(p), `${post.source}: links to ${p} (has ${hrefs.join(', ')})`);
    // The page shows the note's first category chain as a trail: each link is one of Hexo's category URLs.
    const cats = hrefs.filter((h) => h.startsWith('categories/') && h !== 'categories/');
    assert.equal(cats.length > 0, post.categories.length > 0, `${post.source}: category trail`);
    for (const c of cats) assert.ok(post.categories.includes(c), `${post.source}: ${c} is not among Hexo's ${post.categories.join(', ')}`);
  }
  assert.equal(hexo.posts.length, 5);
  assert.deepEqual(hexo.pages.map((p) => p.path).sort(), ['404.html', 'about/index.html', 'tags/index.html']);
});
