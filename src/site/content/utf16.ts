/**
 * Tells a UTF-16 text file from a binary one. Notepad's "Unicode" and some Windows editors save notes as UTF-16,
 * with or without a byte-order mark; every ASCII character then carries a NUL byte, so without this the note was
 * called binary and the writer never learned that re-saving it as UTF-8 is the fix.
 */

/** A UTF-16 file's byte order and whether it starts with a byte-order mark. */
export interface Utf16Kind {
  endian: 'little-endian' | 'big-endian';
  bom: boolean;
}

/** How much of the file the NUL-pattern test reads: enough for the front matter and some text. */
const SAMPLE = 8192;

/** `true` when the sample's code units read as text: no NUL, no C0 control but tab/LF/CR/FF, surrogates paired. */
function readsAsText(bytes: Uint8Array, littleEndian: boolean): boolean {
  const end = Math.min(bytes.length, SAMPLE) & ~1;
  let pendingHigh = false;
  for (let i = 0; i < end; i += 2) {
    const u = littleEndian ? (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) : ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
    if (pendingHigh) {
      if (u < 0xdc00 || u > 0xdfff) return false;
      pendingHigh = false;
      continue;
    }
    if (u >= 0xd800 && u <= 0xdbff) pendingHigh = true;
    else if (u >= 0xdc00 && u <= 0xdfff) return false;
    else if (u < 0x20 && u !== 0x09 && u !== 0x0a && u !== 0x0d && u !== 0x0c) return false;
  }
  return true;
}

/**
 * The file's UTF-16 kind, or `undefined` when it is not UTF-16: a byte-order mark (FF FE, FE FF), or else NUL bytes
 * on one side of the byte pairs only (ASCII in UTF-16) with the whole sample decoding to text characters.
 */
export function detectUtf16(bytes: Uint8Array): Utf16Kind | undefined {
  if (bytes.length < 2) return undefined;
  const [b0, b1] = [bytes[0], bytes[1]];
  // FF FE 00 00 is UTF-32's mark; such a file is not UTF-16 and stays "binary" (it has NULs) — rare enough.
  if (b0 === 0xff && b1 === 0xfe && !(bytes[2] === 0 && bytes[3] === 0)) return { endian: 'little-endian', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { endian: 'big-endian', bom: true };
  // A note without NUL bytes (every UTF-8 one) is settled by one native search.
  if (bytes.indexOf(0) < 0) return undefined;
  const end = Math.min(bytes.length, SAMPLE);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
  // A few ASCII characters (the front matter's `---`, newlines, Markdown marks) put NULs on one side of the pairs;
  // nearly all NULs must be there (the other side's are characters such as 一 U+4E00 or the low half of 😀). A
  // UTF-8 file with a stray NUL or two stays "binary"; the decode test rules out binary data.
  const enough = Math.min(16, end >> 2);
  if (oddNul >= enough && evenNul * 4 <= oddNul && readsAsText(bytes, true)) return { endian: 'little-endian', bom: false };
  if (evenNul >= enough && oddNul * 4 <= evenNul && readsAsText(bytes, false)) return { endian: 'big-endian', bom: false };
  return undefined;
}
