/** The reference backend's stride-1 convolution fast path against its direct loops, over kernel sizes and paddings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conv2dBackwardFilterDirect, conv2dBackwardInputDirect, conv2dDirect } from '../../../../src/engine/backend/cpu/conv.js';
import { conv2dBackwardFilterStride1, conv2dBackwardInputStride1, conv2dStride1 } from '../../../../src/engine/backend/cpu/conv-stride1.js';
import type { ConvGeom } from '../../../../src/engine/backend/types.js';
import { Rng } from '../../../../src/engine/random.js';
import { relativeError } from '../conformance-cases.js';

const geoms: [c: number, h: number, f: number, k: number, pad: number][] = [
  [1, 28, 8, 5, 0], // ConvNetJS demo conv1 on 28×28
  [8, 12, 16, 5, 2], // its conv2
  [3, 7, 4, 3, 1],
  [2, 6, 3, 3, 2],
  [2, 5, 2, 1, 0],
  [1, 9, 2, 4, 1],
];

for (const [c, h, f, k, pad] of geoms) {
  test(`stride 1, C=${c} H=W=${h} F=${f} K=${k} P=${pad}: fast path equals the direct loops`, () => {
    const o = h - k + 2 * pad + 1;
    const g: ConvGeom = { n: 2, c, h, w: h, f, k, stride: 1, pad, oh: o, ow: o };
    const rng = new Rng(c * 100 + k);
    const r = (len: number) => Float32Array.from({ length: len }, () => rng.uniform(-1, 1));
    const x = r(2 * c * h * h), w = r(f * c * k * k), b = r(f), dy = r(2 * f * o * o), acc = r(f * c * k * k);
    const pair = (fast: (out: Float32Array) => void, direct: (out: Float32Array) => void, len: number, init?: Float32Array) => {
      const a = init ? init.slice() : new Float32Array(len), d = init ? init.slice() : new Float32Array(len);
      fast(a);
      direct(d);
      return relativeError(a, d);
    };
    assert.ok(pair((out) => conv2dStride1(x, w, b, out, g), (out) => conv2dDirect(x, w, b, out, g), 2 * f * o * o) < 1e-5, 'forward');
    assert.ok(pair((out) => conv2dBackwardFilterStride1(x, dy, out, g, true), (out) => conv2dBackwardFilterDirect(x, dy, out, g, true), 0, acc) < 1e-5, 'filter');
    assert.ok(pair((out) => conv2dBackwardInputStride1(dy, w, out, g), (out) => conv2dBackwardInputDirect(dy, w, out, g), 2 * c * h * h) < 1e-5, 'input');
  });
}
