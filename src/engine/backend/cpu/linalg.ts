import type { F32 } from '../types.js';

/**
 * Reference matmul and reductions in plain loops. Loop orders keep the innermost access contiguous (i-p-j for the
 * plain case) because at demo sizes that, not the flop count, decides the speed of plain JS.
 */

/**
 * See {@link KernelTable.matmul}. One loop nest per transpose case, chosen once per call, so no inner loop
 * branches on a flag (V8 does not hoist them, and at 2-8-8-1 sizes the branch costs more than the multiply).
 */
export function matmul(a: F32, b: F32, out: F32, m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  if (!transA && transB) return matmulNT(a, b, out, m, k, n, accumulate);
  if (!accumulate) out.fill(0, 0, m * n);
  if (!transA && !transB) {
    if (n === 1) {
      for (let i = 0; i < m; i++) {
        let s = 0;
        const ra = i * k;
        for (let p = 0; p < k; p++) s += a[ra + p]! * b[p]!;
        out[i]! += s;
      }
      return;
    }
    for (let i = 0; i < m; i++) {
      const ro = i * n;
      const ra = i * k;
      for (let p = 0; p < k; p++) {
        const av = a[ra + p]!;
        const rb = p * n;
        for (let j = 0; j < n; j++) out[ro + j]! += av * b[rb + j]!;
      }
    }
  } else if (transA && !transB) {
    // aᵀ·b with a [k, m]: walk the shared dimension outermost so both inner reads are contiguous rows.
    for (let p = 0; p < k; p++) {
      const ra = p * m;
      const rb = p * n;
      for (let i = 0; i < m; i++) {
        const av = a[ra + i]!;
        const ro = i * n;
        for (let j = 0; j < n; j++) out[ro + j]! += av * b[rb + j]!;
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[p * m + i]! * b[j * k + p]!;
        out[i * n + j]! += s;
      }
    }
  }
}

/** a·bᵀ with b [n, k]: every output is a dot product of two contiguous rows. */
function matmulNT(a: F32, b: F32, out: F32, m: number, k: number, n: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    const ra = i * k;
    const ro = i * n;
    for (let j = 0; j < n; j++) {
      const rb = j * k;
      let s = accumulate ? out[ro + j]! : 0;
      for (let p = 0; p < k; p++) s += a[ra + p]! * b[rb + p]!;
      out[ro + j] = s;
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
