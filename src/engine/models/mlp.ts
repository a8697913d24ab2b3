import type { Activation } from '../engine.js';
import { ActivationLayer, Dense } from '../nn/layers.js';
import { type Layer, param } from '../nn/layer.js';
import { Sequential } from '../nn/sequential.js';
import { ShapeError } from '../nn/shape.js';
import { type ModelOptions, resolve } from './common.js';
import { FusedMlp } from './mlp-fused.js';
import { NonFiniteError } from '../errors.js';
import { assertFinite, fmtShape, Tensor } from '../tensor.js';

/** Architecture of a multi-layer perceptron. */
export interface MLPConfig {
  /** Units per layer, input first: `[2, 8, 8, 1]` is the 2-8-8-1 net of the notes. */
  sizes: number[];
  /**
   * Use the fused plain-JS training step (default: true on the reference backend). It computes the same gradients
   * and δ as the layered path with one call per step instead of ~25 kernel dispatches.
   */
  fused?: boolean;
  /** Hidden activation (default sigmoid, as in the seed note). */
  activation?: Activation;
  /**
   * Output: `sigmoid` (default) or `linear` trained with MSE ½Σ(o−t)², or `softmax` trained with cross-entropy.
   */
  output?: 'sigmoid' | 'tanh' | 'linear' | 'softmax';
}

/** What a demo shows beside the backprop formulas: per dense layer, per example, the units' o and δ. */
export interface MLPTrace {
  /** activations[0] is the input; activations[l] is the output o of dense layer l after its activation. */
  activations: number[][][];
  /** deltas[l][example][unit] = δ = ∂L_example/∂z of dense layer l (the seed note's δ_j, δ_k). */
  deltas: number[][][];
}

/** One example's pass through the net, from {@link MLP.traceExample}. */
export interface MLPExampleTrace {
  /** activations[0] is the input; activations[l] is o of dense layer l (after its activation). */
  activations: number[][];
  /** deltas[l][unit] = δ = ∂L/∂z of dense layer l for this example's own loss (δ_k at the output, δ_j below). */
  deltas: number[][];
  /** This example's loss (½Σ(o − t)², or cross-entropy for a softmax output). */
  loss: number;
}

/**
 * A multi-layer perceptron. After {@link Sequential.computeGradients} or `trainBatch`, {@link MLP.trace} exposes the
 * seed note's δ values, so a demo can print δ_k = (o_k − t_k)·o_k(1 − o_k) next to the number the engine used.
 */
export class MLP extends Sequential {
  /** Dense layers in order (w[i][j] is the weight from unit i to unit j). */
  readonly dense: Dense[];
  private lastInput: Tensor | null = null;
  /** The fused step, when enabled (reference backend). */
  readonly fused: FusedMlp | null;
  private fusedRan = false;
  /** A plain-JS pass over the same weights with its own gradient buffers, for {@link traceExample}. */
  private tracer: FusedMlp | null = null;
  // The layered path's o and δ belong together only until the next forward pass of another batch (a boundary
  // grid reuses or replaces the layers' output buffers): trace() refuses after one instead of mixing them.
  private inGradients = false;
  private forwardSinceGradients = false;

  /** Use {@link createMLP}. */
  constructor(config: MLPConfig, options: ModelOptions = {}) {
    const { engine, rng, optimizer } = resolve(options);
    const sizes = config.sizes;
    if (sizes.length < 2) throw new ShapeError(`mlp: sizes needs at least an input and an output, got [${sizes.join(', ')}]`);
    const act = config.activation ?? 'sigmoid';
    const out = config.output ?? 'sigmoid';
    const layers: Layer[] = [];
    const dense: Dense[] = [];
    for (let i = 1; i < sizes.length; i++) {
      const d = new Dense(`dense${i}`, engine, sizes[i - 1]!, sizes[i]!, rng, act === 'relu' && i < sizes.length - 1 ? Math.SQRT2 : 1);
      dense.push(d);
      layers.push(d);
      const kind: Activation | null = i < sizes.length - 1 ? act : out === 'sigmoid' || out === 'tanh' ? out : null;
      if (kind) layers.push(new ActivationLayer(`${kind}${i}`, engine, kind, [sizes[i]!]));
    }
    super('mlp', config, engine, layers, out === 'softmax' ? 'softmax-cross-entropy' : 'mse', optimizer);
    this.dense = dense;
    const useFused = config.fused ?? engine.backend.name === 'reference';
    this.fused = useFused ? new FusedMlp(sizes, act, out, dense.flatMap((d) => d.params())) : null;
  }

  /** Forward + backward; on the fused path one plain-JS call, otherwise the layered kernels. Returns the loss. */
  override computeGradients(x: Tensor, t: Tensor): number {
    if (!this.fused) return this.layered(() => super.computeGradients(x, t));
    this.checkInput(x);
    const n = x.shape[0]!;
    const outs = this.outShape[0]!;
    if (t.size !== n * outs) throw new ShapeError(`mlp: target ${fmtShape(t.shape)} does not match output [${n}, ${outs}]`);
    assertFinite(t, 'mlp target');
    const loss = this.fused.computeGradients(x.data, t.data, n);
    if (!Number.isFinite(loss)) throw new NonFiniteError('mlp mse loss', [n, outs], 0, loss);
    this.lastInput = x;
    this.fusedRan = true;
    return loss;
  }

  /** The resident step's forward + backward (see {@link Sequential.computeGradientsDevice}), keeping trace() honest. */
  override computeGradientsDevice(x: Tensor, t: Tensor): Tensor {
    if (this.fused || !this.engine.resident) {
      this.lossTensor.data[0] = this.computeGradients(x, t);
      return this.lossTensor;
    }
    return this.layered(() => super.computeGradientsDevice(x, t));
  }

  /** Runs a layered forward + backward, marking it so trace() reads this step's activations and δ. */
  private layered<T>(step: () => T): T {
    this.fusedRan = false;
    this.inGradients = true;
    try {
      return step();
    } finally {
      this.inGradients = false;
      this.forwardSinceGradients = false;
    }
  }

  /** Per dense layer, the per-example δ of the last backward pass (rows: examples, columns: units). */
  deltas(): number[][][] {
    if (this.fusedRan && this.fused) {
      const f = this.fused;
      if (!f.kept) throw new Error(`mlp: δ and activations are kept for batches of up to ${FusedMlp.TRACE_LIMIT} examples; trace a smaller batch`);
      const sizes = (this.config as MLPConfig).sizes;
      const n = f.o[0]!.length / sizes[0]!;
      return f.d.map((buf, l) => rows(buf, n, sizes[l + 1]!, n));
    }
    return this.dense.map((d) => {
      const i = this.layers.indexOf(d);
      const dy = this.lastDy[i];
      if (!dy) throw new Error('mlp: deltas() needs a backward pass first (trainBatch or computeGradients)');
      if (dy.isDisposed) throw new Error('mlp: a forward pass of another batch size replaced the buffers of the last backward pass; use traceExample(x, t) for one example');
      // The loss is the batch mean, so dL/dz carries a 1/N; δ of one example's own loss is N times it.
      const n = dy.shape[0]!;
      return dy.toArray().map((row) => row.map((v) => v * n));
    });
  }

  /** Activations and δ values of the last step, for the δ-formula demo. */
  trace(): MLPTrace {
    if (this.fusedRan && this.fused) {
      const f = this.fused;
      const sizes = (this.config as MLPConfig).sizes;
      if (!f.kept) throw new Error(`mlp: δ and activations are kept for batches of up to ${FusedMlp.TRACE_LIMIT} examples; trace a smaller batch`);
      const n = f.o[0]!.length / sizes[0]!;
      return { activations: f.o.map((buf, l) => rows(buf, n, sizes[l]!, 1)), deltas: this.deltas() };
    }
    if (this.forwardSinceGradients) {
      throw new Error('mlp: a forward pass of other inputs (e.g. a boundary grid) ran after the last backward pass, so its activations would be mixed with that batch\'s δ; use traceExample(x, t) for one example');
    }
    const x = this.lastInput;
    const acts = [x ? x.reshape([x.shape[0]!, x.size / x.shape[0]!]).toArray() : []];
    for (const d of this.dense) {
      const i = this.layers.indexOf(d);
      const o = this.lastOut[i + 1 < this.layers.length && this.layers[i + 1] instanceof ActivationLayer ? i + 1 : i];
      acts.push(o ? o.toArray() : []);
    }
    return { activations: acts, deltas: this.deltas() };
  }

  /** Forward pass that also remembers the input rows for {@link trace}. */
  override forward(x: Tensor): Tensor {
    const y = super.forward(x);
    this.lastInput = x;
    if (!this.inGradients) this.forwardSinceGradients = true;
    return y;
  }

  /**
   * Forward and backward of one example (`x` with `sizes[0]` inputs, target `t`) on the current weights, for the
   * δ-formula demo: o and δ of every layer and the example's loss. It never mixes with a batch (its own buffers),
   * and changes neither the weights nor the gradients, so it can run between any two training steps. It runs on
   * the host in plain JS on every backend: the weights live in the tensors' host arrays after each step, and one
   * example is a few hundred multiply-adds (a GPU dispatch would cost more and recompile for batch size 1). Tests
   * compare it with the backend's own δ for the same example in a batch.
   */
  traceExample(x: ArrayLike<number>, t: ArrayLike<number>): MLPExampleTrace {
    const cfg = this.config as MLPConfig;
    const sizes = cfg.sizes;
    const nin = sizes[0]!, nout = sizes[sizes.length - 1]!;
    if (x.length !== nin) throw new ShapeError(`mlp: traceExample input has ${x.length} values, the net takes ${nin}`);
    if (t.length !== nout) throw new ShapeError(`mlp: traceExample target has ${t.length} values, the net gives ${nout}`);
    const xs = Float32Array.from(x), ts = Float32Array.from(t);
    assertFinite(new Tensor(xs, [1, nin]), 'mlp traceExample input');
    assertFinite(new Tensor(ts, [1, nout]), 'mlp traceExample target');
    if (!this.tracer) {
      const own = this.dense.flatMap((d) => d.params()).map((p) => param(p.name, p.value));
      this.tracer = new FusedMlp(sizes, cfg.activation ?? 'sigmoid', cfg.output ?? 'sigmoid', own);
    }
    const f = this.tracer;
    // The tracer reads the weights' host arrays: bring them up to date where they live on a device (a readback per
    // parameter on a resident engine; nothing otherwise).
    for (const d of this.dense) for (const p of d.params()) p.value.dataSync();
    const loss = f.computeGradients(xs, ts, 1);
    return {
      activations: f.o.map((buf) => Array.from(buf)),
      deltas: f.d.map((buf) => Array.from(buf)),
      loss,
    };
  }
}

/** Splits a flat [n, cols] buffer into rows, scaled by `scale`. */
function rows(buf: Float32Array, n: number, cols: number, scale: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from(buf.subarray(r * cols, (r + 1) * cols), (v) => v * scale));
}

/** Creates an MLP (see {@link MLPConfig}); `options.seed` makes the weights reproducible. */
export function createMLP(config: MLPConfig, options: ModelOptions = {}): MLP {
  return new MLP(config, options);
}
