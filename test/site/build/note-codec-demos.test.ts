/**
 * The demo types a note uses survive the worker codec and the render cache's bytes: a page rendered on a worker,
 * or read from the cache, still gets the demos' loader.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeNoteHtml, encodeNoteHtml } from '../../../src/site/build/note-codec.js';
import { renderNote } from '../../helpers/render-note.js';

test('NoteHtml.demos comes back from the codec as the renderer wrote it', async () => {
  const rendered = await renderNote('---\ntitle: t\ndate: 2024-01-01\n---\n\n```demo\ntype: cnn\n```\n\n```demo\ntype: mlp\n```\n', 'd.md', 'en');
  assert.deepEqual(rendered.demos, ['cnn', 'mlp']);
  const back = decodeNoteHtml(encodeNoteHtml(rendered));
  assert.deepEqual(back.demos, ['cnn', 'mlp']);
  assert.equal(back.html, rendered.html);
  const plain = decodeNoteHtml(encodeNoteHtml(await renderNote('---\ntitle: t\ndate: 2024-01-01\n---\n\ntext\n', 'p.md', 'en')));
  assert.deepEqual(plain.demos, []);
});
