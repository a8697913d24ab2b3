import type { ConvGeom, F32, PoolGeom } from '../types.js';
import { conv2dBackwardFilterStride1, conv2dBackwardInputStride1, conv2dStride1 } from './conv-stride1.js';

/**
 * Reference convolution and pooling. Stride 1 (every CNN demo) goes to `conv-stride1.ts`; the general loops below
 * handle any stride and are the oracle those fast paths are tested against. Written scatter-style with the output-x range of each kernel tap computed once,
 * so the innermost loop is a branch-free contiguous multiply-add: this is the "best CPU path" for the CNN demo.
 */

// First and last output column whose input column ox·S − P + kx lies inside [0, w). Two scalar functions rather
// than one returning a pair: a tuple per kernel tap was ~50 k short-lived arrays per CNN step.
function oxLo(kx: number, g: ConvGeom): number {
  return Math.max(0, Math.ceil((g.pad - kx) / g.stride));
}
function oxHi(kx: number, g: ConvGeom): number {
  return Math.min(g.ow - 1, Math.floor((g.w - 1 + g.pad - kx) / g.stride));
}

/** See {@link KernelTable.conv2d}. */
export function conv2d(x: F32, w: F32, b: F32, out: F32, g: ConvGeom): void {
  if (g.stride === 1) conv2dStride1(x, w, b, out, g);
  else conv2dDirect(x, w, b, out, g);
}

/** Direct loops for any stride: the oracle the stride-1 fast path is tested against. */
export function conv2dDirect(x: F32, w: F32, b: F32, out: F32, g: ConvGeom): void {
  const { n, c, h, w: W, f, k, stride: S, pad: P, oh, ow } = g;
  const plane = oh * ow;
  for (let nn = 0; nn < n; nn++) {
    for (let ff = 0; ff < f; ff++) {
      const ob = (nn * f + ff) * plane;
      out.fill(b[ff]!, ob, ob + plane);
      for (let cc = 0; cc < c; cc++) {
        const xb = (nn * c + cc) * h * W;
        const wb = (ff * c + cc) * k * k;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const wv = w[wb + ky * k + kx]!;
            const lo = oxLo(kx, g), hi = oxHi(kx, g);
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * S - P + ky;
              if (iy < 0 || iy >= h) continue;
              const xr = xb + iy * W - P + kx;
              const or = ob + oy * ow;
              if (S === 1) for (let ox = lo; ox <= hi; ox++) out[or + ox]! += wv * x[xr + ox]!;
              else for (let ox = lo; ox <= hi; ox++) out[or + ox]! += wv * x[xr + ox * S]!;
            }
          }
        }
      }
    }
  }
}

/** See {@link KernelTable.conv2dBackwardInput}. */
export function conv2dBackwardInput(dy: F32, w: F32, dx: F32, g: ConvGeom): void {
  if (g.stride === 1 && g.pad <= g.k - 1) conv2dBackwardInputStride1(dy, w, dx, g);
  else conv2dBackwardInputDirect(dy, w, dx, g);
}

/** Direct loops for any stride and padding. */
export function conv2dBackwardInputDirect(dy: F32, w: F32, dx: F32, g: ConvGeom): void {
  const { n, c, h, w: W, f, k, stride: S, pad: P, oh, ow } = g;
  dx.fill(0, 0, n * c * h * W);
  const plane = oh * ow;
  for (let nn = 0; nn < n; nn++) {
    for (let ff = 0; ff < f; ff++) {
      const ob = (nn * f + ff) * plane;
      for (let cc = 0; cc < c; cc++) {
        const xb = (nn * c + cc) * h * W;
        const wb = (ff * c + cc) * k * k;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const wv = w[wb + ky * k + kx]!;
            const lo = oxLo(kx, g), hi = oxHi(kx, g);
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * S - P + ky;
              if (iy < 0 || iy >= h) continue;
              const xr = xb + iy * W - P + kx;
              const or = ob + oy * ow;
              for (let ox = lo; ox <= hi; ox++) dx[xr + ox * S]! += wv * dy[or + ox]!;
            }
          }
        }
      }
    }
  }
}

/** See {@link KernelTable.conv2dBackwardFilter}. */
export function conv2dBackwardFilter(x: F32, dy: F32, dw: F32, g: ConvGeom, accumulate: boolean): void {
  if (g.stride === 1) conv2dBackwardFilterStride1(x, dy, dw, g, accumulate);
  else conv2dBackwardFilterDirect(x, dy, dw, g, accumulate);
}

/** Direct loops for any stride. */
export function conv2dBackwardFilterDirect(x: F32, dy: F32, dw: F32, g: ConvGeom, accumulate: boolean): void {
  const { n, c, h, w: W, f, k, stride: S, pad: P, oh, ow } = g;
  if (!accumulate) dw.fill(0, 0, f * c * k * k);
  const plane = oh * ow;
  for (let nn = 0; nn < n; nn++) {
    for (let ff = 0; ff < f; ff++) {
      const ob = (nn * f + ff) * plane;
      for (let cc = 0; cc < c; cc++) {
        const xb = (nn * c + cc) * h * W;
        const wb = (ff * c + cc) * k * k;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const lo = oxLo(kx, g), hi = oxHi(kx, g);
            let s = 0;
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * S - P + ky;
              if (iy < 0 || iy >= h) continue;
              const xr = xb + iy * W - P + kx;
              const or = ob + oy * ow;
              if (S === 1) for (let ox = lo; ox <= hi; ox++) s += x[xr + ox]! * dy[or + ox]!;
              else for (let ox = lo; ox <= hi; ox++) s += x[xr + ox * S]! * dy[or + ox]!;
            }
            dw[wb + ky * k + kx]! += s;
          }
        }
      }
    }
  }
}

/** See {@link KernelTable.conv2dBackwardBias}. */
export function conv2dBackwardBias(dy: F32, db: F32, g: ConvGeom, accumulate: boolean): void {
  const { n, f, oh, ow } = g;
  if (!accumulate) db.fill(0, 0, f);
  const plane = oh * ow;
  for (let nn = 0; nn < n; nn++) {
    for (let ff = 0; ff < f; ff++) {
      const ob = (nn * f + ff) * plane;
      let s = 0;
      for (let i = 0; i < plane; i++) s += dy[ob + i]!;
      db[ff]! += s;
    }
  }
}

/** Flat index (within the plane) of the first maximal cell of window (oy, ox), or −1 if the window is all padding. */
function windowArgmax(x: F32, base: number, oy: number, ox: number, g: PoolGeom): number {
  let best = -1;
  let mx = -Infinity;
  for (let ky = 0; ky < g.k; ky++) {
    const iy = oy * g.stride - g.pad + ky;
    if (iy < 0 || iy >= g.h) continue;
    for (let kx = 0; kx < g.k; kx++) {
      const ix = ox * g.stride - g.pad + kx;
      if (ix < 0 || ix >= g.w) continue;
      const v = x[base + iy * g.w + ix]!;
      if (best < 0 || v > mx) {
        mx = v;
        best = iy * g.w + ix;
      }
    }
  }
  return best;
}

/**
 * Index (within the plane) of the first maximum of tiled window (oy, ox): stride = k, no padding, so every cell is
 * inside the plane and no bounds checks are needed. Same scan order and tie rule as {@link windowArgmax}.
 */
function tiledArgmax(x: F32, base: number, oy: number, ox: number, k: number, w: number): number {
  let best = oy * k * w + ox * k;
  let mx = x[base + best]!;
  for (let ky = 0; ky < k; ky++) {
    const row = (oy * k + ky) * w + ox * k;
    for (let kx = 0; kx < k; kx++) {
      const v = x[base + row + kx]!;
      if (v > mx) {
        mx = v;
        best = row + kx;
      }
    }
  }
  return best;
}

/** See {@link KernelTable.maxPool}. */
export function maxPool(x: F32, out: F32, g: PoolGeom): void {
  const { n, c, h, w, oh, ow } = g;
  if (g.stride === g.k && g.pad === 0) {
    for (let p = 0; p < n * c; p++) {
      const base = p * h * w, ob = p * oh * ow;
      for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) out[ob + oy * ow + ox] = x[base + tiledArgmax(x, base, oy, ox, g.k, w)]!;
    }
    return;
  }
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    const ob = p * oh * ow;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const a = windowArgmax(x, base, oy, ox, g);
        out[ob + oy * ow + ox] = a < 0 ? 0 : x[base + a]!;
      }
    }
  }
}

/** See {@link KernelTable.maxPoolBackward}. */
export function maxPoolBackward(x: F32, dy: F32, dx: F32, g: PoolGeom): void {
  const { n, c, h, w, oh, ow } = g;
  dx.fill(0, 0, n * c * h * w);
  if (g.stride === g.k && g.pad === 0) {
    for (let p = 0; p < n * c; p++) {
      const base = p * h * w, ob = p * oh * ow;
      for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) dx[base + tiledArgmax(x, base, oy, ox, g.k, w)]! += dy[ob + oy * ow + ox]!;
    }
    return;
  }
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    const ob = p * oh * ow;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const a = windowArgmax(x, base, oy, ox, g);
        if (a >= 0) dx[base + a]! += dy[ob + oy * ow + ox]!;
      }
    }
  }
}
