/**
 * The prechecks only skip GFM's table and literal-autolink constructs where they would fail: every tree is the one
 * plain remark-gfm makes, on shapes that sit at the edges of each check and on every markdown file in the repo.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import '../../../../src/site/markdown/micromark-text-linear.js';
import { remarkGfmPrechecks } from '../../../../src/site/markdown/plugins/remark-gfm-prechecks.js';

const plain = unified().use(remarkParse).use(remarkGfm, { singleTilde: false }).freeze();
const checked = unified().use(remarkParse).use(remarkGfm, { singleTilde: false }).use(remarkGfmPrechecks).freeze();

const same = (md: string): void => assert.deepEqual(checked.parse(md), plain.parse(md), JSON.stringify(md));

const shapes: Record<string, string> = {
  table: '| a | b |\n| - | :-: |\n| 1 | 2 |\nlazy row\n\ntext',
  'table without pipes at the ends': 'a | b\n--|--\n1 | 2',
  'table in a blockquote in a list': '- > | a | b |\n  > | --- | --- |\n  > | 1 | 2 |',
  'table with CRLF and tabs': '| a |\tb |\r\n|---|\t---|\r\n| 1 | 2 |\r\n',
  'head row without a delimiter row': '| a | b |\n| 1 | 2 |\n\n| c |\ntext - more',
  'setext heading, not a table': 'a | b\n---',
  'thematic break after a pipe line': '| a |\n\n---',
  'delimiter row with too many cells': '| a |\n| - | - |',
  'e-mail addresses': 'write to a.b+c@example.com, x_y@z.org. or @handle and @ alone; 中文a@b.cn 结尾',
  'e-mail after punctuation and at line ends': '(me@host.io)\nfoo@bar\n-q@r.st\n.a@b.c',
  'www and protocols in any case': 'see WWW.Example.com, www.x.org/path?q=1, HTTPS://A.b/c and http://x.y then wwwx.com and httpx://no',
  'autolinks next to Chinese': '访问https://example.com/路径。或www.例子.com，邮箱：名a@b.com。',
  'byte-order mark': '\uFEFFa@b.com and www.x.org\n\n| a |\n| - |',
  'in code and links': '`a@b.com` [www.x.org](http://y.z) <https://q.r> ```\nwww.code.org\n```',
  'astral characters before a literal': '😀 a@b.com 𝔸 www.x.org',
  nothing: '',
};

for (const [name, md] of Object.entries(shapes)) {
  test(`the same tree as remark-gfm: ${name}`, () => same(md));
}

test('the same tree as remark-gfm for every markdown file in the repo', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  for (const dir of ['content', 'test', '../shared/seed']) {
    try {
      walk(dir);
    } catch {
      // ../shared exists only in the team's checkout
    }
  }
  assert.ok(files.length > 50, `found ${files.length} markdown files`);
  for (const file of files) same(readFileSync(file, 'utf8'));
});

test('each parse checks against its own document, also when one runs inside another run', () => {
  const md = '| a |\n| - |\n\nwww.x.org a@b.c';
  const outer = checked().use(() => (tree) => {
    assert.deepEqual(checked.parse(md), plain.parse(md));
    return tree;
  });
  const text = 'plain text without any table or link';
  assert.deepEqual(outer.runSync(outer.parse(text)), plain.parse(text));
  same(md);
});

test('it refuses to run without remark-gfm before it', () => {
  assert.throws(() => unified().use(remarkParse).use(remarkGfmPrechecks).freeze(), /expected remark-gfm's table and autolink constructs/);
});
