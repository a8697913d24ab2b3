import { ShapeError } from '../nn/shape.js';
import { fmtShape } from '../tensor.js';
import { NO_TRANSPOSE, TRANS_A, TRANS_B } from '../engine.js';
import type { DiffOp } from './types.js';

/**
 * Fully connected op: out[N,O] = x[N,I]·w[I,O] + b[O]. The weight is stored [in, out] so that w[i][j] is the seed
 * note's w_ij, the weight from unit i to unit j, and ∂L/∂w_ij = o_i·δ_j is literally xᵀ·dy.
 */
export const dense: DiffOp<{ where?: string }> = {
  name: 'dense',
  outShape([x, w, b], a) {
    const where = a.where ?? 'dense';
    if (!x || !w || !b || x.length !== 2 || w.length !== 2 || x[1] !== w[0] || b.length !== 1 || b[0] !== w[1]) {
      throw new ShapeError(`${where}: input ${fmtShape(x ?? [])} does not fit weights ${fmtShape(w ?? [])} and bias ${fmtShape(b ?? [])} (expected [N, ${w?.[0]}])`);
    }
    return [x[0]!, w[1]!];
  },
  forward(e, [x, w, b], a, out) {
    e.matmul(x!, w!, out, NO_TRANSPOSE, a.where ?? 'dense');
    e.addRowVector(out, b!, out, a.where ?? 'dense');
  },
  backward(e, [x, w], a, _out, dy, [dx, dw, db]) {
    const where = `${a.where ?? 'dense'} backward`;
    if (dx) e.matmul(dy, w!, dx, TRANS_B, where);
    if (dw) e.matmul(x!, dy, dw, TRANS_A, where);
    if (db) e.sumRows(dy, db, false, where);
  },
};
