import type { Engine } from '../engine.js';
import type { Tensor } from '../tensor.js';

/**
 * A differentiable op: forward and backward side by side (micrograd's `_backward` next to each op, tinygrad's
 * mlops). Both write into caller-owned tensors, so layers preallocate and the gradient-check helper allocates.
 */
export interface DiffOp<A> {
  /** Name used in errors and test titles. */
  readonly name: string;
  /** Output shape for the given input shapes; throws a ShapeError when they do not fit. */
  outShape(inputs: readonly (readonly number[])[], attrs: A): number[];
  /** out = op(inputs). */
  forward(e: Engine, inputs: readonly Tensor[], attrs: A, out: Tensor): void;
  /**
   * Given dL/dout in `dy`, writes dL/dinput into `grads[i]` (skipped where `grads[i]` is null, e.g. the data input
   * of a first layer). `out` is the forward output, which sigmoid/tanh/max-pool backward reuse.
   */
  backward(e: Engine, inputs: readonly Tensor[], attrs: A, out: Tensor, dy: Tensor, grads: readonly (Tensor | null)[]): void;
}

/** A loss over predictions and targets of the same shape [N, …]; mean over the batch. */
export interface LossOp {
  readonly name: string;
  /**
   * Computes the loss. `out` receives what the backward pass needs (the softmax probabilities, or a copy-free
   * pass-through for MSE) and `grad` receives dL/dprediction.
   */
  forwardBackward(e: Engine, pred: Tensor, target: Tensor, out: Tensor, grad: Tensor): number;
  /** The same, with the loss reduced by a kernel into `loss` ([1]) instead of read on the host (resident engines). */
  forwardBackwardDevice(e: Engine, pred: Tensor, target: Tensor, out: Tensor, grad: Tensor, loss: Tensor): void;
}
