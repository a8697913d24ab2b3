import type { Engine } from '../engine.js';
import type { DiffOp } from '../ops/types.js';
import { keep, Tensor } from '../tensor.js';

/** A trainable tensor and its gradient, named `layer.param` (e.g. `dense1.w`) for save/load and error messages. */
export interface Param {
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
}

/**
 * A layer over a batch: `forward` takes x[N, …inShape] and returns its own (reused) output buffer; `backward`
 * takes dL/dout and fills the parameter gradients, returning dL/dx (or null when `needDx` is false, which saves
 * the first layer's input gradient).
 */
export interface Layer {
  readonly name: string;
  /** Per-example input and output shapes (without the batch dimension). */
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  params(): Param[];
  forward(x: Tensor): Tensor;
  backward(dy: Tensor, needDx: boolean): Tensor | null;
}

/** Makes a named parameter with a zero gradient. */
export function param(name: string, value: Tensor): Param {
  return { name, value: keep(value), grad: keep(Tensor.zeros(value.shape)) };
}

/**
 * A layer that applies one differentiable op to [x, ...params]. Output and input-gradient buffers are allocated
 * per batch size and reused, so steady-state training allocates nothing.
 */
export class OpLayer<A> implements Layer {
  private n = -1;
  private out!: Tensor;
  private dx!: Tensor;
  private readonly ps: Param[];
  // Argument arrays reused across steps (slot 0 is the current input / input gradient).
  private readonly inputs: Tensor[];
  private readonly grads: (Tensor | null)[];
  private readonly noDx: (Tensor | null)[];

  /** Wraps `op` with its attributes and parameters. */
  constructor(
    readonly name: string,
    protected readonly engine: Engine,
    private readonly op: DiffOp<A>,
    private readonly attrs: A,
    readonly inShape: readonly number[],
    params: Param[],
  ) {
    this.ps = params;
    this.inputs = [params[0]?.value ?? Tensor.zeros([0]), ...params.map((p) => p.value)];
    this.grads = [null, ...params.map((p) => p.grad)];
    this.noDx = [null, ...params.map((p) => p.grad)];
    this.outShape = op.outShape([[1, ...inShape], ...params.map((p) => p.value.shape)], attrs).slice(1);
  }

  readonly outShape: readonly number[];

  /** Trainable parameters. */
  params(): Param[] {
    return this.ps;
  }

  /** out = op(x, params). */
  forward(x: Tensor): Tensor {
    const n = x.shape[0]!;
    if (n !== this.n) {
      this.n = n;
      this.out?.dispose();
      this.dx?.dispose();
      this.out = keep(Tensor.zeros([n, ...this.outShape]));
      this.dx = keep(Tensor.zeros([n, ...this.inShape]));
    }
    this.inputs[0] = x;
    this.op.forward(this.engine, this.inputs, this.attrs, this.out);
    return this.out;
  }

  /** Fills parameter gradients; returns dL/dx when asked. */
  backward(dy: Tensor, needDx: boolean): Tensor | null {
    this.grads[0] = this.dx;
    this.op.backward(this.engine, this.inputs, this.attrs, this.out, dy, needDx ? this.grads : this.noDx);
    return needDx ? this.dx : null;
  }

  /** The gradient w.r.t. this layer's input from the last backward pass (valid after `backward(dy, true)`). */
  inputGrad(): Tensor {
    return this.dx;
  }
}
