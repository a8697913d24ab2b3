import type { Backend } from '../backend/types.js';
import { Engine } from '../engine.js';
import { createOptimizer, type Optimizer, type OptimizerSpec } from '../optim/optimizers.js';
import { Rng } from '../random.js';

/** Options shared by every model factory. */
export interface ModelOptions {
  /** A registered backend name (default `reference`), a backend, or a ready engine to share between models. */
  backend?: string | Backend | Engine;
  /** Seed for weight init (default 1): same seed, same network, on every backend. */
  seed?: number;
  /** Optimizer (default Adam with lr 0.01 for small demos). */
  optimizer?: OptimizerSpec | Optimizer;
  /** Let kernels missing on the backend run on the reference backend (reported by `engine.report()`). */
  fallback?: boolean;
}

/** Resolves the engine, seeded rng and optimizer of a model. */
export function resolve(o: ModelOptions): { engine: Engine; rng: Rng; optimizer: Optimizer } {
  const engine = o.backend instanceof Engine ? o.backend : new Engine(o.backend ?? 'reference', { fallback: o.fallback ?? false });
  return { engine, rng: new Rng(o.seed ?? 1), optimizer: createOptimizer(o.optimizer ?? { name: 'adam', lr: 0.01 }) };
}
