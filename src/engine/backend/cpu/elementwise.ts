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
