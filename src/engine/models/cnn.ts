import type { Activation } from '../engine.js';
import { ActivationLayer, Conv2d, Dense, Flatten, MaxPool2d } from '../nn/layers.js';
import type { Layer } from '../nn/layer.js';
import { Sequential } from '../nn/sequential.js';
import { ShapeError } from '../nn/shape.js';
import { type ModelOptions, resolve } from './common.js';

/** One stage of a CNN. */
export type CnnLayerSpec =
  | { type: 'conv'; filters: number; kernel: number; stride?: number; padding?: number; activation?: Activation }
  | { type: 'pool'; kernel: number; stride?: number }
  | { type: 'dense'; units: number; activation?: Activation };

/** Architecture of a convolutional classifier: C×H×W input, stages, then a softmax over `classes`. */
export interface CNNConfig {
  input: [channels: number, height: number, width: number];
  layers: CnnLayerSpec[];
  classes: number;
}

/**
 * A convolutional classifier trained with softmax cross-entropy. Every stage's output size comes from
 * `nn/shape.ts`, so a bad stride/padding throws a ShapeError naming the layer (`conv2: N = (12 − 5 + 2·0)/2 + 1 …`).
 */
export class CNN extends Sequential {
  /** Use {@link createCNN}, {@link convNetJsDemo} or {@link leNet5}. */
  constructor(config: CNNConfig, options: ModelOptions = {}) {
    const { engine, rng, optimizer } = resolve(options);
    const layers: Layer[] = [];
    let shape: number[] = [...config.input];
    let conv = 0, pool = 0, dense = 0;
    for (const spec of config.layers) {
      let l: Layer;
      if (spec.type === 'conv') {
        if (shape.length !== 3) throw new ShapeError(`conv${conv + 1}: a convolution cannot follow a dense layer`);
        l = new Conv2d(`conv${++conv}`, engine, shape as [number, number, number], spec, rng);
      } else if (spec.type === 'pool') {
        if (shape.length !== 3) throw new ShapeError(`pool${pool + 1}: pooling cannot follow a dense layer`);
        l = new MaxPool2d(`pool${++pool}`, engine, shape as [number, number, number], spec.kernel, spec.stride ?? spec.kernel);
      } else {
        if (shape.length !== 1) {
          layers.push(new Flatten('flatten', shape));
          shape = [shape.reduce((a, b) => a * b, 1)];
        }
        l = new Dense(`dense${++dense}`, engine, shape[0]!, spec.units, rng, spec.activation === 'relu' ? Math.SQRT2 : 1);
      }
      layers.push(l);
      shape = [...l.outShape];
      const act = spec.type === 'pool' ? undefined : spec.activation;
      if (act) layers.push(new ActivationLayer(`${act}${layers.length}`, engine, act, shape));
    }
    if (shape.length !== 1) {
      layers.push(new Flatten('flatten', shape));
      shape = [shape.reduce((a, b) => a * b, 1)];
    }
    layers.push(new Dense(`dense${++dense}`, engine, shape[0]!, config.classes, rng));
    super('cnn', config, engine, layers, 'softmax-cross-entropy', optimizer);
  }
}

/** Creates a CNN from a config. */
export function createCNN(config: CNNConfig, options: ModelOptions = {}): CNN {
  return new CNN(config, options);
}

/**
 * ConvNetJS's MNIST demo net: conv 5×5×8 (ReLU) → pool 2 → conv 5×5×16 (ReLU) → pool 3 → softmax 10.
 * On 24×24 crops (ConvNetJS's input) both convolutions pad 2; on full 28×28 digits the first convolution is
 * unpadded (28 → 24) so every later size, and the parameter count, is the same.
 */
export function convNetJsDemo(input: 24 | 28 = 24, options: ModelOptions = {}): CNN {
  return createCNN(
    {
      input: [1, input, input],
      layers: [
        { type: 'conv', filters: 8, kernel: 5, padding: input === 24 ? 2 : 0, activation: 'relu' },
        { type: 'pool', kernel: 2 },
        { type: 'conv', filters: 16, kernel: 5, padding: 2, activation: 'relu' },
        { type: 'pool', kernel: 3 },
      ],
      classes: 10,
    },
    options,
  );
}

/** A LeNet-5-style net for 28×28 digits: conv5×5×6 (pad 2) → pool2 → conv5×5×16 → pool2 → 120 → 84 → 10, ReLU. */
export function leNet5(options: ModelOptions = {}): CNN {
  return createCNN(
    {
      input: [1, 28, 28],
      layers: [
        { type: 'conv', filters: 6, kernel: 5, padding: 2, activation: 'relu' },
        { type: 'pool', kernel: 2 },
        { type: 'conv', filters: 16, kernel: 5, activation: 'relu' },
        { type: 'pool', kernel: 2 },
        { type: 'dense', units: 120, activation: 'relu' },
        { type: 'dense', units: 84, activation: 'relu' },
      ],
      classes: 10,
    },
    options,
  );
}
