/**
 * A note saved as UTF-16 (Notepad's "Unicode", with or without a byte-order mark) is not "binary": the loader says
 * it is UTF-16 and to re-save it as UTF-8, at the file; real binary files with a `.md` name are still called binary,
 * and the other notes still load (issue 11).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadContent } from '../../../src/site/content/loader.js';
import { detectUtf16 } from '../../../src/site/content/utf16.js';

const note = '---\ntitle: 卷积网络\ndate: 2024-03-01\n---\n\n卷积层共享权重 😀，见 $W * x$。\n';

/** `text` as UTF-16 bytes in the given byte order, with or without the byte-order mark. */
function utf16(text: string, littleEndian: boolean, bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return littleEndian ? le : le.swap16();
}

test('UTF-16 notes, either byte order, with or without a BOM, are told to be re-saved as UTF-8', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-utf16-'));
  writeFileSync(path.join(dir, 'le-bom.md'), utf16(note, true, true));
  writeFileSync(path.join(dir, 'be-bom.md'), utf16(note, false, true));
  writeFileSync(path.join(dir, 'le.md'), utf16(note, true, false));
  writeFileSync(path.join(dir, 'be.md'), utf16(note, false, false));
  writeFileSync(path.join(dir, 'good.md'), note);
  // A PNG header and some pixel bytes: NULs, but not on one side of the byte pairs only.
  writeFileSync(path.join(dir, 'picture.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 0, 0x80, 8, 6]));
  const loaded = loadContent(dir, { timezone: 'UTC' });
  const said = loaded.messages.map((m) => `${path.basename(m.file)}:${m.line}:${m.column} ${m.severity} ${m.rule} ${m.message}`).sort();
  assert.deepEqual(said, [
    'be-bom.md:1:1 error encoding the file is UTF-16 (big-endian, with a byte-order mark); re-save it as UTF-8 (in the editor\'s "Save with encoding", or `iconv -f UTF-16 -t UTF-8 in.md > out.md`)',
    'be.md:1:1 error encoding the file is UTF-16 (big-endian); re-save it as UTF-8 (in the editor\'s "Save with encoding", or `iconv -f UTF-16BE -t UTF-8 in.md > out.md`)',
    'le-bom.md:1:1 error encoding the file is UTF-16 (little-endian, with a byte-order mark); re-save it as UTF-8 (in the editor\'s "Save with encoding", or `iconv -f UTF-16 -t UTF-8 in.md > out.md`)',
    'le.md:1:1 error encoding the file is UTF-16 (little-endian); re-save it as UTF-8 (in the editor\'s "Save with encoding", or `iconv -f UTF-16LE -t UTF-8 in.md > out.md`)',
    'picture.md:3:1 error binary-file this is a binary file with a markdown name (a NUL byte here); rename it or remove it from the content folder',
  ]);
  assert.deepEqual(loaded.notes.map((n) => n.meta.title), ['卷积网络'], 'the UTF-8 note still loads');
});

test('UTF-8 text, and 16-bit numbers with NULs on one side, are not taken for UTF-16', () => {
  assert.equal(detectUtf16(Buffer.from(note)), undefined);
  assert.equal(detectUtf16(Buffer.from('\ufeff' + note)), undefined, 'a UTF-8 BOM is UTF-8');
  assert.equal(detectUtf16(Buffer.from('---\ntitle: x\n---\nstray \0 byte\n')), undefined, 'a stray NUL stays binary');
  // Little-endian 16-bit integers (a sample table): NULs at odd places, but control characters as text.
  const ints = Buffer.alloc(64);
  for (let i = 0; i < 32; i++) ints.writeUInt16LE(i, i * 2);
  assert.equal(detectUtf16(ints), undefined);
  // Mostly Chinese prose (few ASCII characters) without a BOM is still recognised.
  const prose = '---\ntitle: 长文\n---\n' + '卷积层共享权重，池化层降采样。'.repeat(300);
  assert.deepEqual(detectUtf16(utf16(prose, true, false)), { endian: 'little-endian', bom: false });
  assert.deepEqual(detectUtf16(utf16(prose, false, false)), { endian: 'big-endian', bom: false });
});
