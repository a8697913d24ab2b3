import { conv2dOutputShape, pool2dOutputShape, ShapeError } from '../nn/shape.js';
import { fmtShape } from '../tensor.js';
import type { DiffOp } from './types.js';

/** Attributes of {@link conv2d}. */
export interface Conv2dAttrs {
  stride: number;
  pad: number;
  where?: string;
}

/**
 * 2-D convolution, NCHW: x[N,C,H,W] ⊛ w[F,C,K,K] + b[F] → [N,F,OH,OW] with OH = (H − K + 2P)/S + 1 from
 * `nn/shape.ts` (a ShapeError when it is not a whole number).
 */
export const conv2d: DiffOp<Conv2dAttrs> = {
  name: 'conv2d',
  outShape([x, w], a) {
    const where = a.where ?? 'conv2d';
    if (x?.length !== 4 || w?.length !== 4) {
      throw new ShapeError(`${where}: expected x [N, C, H, W] and w [F, C, K, K], got ${fmtShape(x ?? [])} and ${fmtShape(w ?? [])}`);
    }
    if (w[1] !== x[1]) throw new ShapeError(`${where}: input has ${x[1]} channels but filters ${fmtShape(w)} expect ${w[1]}`);
    const o = conv2dOutputShape({ channels: x[1]!, height: x[2]!, width: x[3]! }, { filters: w[0]!, kernel: w[2]!, stride: a.stride, padding: a.pad }, where);
    return [x[0]!, o.channels, o.height, o.width];
  },
  forward(e, [x, w, b], a, out) {
    e.conv2d(x!, w!, b!, out, e.convGeom(x!, w!, a.stride, a.pad, a.where), a.where);
  },
  backward(e, [x, w], a, _out, dy, [dx, dw, db]) {
    const g = e.convGeom(x!, w!, a.stride, a.pad, a.where);
    const where = `${a.where ?? 'conv2d'} backward`;
    if (dx) e.conv2dBackwardInput(dy, w!, dx, g, where);
    if (dw) e.conv2dBackwardFilter(x!, dy, dw, g, false, where);
    if (db) e.conv2dBackwardBias(dy, db, g, false, where);
  },
};

/** Attributes of {@link maxPool2d}; stride defaults to the window. */
export interface PoolAttrs {
  kernel: number;
  stride?: number;
  pad?: number;
  where?: string;
}

/** Max-pooling over NCHW windows; the gradient goes to the first maximal cell of each window. */
export const maxPool2d: DiffOp<PoolAttrs> = {
  name: 'maxpool',
  outShape([x], a) {
    const where = a.where ?? 'maxpool';
    if (x?.length !== 4) throw new ShapeError(`${where}: input must be [N, C, H, W], got ${fmtShape(x ?? [])}`);
    const o = pool2dOutputShape({ channels: x[1]!, height: x[2]!, width: x[3]! }, { kernel: a.kernel, stride: a.stride ?? a.kernel, padding: a.pad ?? 0 }, where);
    return [x[0]!, o.channels, o.height, o.width];
  },
  forward(e, [x], a, out) {
    e.maxPool(x!, out, e.poolGeom(x!, a.kernel, a.stride ?? a.kernel, a.pad ?? 0, a.where), a.where);
  },
  backward(e, [x], a, _out, dy, [dx]) {
    if (dx) e.maxPoolBackward(x!, dy, dx, e.poolGeom(x!, a.kernel, a.stride ?? a.kernel, a.pad ?? 0, a.where), `${a.where ?? 'maxpool'} backward`);
  },
};
