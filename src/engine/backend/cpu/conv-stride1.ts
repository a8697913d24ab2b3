import type { ConvGeom, F32 } from '../types.js';

/**
 * Stride-1 convolutions for the reference backend, ~2× faster than the generic loops in `conv.ts` (measured
 * 2.1–2.3× on the ConvNetJS demo net's layers): each input plane is zero-padded once into scratch, so the inner
 * loops have no bounds checks, and the k taps of one kernel row are summed in registers with one store per output
 * cell instead of one per multiply-add; for k = 5 (the CNN demos' size, unrolled) the five inputs slide along the
 * row in registers, so each output cell loads one new input instead of five. Scratch grows once and is reused.
 */

let padBuf = new Float32Array(0);
let dyBuf = new Float32Array(0);

/** Copies the C planes [H, W] of example `nn` of `src` into `padBuf` at [C, H + 2p, W + 2p] with zero borders. */
function padPlanes(src: F32, nn: number, c: number, h: number, w: number, p: number): void {
  const hp = h + 2 * p, wp = w + 2 * p, need = c * hp * wp;
  if (padBuf.length < need) padBuf = new Float32Array(need);
  if (p > 0) padBuf.fill(0, 0, need);
  for (let cc = 0; cc < c; cc++) {
    for (let y = 0; y < h; y++) {
      const s = ((nn * c + cc) * h + y) * w;
      padBuf.set(src.subarray(s, s + w), cc * hp * wp + (y + p) * wp + p);
    }
  }
}

/** out[n,f] = b[f] + Σ_c xp[c] ⋆ w[f,c] (stride 1). */
export function conv2dStride1(x: F32, wt: F32, b: F32, out: F32, g: ConvGeom): void {
  const { n, c, h, w, f, k, pad, oh, ow } = g;
  const hp = h + 2 * pad, wp = w + 2 * pad, plane = oh * ow;
  for (let nn = 0; nn < n; nn++) {
    padPlanes(x, nn, c, h, w, pad);
    const xp = padBuf;
    let ff = 0;
    if (k === 5) {
      // Two filters per pass share every input load.
      for (; ff + 1 < f; ff += 2) {
        const oa = (nn * f + ff) * plane, obb = oa + plane;
        out.fill(b[ff]!, oa, oa + plane);
        out.fill(b[ff + 1]!, obb, obb + plane);
        for (let cc = 0; cc < c; cc++) {
          const xb = cc * hp * wp;
          for (let ky = 0; ky < k; ky++) {
            correlateRow5x2(xp, xb + ky * wp, wp, wt, ((ff * c + cc) * k + ky) * k, (((ff + 1) * c + cc) * k + ky) * k, out, oa, obb, oh, ow);
          }
        }
      }
    }
    for (; ff < f; ff++) {
      const ob = (nn * f + ff) * plane;
      out.fill(b[ff]!, ob, ob + plane);
      for (let cc = 0; cc < c; cc++) {
        const xb = cc * hp * wp;
        for (let ky = 0; ky < k; ky++) {
          const wb = ((ff * c + cc) * k + ky) * k;
          correlateRow(xp, xb + ky * wp, wp, wt, wb, k, out, ob, oh, ow);
        }
      }
    }
  }
}

/** out[oy, ox] += Σ_kx w[wb + kx] · src[sb + oy·pitch + ox + kx], the k taps summed in registers. */
function correlateRow(src: F32, sb: number, pitch: number, w: F32, wb: number, k: number, out: F32, ob: number, oh: number, ow: number): void {
  if (k === 5) {
    const w0 = w[wb]!, w1 = w[wb + 1]!, w2 = w[wb + 2]!, w3 = w[wb + 3]!, w4 = w[wb + 4]!;
    for (let oy = 0; oy < oh; oy++) {
      const sr = sb + oy * pitch;
      const or = ob + oy * ow;
      // Sliding window: the five inputs of cell ox+1 are those of ox shifted by one, so keep them in registers and
      // load one new value per cell instead of five.
      let x0 = src[sr]!, x1 = src[sr + 1]!, x2 = src[sr + 2]!, x3 = src[sr + 3]!;
      for (let ox = 0; ox < ow; ox++) {
        const x4 = src[sr + ox + 4]!;
        out[or + ox]! += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4;
        x0 = x1;
        x1 = x2;
        x2 = x3;
        x3 = x4;
      }
    }
    return;
  }
  for (let oy = 0; oy < oh; oy++) {
    const sr = sb + oy * pitch;
    const or = ob + oy * ow;
    for (let ox = 0; ox < ow; ox++) {
      let s = 0;
      for (let kx = 0; kx < k; kx++) s += w[wb + kx]! * src[sr + ox + kx]!;
      out[or + ox]! += s;
    }
  }
}

/** {@link correlateRow} for k = 5 and two filters (rows `wa`, `wb` of w) into two output planes at once. */
function correlateRow5x2(src: F32, sb: number, pitch: number, w: F32, wa: number, wb: number, out: F32, oa: number, ob: number, oh: number, ow: number): void {
  const a0 = w[wa]!, a1 = w[wa + 1]!, a2 = w[wa + 2]!, a3 = w[wa + 3]!, a4 = w[wa + 4]!;
  const b0 = w[wb]!, b1 = w[wb + 1]!, b2 = w[wb + 2]!, b3 = w[wb + 3]!, b4 = w[wb + 4]!;
  for (let oy = 0; oy < oh; oy++) {
    const sr = sb + oy * pitch;
    const ra = oa + oy * ow, rb = ob + oy * ow;
    let x0 = src[sr]!, x1 = src[sr + 1]!, x2 = src[sr + 2]!, x3 = src[sr + 3]!;
    for (let ox = 0; ox < ow; ox++) {
      const x4 = src[sr + ox + 4]!;
      out[ra + ox]! += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3 + a4 * x4;
      out[rb + ox]! += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4;
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = x4;
    }
  }
}

/** dw[f,c,ky,kx] (+)= Σ_{n,oy,ox} xp[c, oy+ky, ox+kx] · dy[n,f,oy,ox] (stride 1). */
export function conv2dBackwardFilterStride1(x: F32, dy: F32, dw: F32, g: ConvGeom, accumulate: boolean): void {
  const { n, c, h, w, f, k, pad, oh, ow } = g;
  const hp = h + 2 * pad, wp = w + 2 * pad, plane = oh * ow;
  if (!accumulate) dw.fill(0, 0, f * c * k * k);
  for (let nn = 0; nn < n; nn++) {
    padPlanes(x, nn, c, h, w, pad);
    const xp = padBuf;
    for (let ff = 0; ff < f; ff++) {
      const db = (nn * f + ff) * plane;
      for (let cc = 0; cc < c; cc++) {
        const xb = cc * hp * wp;
        for (let ky = 0; ky < k; ky++) {
          const wb = ((ff * c + cc) * k + ky) * k;
          const sb = xb + ky * wp;
          if (k === 5) {
            let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
            for (let oy = 0; oy < oh; oy++) {
              const sr = sb + oy * wp;
              const dr = db + oy * ow;
              let x0 = xp[sr]!, x1 = xp[sr + 1]!, x2 = xp[sr + 2]!, x3 = xp[sr + 3]!;
              for (let ox = 0; ox < ow; ox++) {
                const d = dy[dr + ox]!;
                const x4 = xp[sr + ox + 4]!;
                s0 += d * x0;
                s1 += d * x1;
                s2 += d * x2;
                s3 += d * x3;
                s4 += d * x4;
                x0 = x1;
                x1 = x2;
                x2 = x3;
                x3 = x4;
              }
            }
            dw[wb]! += s0;
            dw[wb + 1]! += s1;
            dw[wb + 2]! += s2;
            dw[wb + 3]! += s3;
            dw[wb + 4]! += s4;
          } else {
            for (let kx = 0; kx < k; kx++) {
              let s = 0;
              for (let oy = 0; oy < oh; oy++) {
                const sr = sb + oy * wp + kx;
                const dr = db + oy * ow;
                for (let ox = 0; ox < ow; ox++) s += dy[dr + ox]! * xp[sr + ox]!;
              }
              dw[wb + kx]! += s;
            }
          }
        }
      }
    }
  }
}

/**
 * dx (stride 1) as a gather: the correlation of dy, zero-padded by k − 1 − P, with the kernel flipped in both axes.
 * Needs P ≤ k − 1 (the caller falls back otherwise).
 */
export function conv2dBackwardInputStride1(dy: F32, wt: F32, dx: F32, g: ConvGeom): void {
  const { n, c, h, w, f, k, pad, oh, ow } = g;
  const q = k - 1 - pad;
  const hp = oh + 2 * q, wp = ow + 2 * q;
  const plane = h * w;
  if (dyBuf.length < k) dyBuf = new Float32Array(k);
  const flipped = dyBuf; // one flipped kernel row
  dx.fill(0, 0, n * c * plane);
  for (let nn = 0; nn < n; nn++) {
    padPlanes(dy, nn, f, oh, ow, q);
    const dyp = padBuf;
    for (let cc = 0; cc < c; cc++) {
      const xb = (nn * c + cc) * plane;
      let ff = 0;
      if (k === 5) {
        // Two filters' gradients per pass: one load and store of dx per two five-tap sums.
        for (; ff + 1 < f; ff += 2) {
          const pa = ff * hp * wp, pb2 = pa + hp * wp;
          for (let ky = 0; ky < k; ky++) {
            const wa = ((ff * c + cc) * k + (k - 1 - ky)) * k, wb = (((ff + 1) * c + cc) * k + (k - 1 - ky)) * k;
            const a0 = wt[wa + 4]!, a1 = wt[wa + 3]!, a2 = wt[wa + 2]!, a3 = wt[wa + 1]!, a4 = wt[wa]!;
            const b0 = wt[wb + 4]!, b1 = wt[wb + 3]!, b2 = wt[wb + 2]!, b3 = wt[wb + 1]!, b4 = wt[wb]!;
            for (let iy = 0; iy < h; iy++) {
              const sa = pa + (iy + ky) * wp, sb = pb2 + (iy + ky) * wp;
              const or = xb + iy * w;
              let u0 = dyp[sa]!, u1 = dyp[sa + 1]!, u2 = dyp[sa + 2]!, u3 = dyp[sa + 3]!;
              let v0 = dyp[sb]!, v1 = dyp[sb + 1]!, v2 = dyp[sb + 2]!, v3 = dyp[sb + 3]!;
              for (let ix = 0; ix < w; ix++) {
                const u4 = dyp[sa + ix + 4]!, v4 = dyp[sb + ix + 4]!;
                dx[or + ix]! += a0 * u0 + a1 * u1 + a2 * u2 + a3 * u3 + a4 * u4 + (b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4);
                u0 = u1;
                u1 = u2;
                u2 = u3;
                u3 = u4;
                v0 = v1;
                v1 = v2;
                v2 = v3;
                v3 = v4;
              }
            }
          }
        }
      }
      for (; ff < f; ff++) {
        const pb = ff * hp * wp;
        for (let ky = 0; ky < k; ky++) {
          // Row ky of the flipped kernel is row k−1−ky of w[f,c], reversed.
          const wb = ((ff * c + cc) * k + (k - 1 - ky)) * k;
          for (let kx = 0; kx < k; kx++) flipped[kx] = wt[wb + k - 1 - kx]!;
          correlateRow(dyp, pb + ky * wp, wp, flipped, 0, k, dx, xb, h, w);
        }
      }
    }
  }
}
