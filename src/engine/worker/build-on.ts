/** Builds a model from plain data synchronously, every model kind imported up front: for a page that mirrors the Worker. */
import { createCNN } from '../models/cnn.js';
import { createLSTM } from '../models/lstm.js';
import { createMLP } from '../models/mlp.js';
import type { Engine } from '../engine.js';
import { makeModel, specKind, type BuiltModel, type ModelFactory } from './build.js';
import type { ModelSpec } from './protocol.js';

const FACTORIES: Record<string, ModelFactory> = {
  mlp: createMLP as unknown as ModelFactory,
  cnn: createCNN as unknown as ModelFactory,
  lstm: createLSTM as unknown as ModelFactory,
};

/** Builds the model a spec describes on `backend` (a name or an engine), loading its weights when it has them. */
export function buildModelOn(spec: ModelSpec, backend: string | Engine): BuiltModel {
  const kind = specKind(spec);
  const create = FACTORIES[kind];
  if (!create) throw new Error(`worker: unknown model kind '${String(kind)}' (mlp, cnn or lstm)`);
  return makeModel(spec, backend, create);
}
