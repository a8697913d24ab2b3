/** The note codec gives back exactly what it was given, and refuses bytes it did not write. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NoteHtml } from '../../../src/site/markdown/processor.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeNoteFile, decodeNoteHtml, encodeNoteHtml, htmlDigest, noteFragments, withBodyPieces } from '../../../src/site/build/note-codec.js';
import { htmlPieces } from '../../../src/site/render/html.js';

const note: NoteHtml = {
  html: '<p>梯度 "消失" 与 𝔼[x] 😀\n第二行</p>\n<span class="katex">…</span>',
  moreHtml: undefined,
  firstParagraphHtml: '<p>梯度 "消失"</p>',
  moreThanFirstParagraph: true,
  excerptHasMath: true,
  toc: [{ depth: 2, id: '反向传播', text: '反向传播' }] as NoteHtml['toc'],
  math: { inline: 3, display: 1, errors: 0 },
  diagrams: [{ kind: 'nn', ms: 1.25, cached: false }],
  assets: ['图/a b.png'],
  wordCount: 12,
  readingMinutes: 1,
  text: '梯度 消失\n与 😀',
  messages: [{ file: 'a.md', line: 3, column: 5, severity: 'warning', rule: 'katex-parse', message: 'bad \\frac' }] as NoteHtml['messages'],
};

/** Decodes and sets the pieces aside (checking they join to the HTML), for comparing with the input. */
function roundTrip(n: NoteHtml, parts?: string[]): NoteHtml {
  const decoded = decodeNoteHtml(encodeNoteHtml(n, parts));
  // Read before any text field is, so that reading them cannot be what made the pieces.
  const fragments = noteFragments(decoded);
  const htmlParts = htmlPieces(fragments.body);
  const back = { ...decoded };
  // The excerpts come back as UTF-8 views too, decoded only when read.
  for (const [html, textOf] of [[fragments.more, back.moreHtml], [fragments.first, back.firstParagraphHtml]] as const) {
    assert.equal(html === undefined, textOf === undefined);
    if (html) {
      assert.ok(htmlPieces(html).every((p) => p instanceof Uint8Array), 'an excerpt stays bytes');
      assert.equal(String(html), textOf);
    }
  }
  // The body comes back as UTF-8 views, never decoded unless read.
  const texts = htmlParts.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8')));
  assert.ok(htmlParts.every((p) => p instanceof Uint8Array), 'the body stays bytes');
  assert.equal(texts.join(''), back.html, 'the pieces join to the HTML');
  if (parts) assert.deepEqual(texts, parts, 'the same pieces come back');
  return back;
}

test('a rendered note survives encoding, including undefined fields, newlines, quotes and astral characters', () => {
  assert.deepEqual(roundTrip(note), note);
  const empty: NoteHtml = { ...note, html: '', moreHtml: '', firstParagraphHtml: undefined, text: '' };
  assert.deepEqual(roundTrip(empty), empty);
});

test('HTML given as pieces comes back whole', () => {
  const parts = ['<h2 id="a">一</h2>', '\n', '<p>😀 "x"</p>', '', '\n'];
  const back = roundTrip({ ...note, html: parts.join('') }, parts);
  assert.deepEqual(back, { ...note, html: parts.join('') });
  // Pieces kept for the note are used when none are passed, and are never stored in the header.
  const kept = decodeNoteHtml(encodeNoteHtml(withBodyPieces({ ...note, html: parts.join('') }, parts)));
  assert.deepEqual(htmlPieces(noteFragments(kept).body).map((p) => Buffer.from(p).toString('utf8')), parts);
  assert.deepEqual({ ...kept }, { ...note, html: parts.join('') });
});

test('a decoded body re-encodes to the same bytes (a cached note handed on as it is)', () => {
  const bytes = encodeNoteHtml(note, ['<p>a</p>', '\n', '<p>ü</p>']);
  const again = decodeNoteHtml(bytes);
  assert.deepEqual(encodeNoteHtml(again), bytes);
});

test('bytes that are not an encoded note are refused, not misread', () => {
  assert.throws(() => decodeNoteHtml(new TextEncoder().encode('{"html":"<p>x</p>"}')), /no header line/);
  assert.throws(() => decodeNoteHtml(new TextEncoder().encode('{"lengths":[1]}\nx')), /bad header/);
  const bytes = encodeNoteHtml(note);
  assert.throws(() => decodeNoteHtml(bytes.subarray(0, bytes.length - 3)), /lengths do not add up/);
});

test('a cache file decodes to the same note with its body read only when asked for', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-codec-'));
  try {
    const file = path.join(dir, 'a.note');
    const parts = ['<h2 id="a">一</h2>', '\n', '<p>😀 "x"</p>'];
    // A header longer than the first read, too: the file is read on until its end.
    const long = { ...note, html: parts.join(''), toc: Array.from({ length: 400 }, (_, i) => ({ depth: 2, id: `节-${i}`, text: `第 ${i} 节` })) as NoteHtml['toc'] };
    for (const n of [note, long]) {
      const bytes = encodeNoteHtml(n, n === long ? parts : undefined);
      writeFileSync(file, bytes);
      const lazy = decodeNoteFile(file);
      const eager = decodeNoteHtml(bytes);
      assert.deepEqual({ ...lazy }, { ...eager });
      assert.equal(htmlDigest(lazy), htmlDigest(eager));
      assert.deepEqual(encodeNoteHtml(decodeNoteFile(file)), bytes, 'it re-encodes to the same bytes');
    }
    // The body is read when first asked for: a file replaced in between is refused, not misread.
    const bytes = encodeNoteHtml(note);
    writeFileSync(file, bytes);
    const lazy = decodeNoteFile(file);
    const { body } = noteFragments(lazy);
    assert.equal(htmlDigest(lazy), htmlDigest(decodeNoteHtml(bytes)), 'the digest comes from the header');
    writeFileSync(file, encodeNoteHtml({ ...note, html: note.html + '<p>more</p>' }));
    assert.throws(() => String(body), /render cache entry .*a\.note changed while danlu was building from it .*build again/);
    rmSync(file);
    assert.throws(() => decodeNoteFile(file), /ENOENT/);
    // A torn entry (a worker stopped while writing it) is refused at once, so the note renders again.
    writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    assert.throws(() => decodeNoteFile(file), /lengths do not add up/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
