/**
 * The MLP playground's options (pure: the build validates notes with it, the page reads `data-config` with it).
 * Defaults make `type: mlp` alone a working demo: the note's 2-layer sigmoid network on two circles.
 */
import type { ConfigOf, Schema } from '../options.js';

/** Options of ```` ```demo ```` blocks with `type: mlp`. */
export const mlpSchema = {
  dataset: { kind: 'enum', default: 'circle', values: ['circle', 'xor', 'gauss', 'spiral', 'custom'], doc: '2-D data set; custom starts empty, the reader places points' },
  hidden: { kind: 'integers', default: [4, 4], min: 1, max: 16, minItems: 0, maxItems: 6, doc: 'neurons per hidden layer' },
  activation: { kind: 'enum', default: 'sigmoid', values: ['sigmoid', 'tanh', 'relu'], doc: 'hidden activation' },
  learningRate: { kind: 'number', default: 0.03, min: 0.00001, max: 10, doc: 'learning rate' },
  optimizer: { kind: 'enum', default: 'adam', values: ['sgd', 'momentum', 'adam'], doc: 'optimizer' },
  batchSize: { kind: 'number', default: 10, min: 1, max: 500, integer: true, doc: 'examples per step' },
  noise: { kind: 'number', default: 0.1, min: 0, max: 0.5, doc: 'label noise of the generated points' },
  trainRatio: { kind: 'number', default: 0.5, min: 0.1, max: 0.9, doc: 'share of points used for training' },
  points: { kind: 'number', default: 400, min: 20, max: 2000, integer: true, doc: 'number of generated points' },
  seed: { kind: 'number', default: 1, min: 0, max: 4294967295, integer: true, doc: 'seed of data and weights' },
  stopAfter: { kind: 'number', default: 0, min: 0, max: 1000000, integer: true, doc: 'pause by itself after this many steps (0: train until paused)' },
  caption: { kind: 'string', default: '', maxLength: 300, doc: 'caption under the demo' },
} as const satisfies Schema;

/** A complete MLP playground config. */
export type MlpConfig = ConfigOf<typeof mlpSchema>;
