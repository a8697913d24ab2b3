import type { F32 } from '../types.js';

/**
 * Reference LSTM cell kernels. Gate pre-activations z[n,4h] are laid out [i | f | o | g] per row, so one matmul per
 * input produces all four gates and the cell math is elementwise over h columns.
 */

/** See {@link KernelTable.lstmGates}. */
export function lstmGates(z: F32, acts: F32, n: number, h: number): void {
  const w = 4 * h;
  for (let r = 0; r < n; r++) {
    const b = r * w;
    for (let j = 0; j < 3 * h; j++) acts[b + j] = 1 / (1 + Math.exp(-z[b + j]!));
    for (let j = 3 * h; j < w; j++) acts[b + j] = Math.tanh(z[b + j]!);
  }
}

/** See {@link KernelTable.lstmState}. */
export function lstmState(acts: F32, cPrev: F32, c: F32, n: number, h: number): void {
  for (let r = 0; r < n; r++) {
    const b = r * 4 * h;
    for (let j = 0; j < h; j++) {
      const o = r * h + j;
      c[o] = acts[b + h + j]! * cPrev[o]! + acts[b + j]! * acts[b + 3 * h + j]!;
    }
  }
}

/** See {@link KernelTable.lstmOutput}. */
export function lstmOutput(acts: F32, c: F32, hOut: F32, n: number, h: number): void {
  for (let r = 0; r < n; r++) {
    const b = r * 4 * h;
    for (let j = 0; j < h; j++) {
      const o = r * h + j;
      hOut[o] = acts[b + 2 * h + j]! * Math.tanh(c[o]!);
    }
  }
}

/** See {@link KernelTable.lstmBackwardGates}. */
export function lstmBackwardGates(acts: F32, c: F32, cPrev: F32, dh: F32, dcNext: F32, dz: F32, n: number, h: number): void {
  for (let r = 0; r < n; r++) {
    const b = r * 4 * h;
    for (let j = 0; j < h; j++) {
      const o = r * h + j;
      const i = acts[b + j]!;
      const f = acts[b + h + j]!;
      const og = acts[b + 2 * h + j]!;
      const gg = acts[b + 3 * h + j]!;
      const tc = Math.tanh(c[o]!);
      const dc = dh[o]! * og * (1 - tc * tc) + dcNext[o]!;
      dz[b + j] = dc * gg * i * (1 - i);
      dz[b + h + j] = dc * cPrev[o]! * f * (1 - f);
      dz[b + 2 * h + j] = dh[o]! * tc * og * (1 - og);
      dz[b + 3 * h + j] = dc * i * (1 - gg * gg);
    }
  }
}

/** See {@link KernelTable.lstmBackwardCell}. */
export function lstmBackwardCell(acts: F32, c: F32, dh: F32, dcNext: F32, dcPrev: F32, n: number, h: number): void {
  for (let r = 0; r < n; r++) {
    const b = r * 4 * h;
    for (let j = 0; j < h; j++) {
      const o = r * h + j;
      const og = acts[b + 2 * h + j]!;
      const tc = Math.tanh(c[o]!);
      const dc = dh[o]! * og * (1 - tc * tc) + dcNext[o]!;
      dcPrev[o] = dc * acts[b + h + j]!;
    }
  }
}
