import '../backend/cpu/conv-kernels.js';
import type { Activation } from '../engine.js';
import { Conv2d, Flatten, MaxPool2d } from '../nn/conv-layers.js';
import { ActivationLayer, Dense } from '../nn/layers.js';
import type { Layer } from '../nn/layer.js';
import { Sequential } from '../nn/sequential.js';
import { conv2dOutputShape, pool2dOutputShape, ShapeError } from '../nn/shape.js';
import { Tensor } from '../tensor.js';
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
    this.cnnConfig = config;
  }

  private readonly cnnConfig: CNNConfig;
  /** An untrained copy on the same engine that inference runs on (see {@link inference}). */
  private twin: CNN | undefined;

  /**
   * The model that {@link predict} and {@link featureMaps} run: a second CNN of the same config on the same
   * engine, holding a copy of this model's current weights. Why not this model: every layer keeps buffers sized to
   * the last batch and the last forward pass, so a one-digit pass between training steps would reallocate them all
   * and replace the activations a backward pass reads. The copy is ~6 k floats for the demo net.
   */
  private inference(): CNN {
    // On a queued engine (webgpu) nothing is read synchronously: the copy runs on the reference backend, from the
    // host copies of the weights that `readWeights()` brought up to date.
    this.twin ??= new CNN(this.cnnConfig, { backend: this.engine.queued ? 'reference' : this.engine, optimizer: { name: 'sgd', lr: 0 } });
    const mine = this.params();
    const theirs = this.twin.params();
    for (let i = 0; i < mine.length; i++) theirs[i]!.value.data.set(mine[i]!.value.dataSync());
    return this.twin;
  }

  /** Class probabilities [N, classes] for x [N, C, H, W] (or one example's C·H·W values); never touches training state. */
  override predict(x: Tensor | Float32Array): Tensor {
    const twin = this.inference();
    return Sequential.prototype.predict.call(twin, this.asBatch(x));
  }

  /**
   * What each layer makes of one example, for drawing: the input, then every layer's output (convolutions,
   * activations, pools, dense layers; not the flatten, which is a reshape) and last the softmax probabilities.
   * Shapes are per example ([C, H, W] or [units]); data are copies. Runs on the inference copy (see
   * {@link predict}), so calling it between training steps changes nothing in training.
   */
  featureMaps(x: Tensor | Float32Array): FeatureMap[] {
    const one = this.asBatch(x);
    if (one.shape[0] !== 1) throw new ShapeError(`cnn featureMaps: one example at a time, got a batch of ${one.shape[0]}`);
    const twin = this.inference();
    const maps: FeatureMap[] = [{ name: 'input', kind: 'input', shape: [...this.inShape], data: one.data.slice() }];
    let h = one;
    twin.checkInput(one);
    for (const layer of twin.layers) {
      h = layer.forward(h);
      if (layer instanceof Flatten) continue;
      const kind = layer instanceof Conv2d ? 'conv' : layer instanceof MaxPool2d ? 'pool' : layer instanceof Dense ? 'dense' : 'activation';
      maps.push({ name: layer.name, kind, shape: [...layer.outShape], data: h.dataSync().slice() });
    }
    const p = Tensor.zeros(h.shape);
    twin.engine.softmaxRows(h, p);
    maps.push({ name: 'softmax', kind: 'softmax', shape: [...this.outShape], data: p.data });
    return maps;
  }

  /**
   * The weights of a convolution layer (default the first) as [filters, channels, kernel, kernel], a copy: what
   * the demo draws as the learned filters.
   */
  filters(conv = 1): { name: string; shape: number[]; data: Float32Array } {
    const layer = this.layers.filter((l) => l instanceof Conv2d)[conv - 1];
    if (!layer) throw new ShapeError(`cnn filters: there is no conv${conv} (the net has ${this.layers.filter((l) => l instanceof Conv2d).length})`);
    const w = layer.params()[0]!.value;
    return { name: layer.name, shape: [...w.shape], data: w.dataSync().slice() };
  }

  private asBatch(x: Tensor | Float32Array): Tensor {
    if (x instanceof Tensor) return x.shape.length === this.inShape.length ? x.reshape([1, ...x.shape]) : x;
    return new Tensor(x, [x.length / this.inShape.reduce((a, b) => a * b, 1), ...this.inShape]);
  }
}

/** One layer's output for one example (see {@link CNN.featureMaps}). */
export interface FeatureMap {
  /** The layer's name (`conv1`, `relu2`, `pool1`, …), or `input` / `softmax`. */
  name: string;
  kind: 'input' | 'conv' | 'activation' | 'pool' | 'dense' | 'softmax';
  /** Per-example shape: [C, H, W] for image-like outputs, [units] after the flatten. */
  shape: number[];
  data: Float32Array;
}

/** One stage's output size and how N = (W − F + 2P)/S + 1 gives it (see {@link cnnLayerShapes}). */
export interface CnnStageShape {
  name: string;
  kind: 'input' | 'conv' | 'pool' | 'flatten' | 'dense';
  /** Per-example output shape. */
  shape: number[];
  /** The sliding window's numbers, for conv and pool: N = (W − F + 2P)/S + 1. */
  window?: { W: number; F: number; P: number; S: number; N: number };
  /** Trainable parameters of the stage. */
  params: number;
}

/**
 * Each stage's output shape for a config, computed with the engine's shape code (`nn/shape.ts`), the same
 * arithmetic the layers are built with, so a page listing "N = (28 − 5 + 2·0)/1 + 1 = 24" cannot disagree with the
 * running net. Throws the layers' ShapeError when a stage does not fit.
 */
export function cnnLayerShapes(config: CNNConfig): CnnStageShape[] {
  const out: CnnStageShape[] = [{ name: 'input', kind: 'input', shape: [...config.input], params: 0 }];
  let chw = { channels: config.input[0], height: config.input[1], width: config.input[2] };
  let flat: number | undefined;
  let conv = 0, pool = 0, dense = 0;
  const flatten = (): number => {
    if (flat === undefined) {
      flat = chw.channels * chw.height * chw.width;
      out.push({ name: 'flatten', kind: 'flatten', shape: [flat], params: 0 });
    }
    return flat;
  };
  for (const spec of config.layers) {
    if (spec.type === 'dense') {
      const inputs = flatten();
      out.push({ name: `dense${++dense}`, kind: 'dense', shape: [spec.units], params: inputs * spec.units + spec.units });
      flat = spec.units;
      continue;
    }
    if (flat !== undefined) throw new ShapeError(`${spec.type}: a ${spec.type === 'conv' ? 'convolution' : 'pooling'} cannot follow a dense layer`);
    const W = chw.width;
    if (spec.type === 'conv') {
      const name = `conv${++conv}`;
      const P = spec.padding ?? 0, S = spec.stride ?? 1;
      const next = conv2dOutputShape(chw, { filters: spec.filters, kernel: spec.kernel, stride: S, padding: P }, name);
      out.push({ name, kind: 'conv', shape: [next.channels, next.height, next.width], window: { W, F: spec.kernel, P, S, N: next.width }, params: spec.filters * (chw.channels * spec.kernel * spec.kernel + 1) });
      chw = next;
    } else {
      const name = `pool${++pool}`;
      const S = spec.stride ?? spec.kernel;
      const next = pool2dOutputShape(chw, { kernel: spec.kernel, stride: S }, name);
      out.push({ name, kind: 'pool', shape: [next.channels, next.height, next.width], window: { W, F: spec.kernel, P: 0, S, N: next.width }, params: 0 });
      chw = next;
    }
  }
  const inputs = flatten();
  out.push({ name: `dense${++dense}`, kind: 'dense', shape: [config.classes], params: inputs * config.classes + config.classes });
  return out;
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
