import type { F32 } from '../types.js';

/**
 * Reference matmul and reductions in plain loops. Loop orders keep the innermost access contiguous (i-p-j for the
 * plain case) because at demo sizes that, not the flop count, decides the speed of plain JS.
 */

/** See {@link KernelTable.matmul}. */
export function matmul(a: F32, b: F32, out: F32, m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, m * n);
  if (!transB) {
    for (let i = 0; i < m; i++) {
      const ro = i * n;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i]! : a[i * k + p]!;
        if (av === 0) continue;
        const rb = p * n;
        for (let j = 0; j < n; j++) out[ro + j]! += av * b[rb + j]!;
      }
    }
  } else {
    // b is [n,k]: each output is a dot product of two contiguous rows when a is not transposed.
    for (let i = 0; i < m; i++) {
      const ro = i * n;
      for (let j = 0; j < n; j++) {
        const rb = j * k;
        let s = 0;
        if (transA) for (let p = 0; p < k; p++) s += a[p * m + i]! * b[rb + p]!;
        else {
          const ra = i * k;
          for (let p = 0; p < k; p++) s += a[ra + p]! * b[rb + p]!;
        }
        out[ro + j]! += s;
      }
    }
  }
}

/** See {@link KernelTable.addRowVector}. */
export function addRowVector(x: F32, v: F32, out: F32, rows: number, cols: number): void {
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) out[o] = x[o]! + v[j]!;
}

/** See {@link KernelTable.sumRows}. */
export function sumRows(x: F32, out: F32, rows: number, cols: number, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, cols);
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) out[j]! += x[o]!;
}

/** See {@link KernelTable.softmaxRows}. */
export function softmaxRows(x: F32, out: F32, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) if (x[r + j]! > mx) mx = x[r + j]!;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[r + j]! - mx);
      out[r + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) out[r + j]! *= inv;
  }
}

/** See {@link KernelTable.softmaxCrossEntropyBackward}. */
export function softmaxCrossEntropyBackward(p: F32, t: F32, out: F32, rows: number, cols: number): void {
  const inv = 1 / rows;
  for (let i = 0, n = rows * cols; i < n; i++) out[i] = (p[i]! - t[i]!) * inv;
}
