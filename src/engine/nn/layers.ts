import type { Activation, Engine } from '../engine.js';
import { activation } from '../ops/activation.js';
import { conv2d } from '../ops/conv2d.js';
import { maxPool2d } from '../ops/conv2d.js';
import { dense } from '../ops/dense.js';
import type { Rng } from '../random.js';
import { Tensor, keep } from '../tensor.js';
import { type Layer, OpLayer, type Param, param } from './layer.js';
import { chwSize, ShapeError } from './shape.js';

/** Fills a tensor with uniform values in ±limit. */
function uniformInit(t: Tensor, rng: Rng, limit: number): Tensor {
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

/** Options of a {@link Conv2d} layer. */
export interface Conv2dOptions {
  filters: number;
  kernel: number;
  stride?: number;
  padding?: number;
}

/** 2-D convolution layer over C×H×W inputs; He-uniform init (limit √(6/fanIn)). */
export class Conv2d extends OpLayer<{ stride: number; pad: number; where: string }> {
  /** Creates the layer; throws a ShapeError naming it when N = (W − F + 2P)/S + 1 is not a whole number. */
  constructor(name: string, engine: Engine, inShape: readonly [number, number, number], o: Conv2dOptions, rng: Rng) {
    const [c] = inShape;
    const fanIn = c * o.kernel * o.kernel;
    if (!Number.isInteger(o.filters) || o.filters <= 0) throw new ShapeError(`${name}: filters must be a positive integer, got ${o.filters}`);
    if (!Number.isInteger(o.kernel) || o.kernel <= 0) throw new ShapeError(`${name}: kernel must be a positive integer, got ${o.kernel}`);
    const w = uniformInit(keep(Tensor.zeros([o.filters, c, o.kernel, o.kernel])), rng, Math.sqrt(6 / fanIn));
    super(name, engine, conv2d, { stride: o.stride ?? 1, pad: o.padding ?? 0, where: name }, inShape, [
      param(`${name}.w`, w),
      param(`${name}.b`, keep(Tensor.zeros([o.filters]))),
    ]);
  }
}

/** Max-pooling layer; stride defaults to the window size. */
export class MaxPool2d extends OpLayer<{ kernel: number; stride: number; pad: number; where: string }> {
  /** Creates the layer over C×H×W inputs. */
  constructor(name: string, engine: Engine, inShape: readonly [number, number, number], kernel: number, stride = kernel, padding = 0) {
    super(name, engine, maxPool2d, { kernel, stride, pad: padding, where: name }, inShape, []);
  }
}

/** Flatten C×H×W (or any shape) to a vector: a reshape, no copy (NCHW rows are already contiguous per example). */
export class Flatten implements Layer {
  /** Per-example output shape: one vector of chwSize values. */
  readonly outShape: readonly number[];

  /** Creates the layer for inputs of `inShape`. */
  constructor(
    readonly name: string,
    readonly inShape: readonly number[],
  ) {
    const size = inShape.length === 3 ? chwSize({ channels: inShape[0]!, height: inShape[1]!, width: inShape[2]! }) : inShape.reduce((a, b) => a * b, 1);
    this.outShape = [size];
  }
  /** No parameters. */
  params(): Param[] {
    return [];
  }
  /** Reshape to [N, size]. */
  forward(x: Tensor): Tensor {
    return x.reshape([x.shape[0]!, this.outShape[0]!]);
  }
  /** Reshape the gradient back. */
  backward(dy: Tensor, needDx: boolean): Tensor | null {
    return needDx ? dy.reshape([dy.shape[0]!, ...this.inShape]) : null;
  }
}
