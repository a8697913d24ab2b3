/**
 * Runs real Hexo over a blog folder and prints what it would publish, as JSON: every route, and each post's and
 * page's path, date, update time, tag and category paths. The oracle for danlu's Hexo compatibility tests: it
 * loads the blog as `hexo generate` would (the generators and the markdown renderer a default blog has), but
 * writes nothing except Hexo's own db.json. Run in a child process, so the zone (TZ) is the blog owner's.
 */
'use strict';
const path = require('node:path');
const Hexo = require('hexo');

const plugins = ['hexo-generator-index', 'hexo-generator-tag', 'hexo-generator-category', 'hexo-generator-archive', 'hexo-renderer-marked'];

(async () => {
  const base = path.resolve(process.argv[2]);
  const hexo = new Hexo(base, { silent: true });
  await hexo.init();
  for (const p of plugins) await hexo.loadPlugin(require.resolve(p));
  await hexo.load();
  const entry = (p) => ({
    source: p.source,
    path: p.path,
    date: p.date.format(),
    updated: p.updated ? p.updated.format() : null,
    tags: p.tags ? p.tags.map((t) => t.path) : [],
    categories: p.categories ? p.categories.map((c) => c.path) : [],
  });
  const out = {
    routes: hexo.route.list().sort(),
    posts: hexo.locals.get('posts').map(entry),
    pages: hexo.locals.get('pages').map(entry),
  };
  await hexo.exit();
  process.stdout.write(JSON.stringify(out));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
