/**
 * From a demo config to what trains: the data set and the LSTM built for it. Without DOM, so the tests run it in
 * Node exactly as the page does.
 */
import type { Engine } from '../../engine/engine.js';
import { createLSTM, type LSTMModel, type LstmInspection } from '../../engine/models/lstm.js';
import type { OptimizerSpec } from '../../engine/optim/optimizers.js';
import type { LstmConfig } from './config.js';
import { argmax, oneHotRow, sineData, textData, type SineData, type TextData } from './sequences.js';

/** Windows per training batch: enough phases (or text offsets) that the model cannot memorise one window. */
export const WINDOWS = 8;

/** The data set a config asks for. */
export function dataFor(config: LstmConfig): SineData | TextData {
  return config.sequence === 'text'
    ? textData({ text: config.text, steps: config.steps, windows: WINDOWS })
    : sineData({ steps: config.steps, windows: WINDOWS, noise: config.noise, seed: config.seed });
}

/** A fresh model for `data` on `backend` (a registered name or an engine), seeded by the config. */
export function modelFor(config: LstmConfig, data: SineData | TextData, backend: string | Engine = 'reference'): LSTMModel {
  const features = data.kind === 'text' ? data.alphabet.length : 1;
  return createLSTM(
    { inputs: features, hidden: config.hidden, outputs: features, output: data.kind === 'text' ? 'softmax' : 'linear' },
    { backend, seed: config.seed, optimizer: { name: config.optimizer, lr: config.learningRate } as OptimizerSpec },
  );
}

/** Timesteps the demo predicts past the data: as many as it shows of the data, so the two halves compare. */
export function aheadFor(config: LstmConfig): number {
  return config.steps;
}

/** The shown sequence read by the model, continued {@link aheadFor} steps on its own (greedy for text). */
export function inspectShown(model: LSTMModel, config: LstmConfig, data: SineData | TextData): LstmInspection {
  const feed = data.kind === 'text' ? (y: Float32Array) => oneHotRow(argmax(y), y.length) : undefined;
  return model.inspect(data.shown, { ahead: aheadFor(config), ...(feed ? { feed } : {}) });
}

/** Text mode: the model's most likely next character at each timestep of an inspection. */
export function predictedChars(r: LstmInspection, alphabet: readonly string[]): string[] {
  const out: string[] = [];
  for (let t = 0; t < r.steps; t++) out.push(alphabet[argmax(r.y.subarray(t * r.outputs, (t + 1) * r.outputs))] ?? '?');
  return out;
}
