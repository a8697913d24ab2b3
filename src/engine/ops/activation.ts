import type { Activation } from '../engine.js';
import type { DiffOp } from './types.js';

/**
 * Elementwise activations. Backward of sigmoid and tanh uses the forward output (σ' = σ(1 − σ), the seed note's
 * o(1 − o)); relu uses the input.
 */
export function activation(kind: Activation): DiffOp<{ where?: string }> {
  return {
    name: kind,
    outShape: ([x]) => [...x!],
    forward(e, [x], a, out) {
      e.activate(kind, x!, out, a.where ?? kind);
    },
    backward(e, [x], a, out, dy, [dx]) {
      if (dx) e.activateBackward(kind, kind === 'relu' ? x! : out, dy, dx, `${a.where ?? kind} backward`);
    },
  };
}

/** σ(x) = 1/(1 + e^−x). */
export const sigmoid = activation('sigmoid');
/** tanh(x). */
export const tanh = activation('tanh');
/** max(0, x). */
export const relu = activation('relu');
