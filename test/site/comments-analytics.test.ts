/**
 * Comments and analytics as a writer configures them: a site without them makes no third-party request from any
 * page; giscus appears on note pages only (not lists, not a note with `comments: false`), each analytics service
 * puts its documented snippet in every page's head, and a bad setting stops the build naming the file and key.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../src/site/build.js';
import { loadConfig, resolveConfig } from '../../src/site/config.js';
import { ConfigError } from '../../src/site/errors.js';
import { devCsp, DEV_CSP } from '../../src/server/dev.js';

const NOTES: Record<string, string> = {
  'a.md': '---\ntitle: 反向传播\ndate: 2024-01-02 10:00:00\ntags: [深度学习]\n---\n\n梯度 $\\nabla f$，见 [论文](https://arxiv.org/abs/1502.03167) 与 [[b]]。\n\n```python\nprint(1)\n```\n',
  'b.md': '---\ntitle: 卷积\ndate: 2024-01-03 10:00:00\ntags: [深度学习]\ncomments: false\n---\n\n卷积核 $W$。\n',
};

/** A site folder with the notes above and the given config. */
function site(config: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-comments-'));
  mkdirSync(path.join(dir, 'content'), { recursive: true });
  for (const [name, text] of Object.entries(NOTES)) writeFileSync(path.join(dir, 'content', name), text);
  writeFileSync(path.join(dir, 'danlu.config.yaml'), config);
  return dir;
}

function htmlFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(dir, `${prefix}${e.name}/`) : e.name.endsWith('.html') ? [prefix + e.name] : [],
  );
}

async function built(config: string): Promise<{ dist: string; pages: Map<string, string> }> {
  const dir = site(config);
  const result = await build({ siteDir: dir, cacheDir: path.join(dir, '.cache'), threads: 1, search: 'off' } as Parameters<typeof build>[0]);
  assert.ok(result.ok, 'the site builds');
  const dist = path.join(dir, 'dist');
  return { dist, pages: new Map(htmlFiles(dist).map((f) => [f, readFileSync(path.join(dist, f), 'utf8')])) };
}

const NOTE_A = '2024/01/02/a/index.html';
const NOTE_B = '2024/01/03/b/index.html';
const OWN = 'https://notes.example.org';

/**
 * Every absolute URL a page could fetch from: what is left after taking out links a reader follows (`<a href>`),
 * the site's own address (canonical, og:url) and XML namespace names (SVG, MathML), which are never fetched.
 */
function thirdPartyUrls(page: string): string[] {
  const rest = page
    .replace(/<a\b[^>]*>/g, '<a>')
    .replace(/\sxmlns(?::\w+)?="[^"]*"/g, '')
    .replaceAll(OWN, '');
  return rest.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
}

test('a site without comments or analytics has no third-party URL in any page outside the links in its notes', async () => {
  const { pages } = await built(`url: ${OWN}\n`);
  assert.ok(pages.size >= 6, `note, list, tag, archive and search pages are built (${pages.size})`);
  // The note's own outside link is there, as a link: the scan does see the page's URLs.
  assert.match(pages.get(NOTE_A) ?? '', /href="https:\/\/arxiv\.org\/abs\/1502\.03167"/);
  for (const [file, page] of pages) assert.deepEqual(thirdPartyUrls(page), [], file);
  for (const [file, page] of pages) assert.doesNotMatch(page, /giscus|waline|twikoo|gtag|_hmt|umami|plausible/i, file);
});

test('giscus: its script with the configured attributes on note pages only, and not under a note with comments: false', async () => {
  const { pages } = await built(
    `url: ${OWN}\nlanguage: en\ncomments:\n  provider: giscus\n  repo: alice/notes\n  repo_id: R_kgDOabc\n  category: Announcements\n  categoryId: DIC_kwDOxyz\n  mapping: og:title\n  reactions: false\n`,
  );
  const note = pages.get(NOTE_A) ?? '';
  const tag = note.match(/<script src="https:\/\/giscus\.app\/client\.js"[^>]*>/)?.[0];
  assert.ok(tag, 'the note page carries giscus\'s script');
  const attrs = Object.fromEntries([...tag.matchAll(/\s([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  assert.equal(attrs['data-repo'], 'alice/notes');
  assert.equal(attrs['data-repo-id'], 'R_kgDOabc');
  assert.equal(attrs['data-category'], 'Announcements');
  assert.equal(attrs['data-category-id'], 'DIC_kwDOxyz');
  assert.equal(attrs['data-mapping'], 'og:title');
  assert.equal(attrs['data-reactions-enabled'], '0');
  assert.equal(attrs['data-lang'], 'en');
  assert.equal(attrs['data-loading'], 'lazy');
  assert.match(tag, /\sasync[\s>]/);
  // After the note's own footer, inside its article: the end of the note.
  assert.ok(note.indexOf('class="comments"') > note.indexOf('class="post-footer"'));
  assert.doesNotMatch(pages.get(NOTE_B) ?? '', /giscus/, 'comments: false turns them off for that note');
  for (const [file, page] of pages) {
    if (file !== NOTE_A) assert.doesNotMatch(page, /giscus\.app/, `${file} is not a note with comments`);
  }
});

test('each analytics service renders its documented snippet in the head of every page', async () => {
  const { pages } = await built(
    [
      `url: ${OWN}`,
      'analytics:',
      '  - provider: umami',
      '    src: https://stats.example.net/script.js',
      '    website_id: 94db1cb1-74f4-4a40-ad6c-962362670409',
      '  - provider: plausible',
      '  - provider: baidu',
      '    id: 0123456789abcdef0123456789abcdef',
      '  - provider: google',
      '    tracking_id: G-ABC123XYZ',
      '',
    ].join('\n'),
  );
  for (const [file, page] of pages) {
    const head = page.slice(0, page.indexOf('</head>'));
    assert.match(head, /<script defer src="https:\/\/stats\.example\.net\/script\.js" data-website-id="94db1cb1-74f4-4a40-ad6c-962362670409"><\/script>/, file);
    // Plausible's domain defaults to the site's host.
    assert.match(head, /<script defer data-domain="notes\.example\.org" src="https:\/\/plausible\.io\/js\/script\.js"><\/script>/, file);
    assert.match(head, /var _hmt=_hmt\|\|\[\];[^<]*hm\.src="https:\/\/hm\.baidu\.com\/hm\.js\?0123456789abcdef0123456789abcdef";hm\.async=true/, file);
    assert.match(head, /<script async src="https:\/\/www\.googletagmanager\.com\/gtag\/js\?id=G-ABC123XYZ"><\/script>/, file);
    assert.match(head, /gtag\('config','G-ABC123XYZ'\)/, file);
    // The scan that finds nothing on a site without them finds these.
    assert.ok(thirdPartyUrls(page).some((u) => u.startsWith('https://hm.baidu.com/')), file);
  }
});

test('Waline and Twikoo: a box and a loader under the note, with the client from the configured server or the documented CDN', async () => {
  const waline = await built(`url: ${OWN}\ncomments:\n  provider: waline\n  serverURL: https://waline.example.net\n`);
  const a = waline.pages.get(NOTE_A) ?? '';
  assert.match(a, /<div id="waline" class="comments-box" data-server="https:\/\/waline\.example\.net" data-cdn="https:\/\/unpkg\.com\/@waline\/client@v3\/dist\/" data-lang="zh-CN"><\/div>/);
  // Nothing is fetched by the markup itself: the loader imports the client only when the box nears the screen.
  assert.doesNotMatch(a, /<(script|link)[^>]+(src|href)="https:\/\/unpkg/);
  assert.match(a, /IntersectionObserver/);
  assert.doesNotMatch(waline.pages.get(NOTE_B) ?? '', /waline/);
  assert.doesNotMatch(waline.pages.get('index.html') ?? '', /waline/);
  const twikoo = await built(`url: ${OWN}\ncomments:\n  provider: twikoo\n  envId: https://twikoo.example.net\n  src: https://static.example.net/twikoo.all.min.js\n`);
  assert.match(twikoo.pages.get(NOTE_A) ?? '', /<div id="tcomment" class="comments-box" data-env="https:\/\/twikoo\.example\.net" data-region="" data-src="https:\/\/static\.example\.net\/twikoo\.all\.min\.js"/);
});

/** The error a config gives, as the CLI prints it. */
function configError(data: unknown): string {
  try {
    resolveConfig(data, '/site/danlu.config.yaml');
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.describe();
  }
  assert.fail('the config was accepted');
}

test('bad settings are config errors naming the file and the key, an unknown provider listing the valid ones', () => {
  assert.equal(
    configError({ comments: { provider: 'disqus' } }),
    '/site/danlu.config.yaml: unknown provider "disqus" in `comments.provider`\n  hint: valid providers: giscus, waline, twikoo',
  );
  assert.equal(
    configError({ analytics: [{ provider: 'umami', src: 'https://a.example/s.js', websiteId: 'x' }, { provider: 'matomo' }] }),
    '/site/danlu.config.yaml: unknown provider "matomo" in `analytics[1].provider`\n  hint: valid providers: umami, plausible, baidu, google',
  );
  assert.equal(
    configError({ comments: { provider: 'giscus', repo: 'alice/notes', category: 'General', categoryId: 'DIC_1' } }),
    '/site/danlu.config.yaml: `comments.repoId` is required\n  hint: set `repoId:` under `comments`',
  );
  assert.match(configError({ comments: { provider: 'giscus', repo: 'notes', repoId: 'R', category: 'c', categoryId: 'C' } }), /`comments.repo` must be `owner\/name`, got "notes"/);
  assert.match(configError({ comments: { repo: 'a/b' } }), /`comments.provider` is required\n  hint: valid providers: giscus, waline, twikoo/);
  assert.match(configError({ comments: { provider: 'waline' } }), /`comments.serverURL` is required/);
  assert.match(configError({ comments: { provider: 'waline', serverURL: 'waline.example.net' } }), /`comments.serverURL` must be an absolute http\(s\) URL, got "waline.example.net"/);
  assert.match(configError({ comments: { provider: 'twikoo', envId: 'e', theme: 'dark' } }), /unknown key `comments.theme`\n  hint: known keys: comments.envId, comments.region/);
  assert.match(configError({ analytics: { provider: 'umami', websiteId: 'x' } }), /`analytics.src` is required/);
  assert.match(configError({ analytics: { provider: 'google', id: '12345' } }), /`analytics.id` must be a measurement id such as G-XXXXXXXXXX, got "12345"/);
  assert.match(configError({ analytics: { provider: 'baidu', id: 'abc' } }), /`analytics.id` must be the 32 hex digits/);
  assert.match(configError({ analytics: 'umami' }), /`analytics` must be a mapping/);
});

test('a bad setting in danlu.config.yaml names that file; NexT-style `enable: false` turns a provider off', () => {
  const dir = site('comments:\n  provider: giscus\n  repo: alice/notes\n');
  assert.throws(() => loadConfig(dir), (e: unknown) => e instanceof ConfigError && e.path === path.join(dir, 'danlu.config.yaml') && /`comments.repoId` is required/.test(e.message));
  const off = resolveConfig({ comments: { enable: false, provider: 'giscus' }, analytics: { enable: false, provider: 'baidu' } });
  assert.equal(off.comments, undefined);
  assert.deepEqual(off.analytics, []);
  // A Hexo blog's config is merged with danlu's resolved values and checked again: the result must not change.
  const once = resolveConfig({
    comments: { provider: 'waline', server_url: 'https://waline.example.net', cdn: 'https://cdn.example.net/waline' },
    analytics: [{ provider: 'plausible' }, { provider: 'google', measurement_id: 'G-1' }, { provider: 'umami', script_url: 'https://u.example/s.js', website_id: 'w' }],
  });
  assert.deepEqual(once.comments, { provider: 'waline', serverURL: 'https://waline.example.net', cdn: 'https://cdn.example.net/waline/', lang: 'zh-CN' });
  assert.deepEqual(resolveConfig({ comments: once.comments, analytics: once.analytics }), once);
});

test('the dev server\'s policy lets through exactly the configured providers\' origins', () => {
  assert.equal(devCsp(resolveConfig({})), DEV_CSP);
  const csp = devCsp(resolveConfig({
    comments: { provider: 'giscus', repo: 'a/b', repoId: 'R', category: 'c', categoryId: 'C' },
    analytics: { provider: 'umami', src: 'https://stats.example.net/script.js', websiteId: 'w' },
  }));
  const directive = (d: string): string => csp.split('; ').find((p) => p.startsWith(`${d} `)) ?? '';
  assert.match(directive('script-src'), /^script-src 'self' 'unsafe-inline' 'unsafe-eval' https:\/\/giscus\.app https:\/\/stats\.example\.net$/);
  assert.equal(directive('frame-src'), "frame-src 'self' https://giscus.app");
  assert.equal(directive('connect-src'), "connect-src 'self' https://stats.example.net");
});
