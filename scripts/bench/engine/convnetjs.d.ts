/** The small part of ConvNetJS 0.3.0 (no bundled types) that the CNN peer uses. */
declare module 'convnetjs' {
  /** A 3-D volume of numbers (width × height × depth), ConvNetJS's tensor. */
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    /** Values, index ((sx·y) + x)·depth + d. */
    w: Float64Array;
    dw: Float64Array;
  }
  /** A layer definition as in ConvNetJS's demos. */
  export interface LayerDef {
    type: 'input' | 'conv' | 'pool' | 'fc' | 'softmax' | 'regression' | 'relu' | 'sigmoid' | 'tanh';
    out_sx?: number;
    out_sy?: number;
    out_depth?: number;
    sx?: number;
    filters?: number;
    stride?: number;
    pad?: number;
    activation?: 'relu' | 'sigmoid' | 'tanh';
    num_classes?: number;
    num_neurons?: number;
  }
  /** A feed-forward network of layers. */
  export class Net {
    makeLayers(defs: LayerDef[]): void;
    forward(v: Vol, isTraining?: boolean): Vol;
    getPrediction(): number;
  }
  /** Options of `Trainer`; ConvNetJS uses snake_case. */
  export interface TrainerOptions {
    method?: 'sgd' | 'adadelta' | 'adagrad' | 'adam' | 'nesterov' | 'windowgrad';
    learning_rate?: number;
    momentum?: number;
    batch_size?: number;
    l2_decay?: number;
    l1_decay?: number;
  }
  /** Accumulates gradients over `batch_size` calls to `train` and then updates the weights. */
  export class Trainer {
    constructor(net: Net, options?: TrainerOptions);
    train(x: Vol, y: number | number[]): { loss: number; cost_loss: number; fwd_time: number; bwd_time: number };
  }
  export { Trainer as SGDTrainer };
}
