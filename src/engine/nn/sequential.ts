import type { Engine } from '../engine.js';
import { NonFiniteError } from '../errors.js';
import { mse, softmaxCrossEntropy } from '../ops/losses.js';
import type { LossOp } from '../ops/types.js';
import type { Optimizer } from '../optim/optimizers.js';
import { assertFinite, fmtShape, keep, Tensor, tidy } from '../tensor.js';
import type { Layer, Param } from './layer.js';
import { loadParams, saveParams, saveParamsAsync, type WeightsJson } from './serialize.js';
import { ShapeError } from './shape.js';

/** Loss names accepted by the models. */
export type LossName = 'mse' | 'softmax-cross-entropy';

/**
 * A stack of layers trained with one loss and one optimizer. `trainBatch` is forward → loss → backward → update with
 * every buffer reused across steps; inputs are checked for shape and NaN/∞ (naming the model and the shape).
 */
export class Sequential {
  /** The loss op. */
  readonly loss: LossOp;
  private n = -1;
  private lossOut!: Tensor;
  private lossGrad!: Tensor;
  /** The loss of the last {@link trainStep}, a [1] tensor (on the device on a resident engine). */
  readonly lossTensor: Tensor = keep(Tensor.zeros([1]));
  /** dL/d(output) handed to each layer in the last backward pass (index-aligned with `layers`). */
  protected readonly lastDy: (Tensor | null)[];
  /** Output of each layer in the last forward pass. */
  protected readonly lastOut: (Tensor | null)[];
  private readonly allParams: Param[];

  /** Builds the model from layers whose shapes have already been chained. */
  constructor(
    readonly kind: string,
    readonly config: unknown,
    readonly engine: Engine,
    readonly layers: readonly Layer[],
    readonly lossName: LossName,
    public optimizer: Optimizer,
  ) {
    this.loss = lossName === 'mse' ? mse : softmaxCrossEntropy;
    this.lastDy = layers.map(() => null);
    this.lastOut = layers.map(() => null);
    this.allParams = layers.flatMap((l) => l.params());
  }

  /** Per-example input shape. */
  get inShape(): readonly number[] {
    return this.layers[0]!.inShape;
  }
  /** Per-example output shape. */
  get outShape(): readonly number[] {
    return this.layers[this.layers.length - 1]!.outShape;
  }

  /** All trainable parameters, in layer order. */
  params(): Param[] {
    return this.allParams;
  }

  /** Checks that x is [N, …inShape] with finite values. */
  protected checkInput(x: Tensor): void {
    const s = this.inShape;
    let ok = x.shape.length === s.length + 1 && (x.shape[0] ?? 0) > 0;
    for (let i = 0; ok && i < s.length; i++) ok = x.shape[i + 1] === s[i];
    if (!ok) throw new ShapeError(`${this.kind}: input must be [N, ${s.join(', ')}], got ${fmtShape(x.shape)}`);
    assertFinite(x, `${this.kind} (${this.layers[0]!.name}) input`);
  }

  /** Forward pass; returns the last layer's output buffer (logits for softmax models). Reused by the next call. */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      h = this.layers[i]!.forward(h);
      this.lastOut[i] = h;
    }
    return h;
  }

  /** Predictions as a fresh tensor: probabilities for softmax models, outputs otherwise. */
  predict(x: Tensor): Tensor {
    const y = this.forward(x);
    if (this.lossName !== 'softmax-cross-entropy') return y.clone();
    const p = Tensor.zeros(y.shape);
    this.engine.softmaxRows(y, p);
    return p;
  }

  private ensureLossBuffers(shape: readonly number[]): void {
    if (shape[0] !== this.n) {
      this.n = shape[0]!;
      this.lossOut?.dispose();
      this.lossGrad?.dispose();
      this.lossOut = keep(Tensor.zeros(shape));
      this.lossGrad = keep(Tensor.zeros(shape));
    }
  }

  /** Loss of the current weights on (x, t) without updating anything. */
  evaluate(x: Tensor, t: Tensor): number {
    const y = this.forward(x);
    this.ensureLossBuffers(y.shape);
    return this.loss.forwardBackward(this.engine, y, t, this.lossOut, this.lossGrad);
  }

  /** Forward and backward: fills every parameter's gradient and returns the loss (no update). */
  computeGradients(x: Tensor, t: Tensor): number {
    const y = this.forward(x);
    if (t.size !== y.size) throw new ShapeError(`${this.kind}: target ${fmtShape(t.shape)} does not match output ${fmtShape(y.shape)}`);
    assertFinite(t, `${this.kind} target`);
    this.ensureLossBuffers(y.shape);
    const loss = this.loss.forwardBackward(this.engine, y, t.reshape(y.shape), this.lossOut, this.lossGrad);
    if (!Number.isFinite(loss)) throw new NonFiniteError(`${this.kind} ${this.loss.name} loss`, y.shape, 0, loss);
    let dy: Tensor | null = this.lossGrad;
    for (let i = this.layers.length - 1; i >= 0 && dy; i--) {
      this.lastDy[i] = dy;
      dy = this.layers[i]!.backward(dy, i > 0);
    }
    return loss;
  }

  /**
   * Forward and backward with the loss reduced by a kernel into {@link lossTensor} (nothing read back): the
   * resident path. On a host engine it is {@link computeGradients} with the loss written into the tensor.
   */
  computeGradientsDevice(x: Tensor, t: Tensor): Tensor {
    if (!this.engine.resident) {
      this.lossTensor.data[0] = this.computeGradients(x, t);
      return this.lossTensor;
    }
    const y = this.forward(x);
    if (t.size !== y.size) throw new ShapeError(`${this.kind}: target ${fmtShape(t.shape)} does not match output ${fmtShape(y.shape)}`);
    assertFinite(t, `${this.kind} target`);
    this.ensureLossBuffers(y.shape);
    this.loss.forwardBackwardDevice(this.engine, y, t.shape === y.shape ? t : t.reshape(y.shape), this.lossOut, this.lossGrad, this.lossTensor);
    let dy: Tensor | null = this.lossGrad;
    for (let i = this.layers.length - 1; i >= 0 && dy; i--) {
      this.lastDy[i] = dy;
      dy = this.layers[i]!.backward(dy, i > 0);
    }
    return this.lossTensor;
  }

  /**
   * One training step that reads nothing back: returns {@link lossTensor} (the loss before the update, read it
   * with `dataSync()` / `read()` when needed; the next step overwrites it). A non-finite loss is found when it is
   * read (`train()` reads it every `every` steps), not at the step that made it. `train()` uses this on resident
   * engines; `trainBatch` reads the loss every step.
   */
  trainStep(x: Tensor, t: Tensor): Tensor {
    const loss = this.computeGradientsDevice(x, t);
    this.optimizer.step(this.engine, this.allParams);
    return loss;
  }

  /**
   * One training step on a batch: returns the loss before the update. On a resident engine that is the device
   * step ({@link trainStep}) plus one readback of the [1] loss per step; `train()` reads it every N steps instead.
   */
  trainBatch(x: Tensor, t: Tensor): number {
    if (this.engine.resident) {
      const loss = this.trainStep(x, t).dataSync()[0]!;
      if (!Number.isFinite(loss)) throw new NonFiniteError(`${this.kind} ${this.loss.name} loss`, this.lossTensor.shape, 0, loss);
      return loss;
    }
    const loss = this.computeGradients(x, t);
    this.optimizer.step(this.engine, this.allParams);
    return loss;
  }

  /** Fraction of rows whose arg-max output equals the label. */
  accuracy(x: Tensor, labels: ArrayLike<number>): number {
    if (this.engine.resident) {
      // Reduced on the device: one readback of one number instead of the output rows.
      return tidy(() => {
        const y = this.forward(x);
        const rows = y.shape[0]!;
        const count = Tensor.zeros([1]);
        this.engine.argmaxMatches(y, Tensor.from(labels, [rows]), count, `${this.kind} accuracy`);
        return count.dataSync()[0]! / rows;
      });
    }
    const y = this.forward(x);
    const cols = y.shape[y.shape.length - 1]!;
    const d = y.dataSync();
    let right = 0;
    for (let r = 0; r < y.shape[0]!; r++) {
      let best = 0;
      for (let j = 1; j < cols; j++) if (d[r * cols + j]! > d[r * cols + best]!) best = j;
      if (best === labels[r]) right++;
    }
    return right / y.shape[0]!;
  }

  /**
   * {@link accuracy} with the count read asynchronously (`await t.read()`): the form that works on every backend,
   * gpu.js webgpu included (there `accuracy` throws: it cannot read synchronously).
   */
  async accuracyAsync(x: Tensor, labels: ArrayLike<number>): Promise<number> {
    if (!this.engine.resident) return this.accuracy(x, labels);
    const y = this.forward(x);
    const rows = y.shape[0]!;
    const count = Tensor.zeros([1]), l = Tensor.from(labels, [rows]);
    try {
      this.engine.argmaxMatches(y, l, count, `${this.kind} accuracy`);
      return (await count.read())[0]! / rows;
    } finally {
      count.dispose();
      l.dispose();
    }
  }

  /**
   * Brings every parameter's host copy up to date without blocking (`await t.read()`). Until the next training
   * step, the methods that read weights on the host then see current values on every backend, including one read
   * only asynchronously (gpu.js webgpu, where they would otherwise throw): `save()`, the MLP's `traceExample`, and the
   * CNN's `featureMaps`, `filters` and `predict`. (A Sequential's own `predict` returns a tensor: `await y.read()`.)
   */
  async readWeights(): Promise<void> {
    await Promise.all(this.allParams.map((p) => p.value.read()));
  }

  /** Weights (and the config to rebuild the model) as JSON-safe data. */
  save(): WeightsJson {
    return saveParams(this.kind, this.config, this.allParams);
  }

  /** {@link save} through asynchronous reads: the way to save on a backend read only asynchronously (gpu.js webgpu). */
  saveAsync(): Promise<WeightsJson> {
    return saveParamsAsync(this.kind, this.config, this.allParams);
  }

  /** Loads weights saved by {@link save}; throws a ShapeError naming a parameter that does not fit. */
  load(json: WeightsJson): void {
    loadParams(json, this.kind, this.allParams);
  }
}
