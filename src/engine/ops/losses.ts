import { ShapeError } from '../nn/shape.js';
import { fmtShape, type Tensor } from '../tensor.js';
import type { LossOp } from './types.js';

function check(name: string, pred: Tensor, target: Tensor): number {
  if (pred.size !== target.size || pred.shape[0] !== target.shape[0]) {
    throw new ShapeError(`${name}: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} differ`);
  }
  return pred.shape[0] ?? 1;
}

/**
 * Mean squared error as in the seed note: per example ½Σ_k (o_k − t_k)², averaged over the batch, so with a batch
 * of one dL/do_k = o_k − t_k exactly and the output δ is (o_k − t_k)·o_k(1 − o_k).
 */
export const mse: LossOp = {
  name: 'mse',
  forwardBackward(e, pred, target, out, grad) {
    const n = check('mse', pred, target);
    e.axpby(pred, target, grad, 1 / n, -1 / n, 'mse');
    // Loss read on the host (a readback on a resident engine: the device path below reduces it with a kernel).
    const p = pred.data, t = target.data;
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const d = p[i]! - t[i]!;
      s += d * d;
    }
    if (out !== pred) out.data.set(p);
    return (0.5 * s) / n;
  },
  forwardBackwardDevice(e, pred, target, _out, grad, loss) {
    const n = check('mse', pred, target);
    e.axpby(pred, target, grad, 1 / n, -1 / n, 'mse');
    // `out` is not needed by MSE's backward pass; the device path does not copy the predictions into it.
    e.mseLoss(pred, target, loss);
  },
};

/**
 * Softmax + cross-entropy on logits, fused because dL/dz = p − t is both simpler and stabler than chaining the two
 * Jacobians. Targets are one-hot (or any distribution) rows; the loss is the batch mean of −Σ t·log p.
 */
export const softmaxCrossEntropy: LossOp = {
  name: 'softmax cross-entropy',
  forwardBackward(e, logits, target, probs, grad) {
    const n = check('softmax cross-entropy', logits, target);
    e.softmaxRows(logits, probs, 'softmax cross-entropy');
    e.softmaxCrossEntropyBackward(probs, target, grad);
    const p = probs.data, t = target.data;
    let s = 0;
    for (let i = 0; i < p.length; i++) if (t[i]! !== 0) s -= t[i]! * Math.log(Math.max(p[i]!, 1e-30));
    return s / n;
  },
  forwardBackwardDevice(e, logits, target, probs, grad, loss) {
    check('softmax cross-entropy', logits, target);
    e.softmaxRows(logits, probs, 'softmax cross-entropy');
    e.softmaxCrossEntropyBackward(probs, target, grad);
    e.crossEntropyLoss(probs, target, loss);
  },
};
