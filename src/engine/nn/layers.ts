import type { Activation, Engine } from '../engine.js';
import { activation } from '../ops/activation.js';
import { dense } from '../ops/dense.js';
import type { Rng } from '../random.js';
import { Tensor, keep } from '../tensor.js';
import { type Layer, OpLayer, type Param, param } from './layer.js';
import { ShapeError } from './shape.js';

/** Fills a tensor with uniform values in ±limit (the layers' initialisers). */
export function uniformInit(t: Tensor, rng: Rng, limit: number): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-limit, limit);
  return t;
}

/**
 * Dense (fully connected) layer y = x·W + b, W stored [in, out]. Glorot-uniform init (limit √(6/(in+out))), which
 * suits the sigmoid and tanh nets of the notes; `initScale` multiplies it (ReLU nets like ~1.4).
 */
export class Dense extends OpLayer<{ where: string }> {
  /** Creates a layer of `inputs` → `units`. */
  constructor(name: string, engine: Engine, inputs: number, units: number, rng: Rng, initScale = 1) {
    if (!Number.isInteger(inputs) || inputs <= 0 || !Number.isInteger(units) || units <= 0) {
      throw new ShapeError(`${name}: dense sizes must be positive integers, got ${inputs} → ${units}`);
    }
    const w = uniformInit(Tensor.zeros([inputs, units]), rng, initScale * Math.sqrt(6 / (inputs + units)));
    super(name, engine, dense, { where: name }, [inputs], [param(`${name}.w`, w), param(`${name}.b`, keep(Tensor.zeros([units])))]);
  }
}

/** Elementwise activation layer. */
export class ActivationLayer extends OpLayer<{ where: string }> {
  /** Creates a `kind` activation over inputs of `shape`. */
  constructor(name: string, engine: Engine, readonly kind: Activation, shape: readonly number[]) {
    super(name, engine, activation(kind), { where: name }, shape, []);
  }
}
