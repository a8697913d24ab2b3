/** `danlu new` starts a note that builds, dated today in the site's timezone, and never overwrites. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/index.js';
import { parseSource } from '../../src/site/content/front-matter.js';

test('new writes a note with front matter; a second time it refuses', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-new-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const log = console.log;
    const printed: string[] = [];
    console.log = (s: string) => printed.push(s);
    const err = console.error;
    const errors: string[] = [];
    console.error = (s: string) => errors.push(s);
    try {
      assert.equal(await main(['new', '卷积神经网络', '--dir', '模型/CNN']), 0);
      assert.equal(await main(['new', '卷积神经网络', '--dir', '模型/CNN']), 1);
    } finally {
      console.log = log;
      console.error = err;
    }
    const file = path.join(dir, 'content/模型/CNN/卷积神经网络.md');
    assert.equal(printed[0], path.join('content', '模型', 'CNN', '卷积神经网络.md'));
    assert.match(errors[0] ?? '', /already exists/);
    const parsed = parseSource(readFileSync(file, 'utf8'), { file, timezone: 'Asia/Shanghai', mtime: new Date(0) });
    assert.deepEqual(parsed.messages, []);
    assert.equal(parsed.meta?.title, '卷积神经网络');
    assert.ok(Math.abs((parsed.meta?.date.getTime() ?? 0) - Date.now()) < 120_000, 'dated now');
  } finally {
    process.chdir(cwd);
  }
});
