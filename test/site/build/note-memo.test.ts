/**
 * The notes as the last build read them, kept in the cache (src/site/build/note-memo.ts): a later load takes an
 * unchanged file from it, with the same metadata and messages, and reads its body only when asked; an edited
 * file is read again.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadContent } from '../../../src/site/content/loader.js';
import { readNoteMemo, writeNoteMemo } from '../../../src/site/build/note-memo.js';

test('a load from the kept memo gives what a fresh load gives, bodies read on demand, edits read again', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-note-memo-'));
  try {
    const content = path.join(dir, 'content');
    const cache = path.join(dir, 'cache');
    mkdirSync(content);
    writeFileSync(path.join(content, 'a.md'), '---\ntitle: 甲\ndate: 2024-01-02 10:00:00\nupdated: 2024-02-03 11:00:00\ntags:\n  - 标签\ncategories: [模型, CNN]\n---\n\nBody $x$ of a.\n');
    writeFileSync(path.join(content, 'b.md'), 'no front matter here\n');
    writeFileSync(path.join(content, 'c.md'), '---\ntitle: [\n---\n');
    const opts = { timezone: 'Asia/Shanghai' };
    const fresh = loadContent(content, opts);

    const first = readNoteMemo(cache, content);
    loadContent(content, { ...opts, reuse: first });
    writeNoteMemo(cache, content, first);

    const kept = readNoteMemo(cache, content);
    assert.equal(kept.files.size, 3);
    const again = loadContent(content, { ...opts, reuse: kept });
    assert.deepEqual(again.messages, fresh.messages, 'messages replayed');
    assert.deepEqual(again.notes.map((n) => ({ ...n, meta: { ...n.meta } })), fresh.notes.map((n) => ({ ...n, meta: { ...n.meta } })));
    const a = again.notes.find((n) => n.rel === 'a.md')!;
    assert.ok(a.meta.date instanceof Date && a.meta.nameLines instanceof Map);
    assert.equal(a.body, fresh.notes.find((n) => n.rel === 'a.md')!.body, 'the body, read when asked');

    // Edited (new size and time): read again, not taken from the memo.
    writeFileSync(path.join(content, 'a.md'), '---\ntitle: 乙\ndate: 2024-01-02 10:00:00\n---\n\nNew body.\n');
    utimesSync(path.join(content, 'a.md'), new Date(), new Date(Date.now() + 5000));
    const edited = loadContent(content, { ...opts, reuse: kept });
    assert.equal(edited.notes.find((n) => n.rel === 'a.md')?.meta.title, '乙');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
