/**
 * Builds a model from plain data (a {@link ModelSpec}) in the training Worker. Each model kind's code is imported
 * when a spec asks for it, so a Worker training an MLP does not fetch the CNN's convolutions or the LSTM.
 * `build-on.ts` builds synchronously (every kind imported up front), for a page that mirrors the Worker.
 */
import { Batcher } from '../data.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { Batch, BatchSource, TrainableModel } from '../train.js';
import { Engine } from '../engine.js';
import { createBackendAsync } from '../backend/registry.js';
import type { ModelOptions } from '../models/common.js';
import type { WeightsJson } from '../nn/serialize.js';
import type { DataSpec, ModelSpec } from './protocol.js';

/** A model built from a spec: trainable, savable. */
export type BuiltModel = TrainableModel & { save(): WeightsJson; saveAsync(): Promise<WeightsJson>; load(w: WeightsJson): void; engine: Engine };

/** A model kind's factory (`createMLP`, `createCNN`, `createLSTM`), as {@link makeModel} calls it. */
export type ModelFactory = (config: never, options: ModelOptions) => BuiltModel;

/** The kind a spec describes (from its saved weights when it has them). */
export function specKind(spec: ModelSpec): string {
  return 'weights' in spec ? spec.weights.kind : spec.kind;
}

/** Builds the model `spec` describes with `create` on `backend`, loading its weights when it has them. */
export function makeModel(spec: ModelSpec, backend: string | Engine, create: ModelFactory): BuiltModel {
  const options = { backend, seed: spec.seed ?? 1, ...(spec.optimizer ? { optimizer: spec.optimizer } : {}) };
  const config = 'weights' in spec ? spec.weights.config : spec.config;
  const model = create(config as never, options);
  if ('weights' in spec) model.load(spec.weights);
  return model;
}

/** Imports the factory of a model kind; rejects naming the kinds there are. */
export async function modelFactory(kind: string): Promise<ModelFactory> {
  if (kind === 'mlp') return (await import('../models/mlp.js')).createMLP as unknown as ModelFactory;
  if (kind === 'cnn') return (await import('../models/cnn.js')).createCNN as unknown as ModelFactory;
  if (kind === 'lstm') return (await import('../models/lstm.js')).createLSTM as unknown as ModelFactory;
  throw new Error(`worker: unknown model kind '${String(kind)}' (mlp, cnn or lstm)`);
}

/**
 * Builds the model a spec describes. Backends other than `reference` need gpu.js, which is imported only then, so
 * a CPU-only Worker bundle can leave it out. `backend: 'auto'` runs {@link selectBackend} here (in the Worker, so
 * the compiles and timed steps never touch the page thread) on one batch of `data`.
 */
export async function buildModel(spec: ModelSpec, data?: BatchSource): Promise<BuiltModel> {
  const create = await modelFactory(specKind(spec));
  const backend = spec.backend ?? 'reference';
  if (backend === 'reference') return makeModel(spec, backend, create);
  await import('../backend/gpu/register.js');
  // createBackendAsync: gpu.js-webgpu starts only asynchronously (it awaits an adapter).
  if (backend !== 'auto') return makeModel(spec, new Engine(await createBackendAsync(backend)), create);
  if (!data) throw new Error("worker: backend 'auto' needs the data to time a step on");
  const { selectBackend } = await import('../select.js');
  const b = typeof data === 'function' ? data(0) : 'next' in data && typeof data.next === 'function' ? data.next() : (data as Batch);
  const choice = await selectBackend({ build: (engine) => makeModel(spec, engine, create), step: (m) => (m.engine.queued ? m.trainStep!(b.x, b.y) : m.trainBatch(b.x, b.y)) });
  return choice.model;
}

/** Turns a {@link DataSpec} into the batches `train` reads. */
export function batchSource(d: DataSpec): BatchSource {
  const x = new Tensor(d.x.data, d.x.shape);
  const y = new Tensor(d.y.data, d.y.shape);
  return d.batchSize ? new Batcher(x, y, d.batchSize, new Rng(d.seed ?? 1)) : { x, y };
}
