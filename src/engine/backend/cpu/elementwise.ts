import type { F32 } from '../types.js';

/** Reference elementwise kernels; each output cell reads only its own input cells, so `out` may alias an input. */

/** out = a + b. */
export function add(a: F32, b: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
}
/** out = a − b. */
export function sub(a: F32, b: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
}
/** out = a ⊙ b. */
export function mul(a: F32, b: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
}
/** out = alpha·x + beta·y. */
export function axpby(x: F32, y: F32, out: F32, n: number, alpha: number, beta: number): void {
  for (let i = 0; i < n; i++) out[i] = alpha * x[i]! + beta * y[i]!;
}
/** out = σ(x). */
export function sigmoid(x: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
}
/** out = tanh(x). */
export function tanh(x: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
}
/** out = max(0, x). */
export function relu(x: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? v : 0;
  }
}
/** out = dy·y(1−y). */
export function sigmoidBackward(y: F32, dy: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    out[i] = dy[i]! * v * (1 - v);
  }
}
/** out = dy·(1−y²). */
export function tanhBackward(y: F32, dy: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    out[i] = dy[i]! * (1 - v * v);
  }
}
/** out = dy where x > 0. */
export function reluBackward(x: F32, dy: F32, out: F32, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? dy[i]! : 0;
}
/** out = beta·v + (1−beta)·g². */
export function emaSquare(v: F32, g: F32, out: F32, n: number, beta: number): void {
  const a = 1 - beta;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    out[i] = beta * v[i]! + a * gi * gi;
  }
}
/** out = p − lr·m/(√v + eps). */
export function adamApply(p: F32, m: F32, v: F32, out: F32, n: number, lr: number, eps: number): void {
  for (let i = 0; i < n; i++) out[i] = p[i]! - (lr * m[i]!) / (Math.sqrt(v[i]!) + eps);
}
/** out[0] = ½Σ(p − t)²/rows. */
export function mseLoss(p: F32, t: F32, out: F32, rows: number, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - t[i]!;
    s += d * d;
  }
  out[0] = (0.5 * s) / rows;
}
/** out[0] = −Σ_{t≠0} t·log(max(p, 1e−30))/rows. */
export function crossEntropyLoss(p: F32, t: F32, out: F32, rows: number, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) if (t[i]! !== 0) s -= t[i]! * Math.log(Math.max(p[i]!, 1e-30));
  out[0] = s / rows;
}
/** out[0] = loss[0]; out[1] = loss[0] + (reset ? 0 : acc[1]). */
export function lossAccumulate(acc: F32, loss: F32, out: F32, reset: boolean): void {
  const l = loss[0]!;
  out[1] = reset ? l : acc[1]! + l;
  out[0] = l;
}
/** out = clamp(x, −maxAbs, maxAbs). */
export function clip(x: F32, out: F32, n: number, maxAbs: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > maxAbs ? maxAbs : v < -maxAbs ? -maxAbs : v;
  }
}
/** out = dst with [dstOffset, dstOffset + n) replaced by src[srcOffset …]. */
export function copySlice(src: F32, dst: F32, out: F32, size: number, srcOffset: number, dstOffset: number, n: number): void {
  if (out !== dst) for (let i = 0; i < size; i++) out[i] = dst[i]!;
  for (let i = 0; i < n; i++) out[dstOffset + i] = src[srcOffset + i]!;
}
/** out[0] = rows whose first maximal column equals the label. */
export function argmaxMatches(y: F32, labels: F32, out: F32, rows: number, cols: number): void {
  let right = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < cols; j++) if (y[r * cols + j]! > y[r * cols + best]!) best = j;
    if (best === labels[r]) right++;
  }
  out[0] = right;
}
