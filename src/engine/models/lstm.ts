import { NonFiniteError } from '../errors.js';
import type { Engine } from '../engine.js';
import { Dense } from '../nn/layers.js';
import { LSTM } from '../nn/lstm.js';
import { FusedLstm } from '../nn/lstm-fused.js';
import type { Param } from '../nn/layer.js';
import { loadParams, saveParams, type WeightsJson } from '../nn/serialize.js';
import { ShapeError } from '../nn/shape.js';
import { mse } from '../ops/losses.js';
import type { Optimizer } from '../optim/optimizers.js';
import { assertFinite, fmtShape, Tensor } from '../tensor.js';
import { type ModelOptions, resolve } from './common.js';

/** Sizes of an LSTM sequence model. */
export interface LSTMConfig {
  /** Features per time step in. */
  inputs: number;
  /** LSTM units. */
  hidden: number;
  /** Features per time step out (a dense head on every h_t). */
  outputs: number;
  /** Use the fused plain-JS BPTT step (default: true on the reference backend); same gradients as the kernels. */
  fused?: boolean;
}

/**
 * A sequence model: LSTM → dense head on every step, trained with MSE ½Σ(y−t)² averaged over steps and batch,
 * by BPTT over the whole sequence. Inputs are [T, N, inputs], targets [T, N, outputs].
 */
export class LSTMModel {
  readonly kind = 'lstm';
  readonly engine: Engine;
  readonly lstm: LSTM;
  readonly head: Dense;
  optimizer: Optimizer;
  private readonly ps: Param[];
  /** The fused BPTT step, when enabled (reference backend). */
  readonly fused: FusedLstm | null;
  private bufs: { rows: number; out: Tensor; grad: Tensor; y: Tensor } | null = null;

  /** Use {@link createLSTM}. */
  constructor(
    readonly config: LSTMConfig,
    options: ModelOptions = {},
  ) {
    const { engine, rng, optimizer } = resolve(options);
    this.engine = engine;
    this.optimizer = optimizer;
    this.lstm = new LSTM('lstm', engine, config.inputs, config.hidden, rng);
    this.head = new Dense('head', engine, config.hidden, config.outputs, rng);
    this.ps = [...this.lstm.params(), ...this.head.params()];
    const useFused = config.fused ?? engine.backend.name === 'reference';
    this.fused = useFused ? new FusedLstm(config.inputs, config.hidden, config.outputs, this.lstm.params(), this.head.params()) : null;
  }

  /** All trainable parameters. */
  params(): Param[] {
    return this.ps;
  }

  /** Outputs [T, N, outputs] for inputs [T, N, inputs] from a zero state (a reused buffer). */
  forward(xs: Tensor): Tensor {
    if (xs.shape.length !== 3 || xs.shape[2] !== this.config.inputs) {
      throw new ShapeError(`lstm: input must be [T, N, ${this.config.inputs}], got ${fmtShape(xs.shape)}`);
    }
    assertFinite(xs, 'lstm input');
    const [T, N] = xs.shape as [number, number, number];
    const hs = this.lstm.forward(xs);
    const y = this.head.forward(hs.reshape([T * N, this.config.hidden]));
    return y.reshape([T, N, this.config.outputs]);
  }

  /** Forward + BPTT; fills gradients and returns the loss (no update). */
  computeGradients(xs: Tensor, ys: Tensor): number {
    if (this.fused) {
      if (xs.shape.length !== 3 || xs.shape[2] !== this.config.inputs) {
        throw new ShapeError(`lstm: input must be [T, N, ${this.config.inputs}], got ${fmtShape(xs.shape)}`);
      }
      const [T, N] = xs.shape as [number, number, number];
      if (ys.size !== T * N * this.config.outputs) {
        throw new ShapeError(`lstm: target ${fmtShape(ys.shape)} does not match output [${T}, ${N}, ${this.config.outputs}]`);
      }
      assertFinite(xs, 'lstm input');
      assertFinite(ys, 'lstm target');
      const loss = this.fused.computeGradients(xs.data, ys.data, T, N);
      if (!Number.isFinite(loss)) throw new NonFiniteError('lstm mse loss', [T, N, this.config.outputs], 0, loss);
      return loss;
    }
    const y = this.forward(xs);
    if (ys.size !== y.size) throw new ShapeError(`lstm: target ${fmtShape(ys.shape)} does not match output ${fmtShape(y.shape)}`);
    assertFinite(ys, 'lstm target');
    const rows = y.shape[0]! * y.shape[1]!;
    const flat = y.reshape([rows, this.config.outputs]);
    if (!this.bufs || this.bufs.rows !== rows) {
      this.bufs = { rows, out: Tensor.zeros(flat.shape), grad: Tensor.zeros(flat.shape), y: flat };
    }
    const loss = mse.forwardBackward(this.engine, flat, ys.reshape(flat.shape), this.bufs.out, this.bufs.grad);
    if (!Number.isFinite(loss)) throw new NonFiniteError('lstm mse loss', y.shape, 0, loss);
    const dhs = this.head.backward(this.bufs.grad, true)!;
    this.lstm.backward(dhs.reshape([y.shape[0]!, y.shape[1]!, this.config.hidden]), false);
    return loss;
  }

  /** One training step; returns the loss before the update. */
  trainBatch(xs: Tensor, ys: Tensor): number {
    const loss = this.computeGradients(xs, ys);
    this.optimizer.step(this.engine, this.ps);
    return loss;
  }

  /**
   * Continues a one-feature-in, one-feature-out signal: runs `prefix` and then feeds each prediction back in,
   * returning `steps` new values. Re-runs the recent window each step (demo-sized, keeps one code path).
   */
  generate(prefix: number[], steps: number, window = 32): number[] {
    if (this.config.inputs !== 1 || this.config.outputs !== 1) throw new ShapeError('lstm: generate needs inputs = outputs = 1');
    const seq = prefix.slice();
    const out: number[] = [];
    for (let s = 0; s < steps; s++) {
      const w = seq.slice(-window);
      const y = this.forward(Tensor.from(w, [w.length, 1, 1]));
      const next = y.data[w.length - 1]!;
      out.push(next);
      seq.push(next);
    }
    return out;
  }

  /** Weights as JSON-safe data. */
  save(): WeightsJson {
    return saveParams(this.kind, this.config, this.ps);
  }

  /** Loads weights saved by {@link save}. */
  load(json: WeightsJson): void {
    loadParams(json, this.kind, this.ps);
  }
}

/** Creates an LSTM sequence model. */
export function createLSTM(config: LSTMConfig, options: ModelOptions = {}): LSTMModel {
  return new LSTMModel(config, options);
}
