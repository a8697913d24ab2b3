/**
 * Builds a Hexo blog with real Hexo (the oracle: what it would publish) and with danlu, and compares: the URL
 * sets, and danlu's messages by rule. For moving a real blog, and for the closing numbers of the Hexo issue.
 *
 *   tsx scripts/hexo/compare.ts --blog ~/blog                 # a Hexo blog folder (with _config.yml, source/_posts)
 *   tsx scripts/hexo/compare.ts --corpus 1000 [--tz Asia/Shanghai]   # the benchmark corpus laid out as a Hexo blog
 *
 * Hexo runs in a child process in the blog owner's zone (`--tz`, default the blog's `timezone`); nothing is
 * written into the blog but Hexo's own db.json when the blog has no package.json naming Hexo (one is written in a
 * temporary copy instead).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as yaml from 'js-yaml';
import { build } from '../../src/site/build.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { blog: { type: 'string' }, corpus: { type: 'string' }, tz: { type: 'string' } } });

let blog: string;
if (values.corpus) {
  blog = mkdtempSync(path.join(tmpdir(), 'danlu-hexo-corpus-'));
  const posts = path.join(blog, 'source', '_posts');
  mkdirSync(path.dirname(posts), { recursive: true });
  execFileSync(process.execPath, ['--import', 'tsx', path.join(here, '..', 'bench', 'build', 'corpus.ts'), '--notes', values.corpus, '--out', posts], { stdio: 'inherit' });
  writeFileSync(path.join(blog, '_config.yml'), 'title: corpus\nurl: https://example.org\ntimezone: Asia/Shanghai\npermalink: :year/:month/:day/:title/\nper_page: 10\n');
} else if (values.blog) {
  blog = mkdtempSync(path.join(tmpdir(), 'danlu-hexo-blog-'));
  cpSync(path.resolve(values.blog), blog, { recursive: true, filter: (src) => !/[/\\](node_modules|public|\.git|\.deploy_git)$/.test(src) });
} else {
  console.error('usage: tsx scripts/hexo/compare.ts --blog <hexo blog folder> | --corpus <N>');
  process.exit(2);
}
if (!existsSync(path.join(blog, 'package.json')) || !readFileSync(path.join(blog, 'package.json'), 'utf8').includes('"hexo"')) {
  writeFileSync(path.join(blog, 'package.json'), JSON.stringify({ name: 'blog', private: true, hexo: { version: '8' } }));
}
const config = (yaml.load(readFileSync(path.join(blog, '_config.yml'), 'utf8')) ?? {}) as { timezone?: string };
const tz = values.tz ?? (config.timezone || process.env.TZ || 'UTC');

const t0 = performance.now();
let hexoOut: string;
try {
  hexoOut = execFileSync(process.execPath, [path.join(here, 'routes.cjs'), blog], { env: { ...process.env, TZ: tz }, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
} catch (error) {
  // Hexo itself cannot build this blog (e.g. a Nunjucks error on `{% … %}` in a note): say so, as Hexo said it.
  const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? String(error);
  console.error(`Hexo could not load the blog:\n${stderr.split('\n').slice(0, 12).join('\n')}`);
  process.exit(3);
}
const hexo = JSON.parse(hexoOut) as { routes: string[]; posts: unknown[]; pages: unknown[] };
const hexoMs = performance.now() - t0;

const t1 = performance.now();
const result = await build({ siteDir: blog, contentDir: 'source/_posts', outDir: 'danlu-public', cacheDir: false });
const danluMs = performance.now() - t1;

const files: string[] = [];
const walk = (dir: string, prefix = ''): void => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
    else files.push(prefix + e.name);
  }
};
if (existsSync(path.join(blog, 'danlu-public'))) walk(path.join(blog, 'danlu-public'));
const danluOnly = (f: string): boolean =>
  ['categories/index.html', 'tags/index.html', 'search/index.html', '404.html', 'atom.xml', 'sitemap.xml', 'robots.txt', 'search.json', '.danlu-output'].includes(f) ||
  /^(assets|katex|files|pagefind)\//.test(f);
const have = new Set(files);
const hexoRoutes = new Set(hexo.routes);
const missing = hexo.routes.filter((r) => !have.has(r));
const extra = files.filter((f) => !hexoRoutes.has(f) && !danluOnly(f));
const byRule = new Map<string, number>();
for (const m of result.report.messages) byRule.set(`${m.severity} ${m.rule}`, (byRule.get(`${m.severity} ${m.rule}`) ?? 0) + 1);

console.log(`blog: ${values.blog ?? `corpus of ${values.corpus} notes`} (Hexo in ${tz})`);
console.log(`Hexo: ${hexo.posts.length} posts, ${hexo.pages.length} pages, ${hexo.routes.length} routes in ${(hexoMs / 1000).toFixed(1)} s (load only)`);
console.log(`danlu: ${result.report.notes} notes, ${result.report.pages} pages, ok=${result.ok} in ${(danluMs / 1000).toFixed(1)} s`);
console.log(`Hexo routes danlu does not publish: ${missing.length}${missing.length ? `\n  ${missing.slice(0, 20).join('\n  ')}` : ''}`);
console.log(`danlu pages Hexo does not publish (besides danlu's own lists, search, feed, assets): ${extra.length}${extra.length ? `\n  ${extra.slice(0, 20).join('\n  ')}` : ''}`);
console.log('danlu messages by rule:');
for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${rule}`);
process.exit(missing.length || extra.length ? 1 : 0);
