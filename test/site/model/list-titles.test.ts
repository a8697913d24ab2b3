/**
 * List pages past the first say which page they are of how many: the count is the list's own pages (a reader of
 * "page 3 of 0" cannot tell how far the archive goes).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../../src/site/build.js';
import { toText } from '../../../src/site/build/output.js';

test('page n of a paginated list is titled "第 n 页 / 共 N 页" with N its own page count', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-list-titles-'));
  try {
    mkdirSync(path.join(site, 'content'));
    writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: 列表\nlanguage: zh-CN\nurl: https://example.org/\nper_page: 2\n');
    for (let i = 0; i < 5; i++) {
      writeFileSync(path.join(site, 'content', `n${i}.md`), `---\ntitle: 笔记 ${i}\ndate: 2024-01-0${i + 1} 10:00:00\ntags: [t]\n---\n\n正文 ${i}。\n`);
    }
    const result = await build({ siteDir: site, write: false, cacheDir: false, search: 'off', threads: 1 });
    assert.ok(result.ok);
    const title = (rel: string): string => {
      const f = result.output.files.get(rel);
      assert.ok(f !== undefined, `${rel} among ${[...result.output.files.keys()].join(', ')}`);
      return /<title>([^<]*)<\/title>/.exec(toText(f))?.[1] ?? '';
    };
    assert.match(title('page/3/index.html'), /第 3 页 \/ 共 3 页/);
    assert.match(title('tags/t/page/2/index.html'), /第 2 页 \/ 共 3 页/);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
