import '../backend/cpu/lstm-kernels.js';
import { NonFiniteError } from '../errors.js';
import type { Engine } from '../engine.js';
import { Dense } from '../nn/layers.js';
import { LSTM, LstmProbe } from '../nn/lstm.js';
import { FusedLstm, type FusedLstmProbe } from '../nn/lstm-fused.js';
import type { Param } from '../nn/layer.js';
import { loadParams, saveParams, saveParamsAsync, type WeightsJson } from '../nn/serialize.js';
import { ShapeError } from '../nn/shape.js';
import { mse, softmaxCrossEntropy } from '../ops/losses.js';
import type { Optimizer } from '../optim/optimizers.js';
import { assertFinite, fmtShape, Tensor, keep } from '../tensor.js';
import { type ModelOptions, resolve } from './common.js';
import { NO_TRANSPOSE } from '../engine.js';

/** Sizes of an LSTM sequence model. */
export interface LSTMConfig {
  /** Features per time step in. */
  inputs: number;
  /** LSTM units. */
  hidden: number;
  /** Features per time step out (a dense head on every h_t). */
  outputs: number;
  /**
   * `linear` (default): the head's outputs are values trained with MSE (a signal). `softmax`: they are logits of a
   * distribution over `outputs` classes trained with cross-entropy against one-hot targets (the next character).
   */
  output?: 'linear' | 'softmax';
  /** Use the fused plain-JS BPTT step (default: true on the reference backend); same gradients as the kernels. */
  fused?: boolean;
}

/**
 * What {@link LSTMModel.inspect} read for one sequence: per timestep (rows) and unit (columns), the gate activations,
 * the candidate g, the cell state c and the hidden state h, from c = f⊙c₋₁ + i⊙g and h = o⊙tanh c.
 */
export interface LstmInspection {
  /** Timesteps: the given inputs plus the ones predicted ahead. */
  steps: number;
  /** Of those, how many came from the inputs (the rest were the model's own outputs fed back). */
  given: number;
  /** LSTM units (columns of every [steps, units] array). */
  units: number;
  /** Outputs per timestep (columns of `y`). */
  outputs: number;
  /** Forget gate f = σ(·), [steps, units]. */
  forget: Float32Array;
  /** Input gate i = σ(·), [steps, units]. */
  input: Float32Array;
  /** Output gate o = σ(·), [steps, units]. */
  output: Float32Array;
  /** Candidate g = tanh(·), [steps, units]. */
  candidate: Float32Array;
  /** Cell state c, [steps, units]. */
  cell: Float32Array;
  /** Hidden state h, [steps, units]. */
  hidden: Float32Array;
  /** The head's output at each timestep, [steps, outputs]: values, or probabilities for a softmax model. */
  y: Float32Array;
  /** The inputs fed at each timestep, [steps, inputs] (given, then fed back). */
  x: Float32Array;
}

/** Options of {@link LSTMModel.inspect}. */
export interface InspectOptions {
  /** Timesteps to continue past the inputs, feeding the model's outputs back in (default 0). */
  ahead?: number;
  /**
   * The next input from an output `y` (the head's values, or probabilities) at timestep `t`. Default when inputs =
   * outputs: y itself for a linear model, the one-hot of its most likely class for a softmax model.
   */
  feed?: (y: Float32Array, t: number) => ArrayLike<number>;
}

/**
 * A sequence model: LSTM → dense head on every step, trained with MSE ½Σ(y−t)² (or, with `output: 'softmax'`,
 * softmax cross-entropy) averaged over steps and batch, by BPTT over the whole sequence. Inputs are
 * [T, N, inputs], targets [T, N, outputs].
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
    this.softmax = (config.output ?? 'linear') === 'softmax';
    if (config.output !== undefined && config.output !== 'linear' && config.output !== 'softmax') {
      throw new ShapeError(`lstm: output must be 'linear' or 'softmax', got '${String(config.output)}'`);
    }
    this.fused = useFused ? new FusedLstm(config.inputs, config.hidden, config.outputs, this.lstm.params(), this.head.params(), this.softmax) : null;
  }

  /** The head is a softmax trained with cross-entropy. */
  readonly softmax: boolean;
  private probeState: { probe: LstmProbe | FusedLstmProbe; x: Tensor; y: Tensor } | null = null;

  /** All trainable parameters. */
  params(): Param[] {
    return this.ps;
  }

  /** Outputs [T, N, outputs] for inputs [T, N, inputs] from a zero state (a reused buffer; logits for softmax). */
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
      if (!Number.isFinite(loss)) throw new NonFiniteError(`lstm ${this.lossName} loss`, [T, N, this.config.outputs], 0, loss);
      return loss;
    }
    const { y, flat, bufs, lossOp } = this.lossInputs(xs, ys);
    const loss = lossOp.forwardBackward(this.engine, flat, ys.reshape(flat.shape), bufs.out, bufs.grad);
    if (!Number.isFinite(loss)) throw new NonFiniteError(`lstm ${this.lossName} loss`, y.shape, 0, loss);
    this.backwardFromLoss(y, bufs.grad);
    return loss;
  }

  private get lossName(): string {
    return this.softmax ? 'softmax cross-entropy' : 'mse';
  }

  /**
   * Runs one sequence `xs` ([T, inputs] or [T, 1, inputs]) from a zero state, then `ahead` more timesteps on its own
   * outputs, and returns every timestep's gates, candidate, cell and hidden state and output. It steps the current
   * weights through buffers of its own (the backend's kernels on the layered path, the fused path's plain JS on the
   * reference backend), so calling it between training steps changes nothing in training.
   */
  inspect(xs: Tensor, options: InspectOptions = {}): LstmInspection {
    const D = this.config.inputs, H = this.config.hidden, O = this.config.outputs;
    const given = xs.shape[0] ?? 0;
    if (xs.size !== given * D || (xs.shape.length !== 2 && !(xs.shape.length === 3 && xs.shape[1] === 1))) {
      throw new ShapeError(`lstm inspect: input must be [T, ${D}] or [T, 1, ${D}], got ${fmtShape(xs.shape)}`);
    }
    assertFinite(xs, 'lstm inspect input');
    const ahead = options.ahead ?? 0;
    if (!Number.isInteger(ahead) || ahead < 0) throw new RangeError(`lstm inspect: ahead must be a whole number ≥ 0, got ${ahead}`);
    if (ahead > 0 && !options.feed && D !== O) throw new ShapeError(`lstm inspect: predicting ahead needs a feed function when inputs (${D}) ≠ outputs (${O})`);
    const feed = options.feed ?? ((y: Float32Array): ArrayLike<number> => (this.softmax ? oneHotOfMax(y) : y));
    if (!this.probeState) {
      this.probeState = {
        // A queued engine (webgpu) cannot be read step by step: its inspection steps the weights' host copies
        // (see readWeights) through the fused path's plain JS.
        probe: this.fused
          ? this.fused.probe()
          : this.engine.queued
            ? new FusedLstm(this.config.inputs, this.config.hidden, this.config.outputs, this.lstm.params(), this.head.params(), this.softmax).probe()
            : new LstmProbe(this.lstm),
        x: keep(Tensor.zeros([1, D])),
        y: keep(Tensor.zeros([1, O])),
      };
    }
    const { probe, x, y } = this.probeState;
    probe.reset();
    const T = given + ahead;
    const r: LstmInspection = {
      steps: T, given, units: H, outputs: O,
      forget: new Float32Array(T * H), input: new Float32Array(T * H), output: new Float32Array(T * H),
      candidate: new Float32Array(T * H), cell: new Float32Array(T * H), hidden: new Float32Array(T * H),
      y: new Float32Array(T * O), x: new Float32Array(T * D),
    };
    const hw = this.head.params()[0]!.value, hb = this.head.params()[1]!.value;
    for (let t = 0; t < T; t++) {
      if (t < given) x.data.set(xs.data.subarray(t * D, (t + 1) * D));
      else {
        const next = feed(r.y.slice((t - 1) * O, t * O), t - 1);
        if (next.length !== D) throw new ShapeError(`lstm inspect: feed returned ${next.length} values, the model takes ${D}`);
        for (let i = 0; i < D; i++) x.data[i] = next[i]!;
        assertFinite(x, 'lstm inspect fed-back input');
      }
      r.x.set(x.data, t * D);
      let acts: Float32Array, c: Float32Array, h: Float32Array;
      if (probe instanceof LstmProbe) {
        probe.step(x);
        acts = probe.acts.data;
        c = probe.c.data;
        h = probe.h.data;
        this.engine.matmul(probe.h, hw, y, NO_TRANSPOSE, 'lstm inspect head');
        this.engine.addRowVector(y, hb, y, 'lstm inspect head');
      } else {
        probe.step(x.data);
        acts = probe.acts;
        c = probe.c;
        h = probe.h;
        for (let o = 0; o < O; o++) {
          let v = hb.data[o]!;
          for (let j = 0; j < H; j++) v += h[j]! * hw.data[j * O + o]!;
          y.data[o] = v;
        }
      }
      // acts are [i | f | o | g].
      const s = t * H;
      r.input.set(acts.subarray(0, H), s);
      r.forget.set(acts.subarray(H, 2 * H), s);
      r.output.set(acts.subarray(2 * H, 3 * H), s);
      r.candidate.set(acts.subarray(3 * H, 4 * H), s);
      r.cell.set(c, s);
      r.hidden.set(h, s);
      r.y.set(this.softmax ? softmaxOf(y.data) : y.data, t * O);
    }
    return r;
  }

  /** The loss of the last {@link trainStep}, a [1] tensor (on the device on a resident engine). */
  readonly lossTensor: Tensor = keep(Tensor.zeros([1]));

  /**
   * Forward + BPTT with the loss reduced by a kernel into {@link lossTensor} (nothing read back) on a resident
   * engine; elsewhere {@link computeGradients} with the loss written into it.
   */
  computeGradientsDevice(xs: Tensor, ys: Tensor): Tensor {
    if (this.fused || !this.engine.resident) {
      this.lossTensor.data[0] = this.computeGradients(xs, ys);
      return this.lossTensor;
    }
    const { y, flat, bufs, lossOp } = this.lossInputs(xs, ys);
    lossOp.forwardBackwardDevice(this.engine, flat, ys.reshape(flat.shape), bufs.out, bufs.grad, this.lossTensor);
    this.backwardFromLoss(y, bufs.grad);
    return this.lossTensor;
  }

  /** The layered step's forward pass, checked against the target, with the loss buffers sized to its rows. */
  private lossInputs(xs: Tensor, ys: Tensor) {
    const y = this.forward(xs);
    if (ys.size !== y.size) throw new ShapeError(`lstm: target ${fmtShape(ys.shape)} does not match output ${fmtShape(y.shape)}`);
    assertFinite(ys, 'lstm target');
    const rows = y.shape[0]! * y.shape[1]!;
    const flat = y.reshape([rows, this.config.outputs]);
    if (!this.bufs || this.bufs.rows !== rows) {
      this.bufs = { rows, out: keep(Tensor.zeros(flat.shape)), grad: keep(Tensor.zeros(flat.shape)), y: flat };
    }
    return { y, flat, bufs: this.bufs, lossOp: this.softmax ? softmaxCrossEntropy : mse };
  }

  /** BPTT from the loss gradient of the output head back through the LSTM. */
  private backwardFromLoss(y: Tensor, grad: Tensor): void {
    const dhs = this.head.backward(grad, true)!;
    this.lstm.backward(dhs.reshape([y.shape[0]!, y.shape[1]!, this.config.hidden]), false);
  }

  /** One training step that reads nothing back on a resident engine: the loss stays in {@link lossTensor}. */
  trainStep(xs: Tensor, ys: Tensor): Tensor {
    const loss = this.computeGradientsDevice(xs, ys);
    this.optimizer.step(this.engine, this.ps);
    return loss;
  }

  /** One training step; returns the loss before the update (one readback of the loss on a resident engine). */
  trainBatch(xs: Tensor, ys: Tensor): number {
    if (this.engine.resident && !this.fused) {
      const l = this.trainStep(xs, ys).dataSync()[0]!;
      if (!Number.isFinite(l)) throw new NonFiniteError(`lstm ${this.lossName} loss`, [1], 0, l);
      return l;
    }
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

  /**
   * Brings every parameter's host copy up to date without blocking (`await t.read()`). Until the next training
   * step, the methods that read weights on the host then see current values on every backend, including one read
   * only asynchronously (gpu.js webgpu, where they would otherwise throw): `save()` and `inspect()`.
   */
  async readWeights(): Promise<void> {
    await Promise.all(this.ps.map((p) => p.value.read()));
  }

  /** Weights as JSON-safe data. */
  save(): WeightsJson {
    return saveParams(this.kind, this.config, this.ps);
  }

  /** {@link save} through asynchronous reads: the way to save on a backend read only asynchronously (gpu.js webgpu). */
  saveAsync(): Promise<WeightsJson> {
    return saveParamsAsync(this.kind, this.config, this.ps);
  }

  /** Loads weights saved by {@link save}. */
  load(json: WeightsJson): void {
    loadParams(json, this.kind, this.ps);
  }
}

/** Probabilities of logits (max-shifted, so large logits do not overflow). */
function softmaxOf(z: Float32Array): Float32Array {
  let mx = -Infinity;
  for (const v of z) if (v > mx) mx = v;
  const p = new Float32Array(z.length);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += (p[i] = Math.exp(z[i]! - mx));
  for (let i = 0; i < z.length; i++) p[i]! /= s;
  return p;
}

/** The one-hot vector of the largest entry (first on ties). */
function oneHotOfMax(p: Float32Array): Float32Array {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  const v = new Float32Array(p.length);
  v[best] = 1;
  return v;
}

/** Creates an LSTM sequence model. */
export function createLSTM(config: LSTMConfig, options: ModelOptions = {}): LSTMModel {
  return new LSTMModel(config, options);
}
