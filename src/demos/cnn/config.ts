/**
 * The MNIST CNN demo's options (pure: the build validates notes with it, the page reads `data-config` with it).
 * Defaults: the LeNet-style ConvNetJS MNIST net, starting from the shipped pre-trained weights.
 */
import type { ConfigOf, Schema } from '../options.js';

/** Options of ```` ```demo ```` blocks with `type: cnn`. */
export const cnnSchema = {
  net: { kind: 'enum', default: 'convnetjs', values: ['convnetjs', 'lenet5'], doc: 'architecture: ConvNetJS MNIST net or LeNet-5' },
  learningRate: { kind: 'number', default: 0.01, min: 0.00001, max: 1, doc: 'learning rate' },
  optimizer: { kind: 'enum', default: 'momentum', values: ['sgd', 'momentum', 'adam'], doc: 'optimizer' },
  batchSize: { kind: 'number', default: 20, min: 1, max: 256, integer: true, doc: 'examples per step' },
  pretrained: { kind: 'boolean', default: true, doc: 'start from the shipped weights so drawing works at once' },
  seed: { kind: 'number', default: 1, min: 0, max: 4294967295, integer: true, doc: 'seed of shuffling and weights' },
  caption: { kind: 'string', default: '', maxLength: 300, doc: 'caption under the demo' },
} as const satisfies Schema;

/** A complete CNN demo config. */
export type CnnConfig = ConfigOf<typeof cnnSchema>;
