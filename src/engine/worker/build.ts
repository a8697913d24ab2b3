/** Builds a model from plain data (a {@link ModelSpec}), for the Worker and for a page that mirrors it. */
import { Batcher } from '../data.js';
import { createCNN, type CNNConfig } from '../models/cnn.js';
import { createLSTM, type LSTMConfig } from '../models/lstm.js';
import { createMLP, type MLPConfig } from '../models/mlp.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { Batch, BatchSource, TrainableModel } from '../train.js';
import { Engine } from '../engine.js';
import { createBackendAsync } from '../backend/registry.js';
import type { WeightsJson } from '../nn/serialize.js';
import type { DataSpec, ModelSpec } from './protocol.js';

/** A model built from a spec: trainable, savable. */
export type BuiltModel = TrainableModel & { save(): WeightsJson; saveAsync(): Promise<WeightsJson>; load(w: WeightsJson): void; engine: Engine };

/** Builds the model a spec describes on `backend` (a name or an engine), loading its weights when it has them. */
export function buildModelOn(spec: ModelSpec, backend: string | Engine): BuiltModel {
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

/**
 * Builds the model a spec describes. Backends other than `reference` need gpu.js, which is imported only then, so
 * a CPU-only Worker bundle can leave it out. `backend: 'auto'` runs {@link selectBackend} here (in the Worker, so
 * the compiles and timed steps never touch the page thread) on one batch of `data`.
 */
export async function buildModel(spec: ModelSpec, data?: BatchSource): Promise<BuiltModel> {
  const backend = spec.backend ?? 'reference';
  if (backend === 'reference') return buildModelOn(spec, backend);
  await import('../backend/gpu/register.js');
  // createBackendAsync: gpu.js-webgpu starts only asynchronously (it awaits an adapter).
  if (backend !== 'auto') return buildModelOn(spec, new Engine(await createBackendAsync(backend)));
  if (!data) throw new Error("worker: backend 'auto' needs the data to time a step on");
  const { selectBackend } = await import('../select.js');
  const b = typeof data === 'function' ? data(0) : 'next' in data && typeof data.next === 'function' ? data.next() : (data as Batch);
  const choice = await selectBackend({ build: (engine) => buildModelOn(spec, engine), step: (m) => (m.engine.queued ? m.trainStep!(b.x, b.y) : m.trainBatch(b.x, b.y)) });
  return choice.model;
}

/** Turns a {@link DataSpec} into the batches `train` reads. */
export function batchSource(d: DataSpec): BatchSource {
  const x = new Tensor(d.x.data, d.x.shape);
  const y = new Tensor(d.y.data, d.y.shape);
  return d.batchSize ? new Batcher(x, y, d.batchSize, new Rng(d.seed ?? 1)) : { x, y };
}
