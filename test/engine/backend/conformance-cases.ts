/**
 * The conformance cases: for every kernel of the contract, inputs and a call that returns the outputs to compare.
 * Pure (no node:* imports) so the same cases run in Node (`conformance.test.ts`) and in headless Chromium on WebGL
 * (`../browser/webgl.test.ts`). `cases` is a Record over every KernelName, so a new kernel without a case fails to
 * type-check.
 */
import { referenceKernels } from '../../../src/engine/backend/cpu/index.js';
// Every family: the cases cover every kernel of the contract.
import '../../../src/engine/backend/cpu/conv-kernels.js';
import '../../../src/engine/backend/cpu/lstm-kernels.js';
import type { ConvGeom, KernelName, KernelTable, PoolGeom } from '../../../src/engine/backend/types.js';
import { Rng } from '../../../src/engine/random.js';

const rng = new Rng(7);
const rand = (n: number, lo = -1, hi = 1): Float32Array => Float32Array.from({ length: n }, () => rng.uniform(lo, hi));

/** One case: builds inputs, runs the kernel from `t`, returns the outputs to compare. */
export type Case = (t: KernelTable) => Float32Array[];

function convCase(g: ConvGeom) {
  const x = rand(g.n * g.c * g.h * g.w);
  const w = rand(g.f * g.c * g.k * g.k);
  const b = rand(g.f);
  const dy = rand(g.n * g.f * g.oh * g.ow);
  const prev = rand(g.f * g.c * g.k * g.k);
  const prevB = rand(g.f);
  return { x, w, b, dy, prev, prevB };
}
// Stride 2 with padding 1 exercises the remainder and border logic; the second geometry is the demo's conv1.
const g1: ConvGeom = { n: 2, c: 3, h: 7, w: 7, f: 4, k: 3, stride: 2, pad: 1, oh: 4, ow: 4 };
const g2: ConvGeom = { n: 2, c: 1, h: 12, w: 12, f: 3, k: 5, stride: 1, pad: 2, oh: 12, ow: 12 };
const c1 = convCase(g1);
const c2 = convCase(g2);
const p1: PoolGeom = { n: 2, c: 3, h: 6, w: 6, k: 2, stride: 2, pad: 0, oh: 3, ow: 3 };
const p2: PoolGeom = { n: 1, c: 2, h: 7, w: 7, k: 3, stride: 2, pad: 1, oh: 4, ow: 4 };
// Ties: quantised values make equal maxima common, checking that all backends route to the same (first) cell.
const px1 = Float32Array.from(rand(2 * 3 * 36), (v) => Math.round(v * 2) / 2);
const px2 = rand(2 * 49);
const pdy1 = rand(2 * 3 * 9);
const pdy2 = rand(2 * 16);
const A = rand(5 * 7), B = rand(7 * 3), Bt = rand(3 * 7), At = rand(7 * 5), C = rand(5 * 3);
const n = 37;
const e1 = rand(n), e2 = rand(n), pos = rand(n, 0.01, 1);
const H = 3, N = 2;
const z = rand(N * 4 * H, -2, 2), acts = new Float32Array(N * 4 * H);
referenceKernels.lstmGates(z, acts, N, H);
const cPrev = rand(N * H), cc = rand(N * H), dh = rand(N * H), dcn = rand(N * H);

const out = (len: number) => new Float32Array(len);
export const cases: Record<KernelName, Case> = {
  matmul: (t) => {
    const o1 = out(15), o2 = out(15), o3 = out(15), o4 = C.slice();
    t.matmul(A, B, o1, 5, 7, 3, false, false, false);
    t.matmul(At, B, o2, 5, 7, 3, true, false, false);
    t.matmul(A, Bt, o3, 5, 7, 3, false, true, false);
    t.matmul(At, Bt, o4, 5, 7, 3, true, true, true);
    return [o1, o2, o3, o4];
  },
  addRowVector: (t) => { const o = out(15); t.addRowVector(A.subarray(0, 15), B.subarray(0, 3), o, 5, 3); return [o]; },
  sumRows: (t) => { const o = out(7), o2 = B.slice(0, 7); t.sumRows(A, o, 5, 7, false); t.sumRows(A, o2, 5, 7, true); return [o, o2]; },
  add: (t) => { const o = out(n); t.add(e1, e2, o, n); return [o]; },
  sub: (t) => { const o = out(n); t.sub(e1, e2, o, n); return [o]; },
  mul: (t) => { const o = out(n); t.mul(e1, e2, o, n); return [o]; },
  axpby: (t) => { const o = out(n); t.axpby(e1, e2, o, n, 0.3, -1.7); return [o]; },
  sigmoid: (t) => { const o = out(n); t.sigmoid(e1, o, n); return [o]; },
  tanh: (t) => { const o = out(n); t.tanh(e1, o, n); return [o]; },
  relu: (t) => { const o = out(n); t.relu(e1, o, n); return [o]; },
  sigmoidBackward: (t) => { const o = out(n); t.sigmoidBackward(pos, e2, o, n); return [o]; },
  tanhBackward: (t) => { const o = out(n); t.tanhBackward(e1, e2, o, n); return [o]; },
  reluBackward: (t) => { const o = out(n); t.reluBackward(e1, e2, o, n); return [o]; },
  softmaxRows: (t) => { const o = out(35); t.softmaxRows(A, o, 5, 7); return [o]; },
  softmaxCrossEntropyBackward: (t) => { const o = out(35); t.softmaxCrossEntropyBackward(A, At, o, 5, 7); return [o]; },
  conv2d: (t) => {
    const o1 = out(g1.n * g1.f * 16), o2 = out(g2.n * g2.f * 144);
    t.conv2d(c1.x, c1.w, c1.b, o1, g1);
    t.conv2d(c2.x, c2.w, c2.b, o2, g2);
    return [o1, o2];
  },
  conv2dBackwardInput: (t) => {
    const o1 = out(c1.x.length), o2 = out(c2.x.length);
    t.conv2dBackwardInput(c1.dy, c1.w, o1, g1);
    t.conv2dBackwardInput(c2.dy, c2.w, o2, g2);
    return [o1, o2];
  },
  conv2dBackwardFilter: (t) => {
    const o1 = out(c1.w.length), o2 = c2.prev.slice();
    t.conv2dBackwardFilter(c1.x, c1.dy, o1, g1, false);
    t.conv2dBackwardFilter(c2.x, c2.dy, o2, g2, true);
    return [o1, o2];
  },
  conv2dBackwardBias: (t) => {
    const o1 = out(g1.f), o2 = c2.prevB.slice();
    t.conv2dBackwardBias(c1.dy, o1, g1, false);
    t.conv2dBackwardBias(c2.dy, o2, g2, true);
    return [o1, o2];
  },
  maxPool: (t) => { const o1 = out(2 * 3 * 9), o2 = out(2 * 16); t.maxPool(px1, o1, p1); t.maxPool(px2, o2, p2); return [o1, o2]; },
  maxPoolBackward: (t) => {
    const o1 = out(px1.length), o2 = out(px2.length);
    t.maxPoolBackward(px1, pdy1, o1, p1);
    t.maxPoolBackward(px2, pdy2, o2, p2);
    return [o1, o2];
  },
  lstmGates: (t) => { const o = out(z.length); t.lstmGates(z, o, N, H); return [o]; },
  lstmState: (t) => { const o = out(N * H); t.lstmState(acts, cPrev, o, N, H); return [o]; },
  lstmOutput: (t) => { const o = out(N * H); t.lstmOutput(acts, cc, o, N, H); return [o]; },
  lstmBackwardGates: (t) => { const o = out(z.length); t.lstmBackwardGates(acts, cc, cPrev, dh, dcn, o, N, H); return [o]; },
  lstmBackwardCell: (t) => { const o = out(N * H); t.lstmBackwardCell(acts, cc, dh, dcn, o, N, H); return [o]; },
  emaSquare: (t) => { const o = out(n); t.emaSquare(pos, e1, o, n, 0.999); return [o]; },
  adamApply: (t) => { const o = out(n); t.adamApply(e1, e2, pos, o, n, 0.01, 1e-8); return [o]; },
  mseLoss: (t) => { const o = out(1); t.mseLoss(e1, e2, o, 5, n); return [o]; },
  // Probabilities with zeros in the targets (skipped terms) and one tiny p (the 1e-30 floor).
  crossEntropyLoss: (t) => {
    const o = out(1), tt = Float32Array.from(e2, (v) => (v > 0 ? v : 0)), pp = pos.slice();
    pp[3] = 0;
    tt[3] = 0;
    t.crossEntropyLoss(pp, tt, o, 4, n);
    return [o];
  },
  lossAccumulate: (t) => {
    const acc = Float32Array.from([0.5, 2.25]), l = Float32Array.from([0.75]), o1 = out(2), o2 = acc.slice();
    t.lossAccumulate(acc, l, o1, true);
    t.lossAccumulate(o2, l, o2, false);
    return [o1, o2];
  },
  copySlice: (t) => {
    const into = C.slice(), part = out(6);
    t.copySlice(e1, C, into, 15, 4, 5, 7); // 7 values of e1 from 4 into C at 5
    t.copySlice(A, part, part, 6, 20, 0, 6); // rows out of a bigger tensor
    return [into, part];
  },
  argmaxMatches: (t) => {
    const o = out(1), labels = Float32Array.from({ length: 5 }, (_, r) => (r % 2 ? 6 : [0, 2, 4, 6, 1][r]!));
    // Ties (quantised rows) go to the first maximal column everywhere.
    const tied = Float32Array.from(A, (v) => Math.round(v));
    const o2 = out(1);
    t.argmaxMatches(A, labels, o, 5, 7);
    t.argmaxMatches(tied, labels, o2, 5, 7);
    return [o, o2];
  },
  clip: (t) => { const o = out(n), o2 = Float32Array.from(e1, (v) => v * 3); t.clip(e1, o, n, 0.4); t.clip(o2, o2, n, 1.5); return [o, o2]; },
};

/** Largest |got − want| / (1 + |want|) over every output of every case; NaN-safe (NaN counts as Infinity). */
export function relativeError(got: Float32Array, want: Float32Array): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!));
    worst = e > worst || e !== e ? (e !== e ? Infinity : e) : worst;
  }
  return worst;
}
