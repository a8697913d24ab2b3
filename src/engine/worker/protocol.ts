/**
 * The training Worker's message protocol: plain, structured-cloneable data only (no functions, no class instances),
 * so the same messages cross a dedicated Worker, a MessageChannel in a test, or any port with postMessage.
 */
import type { WeightsJson } from '../nn/serialize.js';
import type { MLPConfig } from '../models/mlp.js';
import type { CNNConfig } from '../models/cnn.js';
import type { LSTMConfig } from '../models/lstm.js';
import type { OptimizerSpec } from '../optim/optimizers.js';
import type { TrainProgress, TrainResult } from '../train.js';

/** A model as plain data: its kind and config (what `save()` writes), or a whole `save()` with weights. */
export type ModelSpec = (
  | { kind: 'mlp'; config: MLPConfig }
  | { kind: 'cnn'; config: CNNConfig }
  | { kind: 'lstm'; config: LSTMConfig }
  | { weights: WeightsJson }
) & {
  /** Weight-init seed (default 1). */
  seed?: number;
  /** Optimizer settings (default Adam, lr 0.01). */
  optimizer?: OptimizerSpec;
  /**
   * Backend name (default `reference`); any other name loads the gpu.js backends first; `auto` measures the
   * candidates in the Worker (`selectBackend`) and trains on the fastest.
   */
  backend?: string;
};

/** A tensor as plain data. */
export interface TensorData {
  data: Float32Array;
  shape: number[];
}

/**
 * Training data: all inputs and targets; with `batchSize`, a seeded `Batcher` draws shuffled batches along the
 * first axis (MLP, CNN); without it every step trains on the whole of `x`, `y` (the LSTM's [T, N, in] batch).
 */
export interface DataSpec {
  x: TensorData;
  y: TensorData;
  batchSize?: number;
  /** Shuffle seed (default 1). */
  seed?: number;
}

/** Loop settings of a Worker run (the function-valued options of `train` become data). */
export interface WorkerTrainSettings {
  steps?: number;
  /** Stop once a reported loss is at or below this. */
  untilLoss?: number;
  every?: number;
  budgetMs?: number;
  /** Send the weights with every progress report (so the page can draw predictions without training). */
  weightsWithProgress?: boolean;
}

/** Page → Worker. */
export type ToWorker =
  | { type: 'start'; id: number; model: ModelSpec; data: DataSpec; train: WorkerTrainSettings }
  /** While paused: run `count` steps now and report (a demo's "step" button). */
  | { type: 'step'; id: number; count: number }
  | { type: 'pause'; id: number }
  | { type: 'resume'; id: number }
  | { type: 'stop'; id: number }
  | { type: 'setLearningRate'; id: number; lr: number };

/** Worker → page. */
export type FromWorker =
  | { type: 'ready'; id: number; backend: string; executed: string }
  | { type: 'progress'; id: number; progress: TrainProgress; weights?: WeightsJson }
  | { type: 'result'; id: number; result: TrainResult; weights: WeightsJson }
  | { type: 'error'; id: number; name: string; message: string };

/** The part of a Worker / MessagePort / worker global that the protocol uses. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}
