/**
 * The LSTM demo's options (pure: the build validates notes with it, the page reads `data-config` with it).
 * Defaults: a 20-unit LSTM learning a noisy sine and predicting ahead of it.
 */
import type { ConfigOf, Schema } from '../options.js';

/** Options of ```` ```demo ```` blocks with `type: lstm`. */
export const lstmSchema = {
  sequence: { kind: 'enum', default: 'sine', values: ['sine', 'text'], doc: 'what it learns: a noisy sine, or the characters of `text`' },
  text: { kind: 'string', default: 'hello world ', maxLength: 200, doc: 'the text to learn when sequence is text' },
  hidden: { kind: 'number', default: 20, min: 1, max: 128, integer: true, doc: 'hidden units' },
  steps: { kind: 'number', default: 30, min: 4, max: 200, integer: true, doc: 'timesteps per training sequence' },
  learningRate: { kind: 'number', default: 0.01, min: 0.00001, max: 1, doc: 'learning rate' },
  optimizer: { kind: 'enum', default: 'adam', values: ['sgd', 'momentum', 'adam'], doc: 'optimizer' },
  noise: { kind: 'number', default: 0.05, min: 0, max: 0.5, doc: 'noise added to the sine' },
  seed: { kind: 'number', default: 1, min: 0, max: 4294967295, integer: true, doc: 'seed of data and weights' },
  caption: { kind: 'string', default: '', maxLength: 300, doc: 'caption under the demo' },
} as const satisfies Schema;

/** A complete LSTM demo config. */
export type LstmConfig = ConfigOf<typeof lstmSchema>;
