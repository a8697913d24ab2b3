/**
 * The convolutional layers (convolution, max pooling, flatten), apart from the dense ones in `layers.ts` so that a
 * bundle with only an MLP or an LSTM leaves them and their ops out.
 */
import type { Engine } from '../engine.js';
import { conv2d, maxPool2d } from '../ops/conv2d.js';
import type { Rng } from '../random.js';
import { Tensor, keep } from '../tensor.js';
import { type Layer, OpLayer, type Param, param } from './layer.js';
import { uniformInit } from './layers.js';
import { chwSize, ShapeError } from './shape.js';

/** Options of {@link Conv2d}. */
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
