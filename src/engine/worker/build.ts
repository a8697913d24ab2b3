/** Builds a model from plain data (a {@link ModelSpec}), for the Worker and for a page that mirrors it. */
import { Batcher } from '../data.js';
import { createCNN, type CNNConfig } from '../models/cnn.js';
import { createLSTM, type LSTMConfig } from '../models/lstm.js';
import { createMLP, type MLPConfig } from '../models/mlp.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { BatchSource, TrainableModel } from '../train.js';
import type { WeightsJson } from '../nn/serialize.js';
import type { DataSpec, ModelSpec } from './protocol.js';

/** A model built from a spec: trainable, savable. */
export type BuiltModel = TrainableModel & { save(): WeightsJson; load(w: WeightsJson): void; engine: { report(): { backend: string; executed: string } } };

/**
 * Builds the model a spec describes (and loads its weights when the spec is a `save()`). Backends other than
 * `reference` need gpu.js, which is imported only then, so a CPU-only Worker bundle can leave it out.
 */
export async function buildModel(spec: ModelSpec): Promise<BuiltModel> {
  const backend = spec.backend ?? 'reference';
  if (backend !== 'reference') await import('../backend/gpu/register.js');
  const options = { backend, seed: spec.seed ?? 1, ...(spec.optimizer ? { optimizer: spec.optimizer } : {}) };
  const kind = 'weights' in spec ? spec.weights.kind : spec.kind;
  const config = 'weights' in spec ? spec.weights.config : spec.config;
  let model: BuiltModel;
  if (kind === 'mlp') model = createMLP(config as MLPConfig, options);
  else if (kind === 'cnn') model = createCNN(config as CNNConfig, options);
  else if (kind === 'lstm') model = createLSTM(config as LSTMConfig, options);
  else throw new Error(`worker: unknown model kind '${String(kind)}' (mlp, cnn or lstm)`);
  if ('weights' in spec) model.load(spec.weights);
  return model;
}

/** Turns a {@link DataSpec} into the batches `train` reads. */
export function batchSource(d: DataSpec): BatchSource {
  const x = new Tensor(d.x.data, d.x.shape);
  const y = new Tensor(d.y.data, d.y.shape);
  return d.batchSize ? new Batcher(x, y, d.batchSize, new Rng(d.seed ?? 1)) : { x, y };
}
