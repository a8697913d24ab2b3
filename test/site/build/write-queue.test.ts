/** The write queue writes bytes and chunked pages exactly, however many chunks, and reports failures at drain. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeQueue } from '../../../src/site/build/write-queue.js';

test('chunks are written in order, past the system limit of one writev (IOV_MAX 1024)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-writes-'));
  const q = writeQueue(2);
  const chunks = Array.from({ length: 3000 }, (_, i) => Buffer.from(`<p>第${i}段</p>`));
  await q.write(path.join(dir, 'many.html'), chunks);
  await q.write(path.join(dir, 'one.html'), Buffer.from('一页'));
  await q.write(path.join(dir, 'empty.html'), []);
  await q.drain();
  assert.deepEqual(readFileSync(path.join(dir, 'many.html')), Buffer.concat(chunks));
  assert.equal(readFileSync(path.join(dir, 'one.html'), 'utf8'), '一页');
  assert.equal(readFileSync(path.join(dir, 'empty.html')).length, 0);
});

test('a failed write is reported by drain, not lost', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-writes-'));
  const q = writeQueue();
  await q.write(path.join(dir, 'no-such-folder', 'a.html'), [Buffer.from('x')]);
  await assert.rejects(q.drain(), /ENOENT/);
});
