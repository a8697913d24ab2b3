/**
 * gpu.js kernel bodies, written once and compiled by gpu.js for `cpu`, `webasm`, `webgl2`, `webgl` and `webgpu`.
 * They are exported plain functions (brain.js's habit) so tests can compile them in gpu.js `cpu` mode, or call them
 * with a fake `this`, without WebGL.
 *
 * Rules these bodies follow because gpu.js transpiles them to GLSL/WGSL/wasm:
 * - every output is 1-D (`this.thread.x` is the flat index) and sizes arrive as number arguments, so one compiled
 *   kernel serves every batch size (dynamicOutput) and no shape is baked into a shader;
 * - loops have argument bounds, capped by the backend's `loopMaxIterations` on GL;
 * - every variable, loop counters included, has a unique name within its body (gpu.js cpu hoists them);
 * - no local arrays (gpu.js compiles arrays longer than 4 only in `cpu` mode), no helper functions, no
 *   `continue`/`||`: plain nested `if`s translate identically everywhere;
 * - flags are numbers compared with 0.5 (GLSL has no boolean uniforms in gpu.js);
 * - integer division is `Math.floor(a / b)` and remainders are `a - q·b`.
 */

/** `this` inside a kernel body. */
export interface KernelThis {
  thread: { x: number; y: number; z: number };
}

/** Kernel for {@link KernelTable.matmul}; `c` is read only when `acc` is set. */
export function matmulKernel(this: KernelThis, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, ta: number, tb: number, acc: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / n);
  const col = idx - row * n;
  let s = 0;
  if (acc > 0.5) {
    s = c[idx]!;
  }
  for (let p = 0; p < k; p++) {
    let av = 0;
    if (ta > 0.5) {
      av = a[p * m + row]!;
    } else {
      av = a[row * k + p]!;
    }
    let bv = 0;
    if (tb > 0.5) {
      bv = b[col * k + p]!;
    } else {
      bv = b[p * n + col]!;
    }
    s += av * bv;
  }
  return s;
}

/** Kernel for {@link KernelTable.addRowVector}. */
export function addRowVectorKernel(this: KernelThis, x: Float32Array, v: Float32Array, cols: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / cols);
  return x[idx]! + v[idx - row * cols]!;
}

/** Kernel for {@link KernelTable.sumRows}. */
export function sumRowsKernel(this: KernelThis, x: Float32Array, c: Float32Array, rows: number, cols: number, acc: number): number {
  const j = this.thread.x;
  let s = 0;
  if (acc > 0.5) {
    s = c[j]!;
  }
  for (let i = 0; i < rows; i++) {
    s += x[i * cols + j]!;
  }
  return s;
}

/** Kernel for {@link KernelTable.add}. */
export function addKernel(this: KernelThis, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x]! + b[this.thread.x]!;
}

/** Kernel for {@link KernelTable.sub}. */
export function subKernel(this: KernelThis, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x]! - b[this.thread.x]!;
}

/** Kernel for {@link KernelTable.mul}. */
export function mulKernel(this: KernelThis, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x]! * b[this.thread.x]!;
}

/** Kernel for {@link KernelTable.axpby}. */
export function axpbyKernel(this: KernelThis, x: Float32Array, y: Float32Array, alpha: number, beta: number): number {
  return alpha * x[this.thread.x]! + beta * y[this.thread.x]!;
}

/** Kernel for {@link KernelTable.sigmoid}. */
export function sigmoidKernel(this: KernelThis, x: Float32Array): number {
  return 1 / (1 + Math.exp(-x[this.thread.x]!));
}

/** Kernel for {@link KernelTable.tanh}. */
export function tanhKernel(this: KernelThis, x: Float32Array): number {
  return Math.tanh(x[this.thread.x]!);
}

/** Kernel for {@link KernelTable.relu}. */
export function reluKernel(this: KernelThis, x: Float32Array): number {
  return Math.max(x[this.thread.x]!, 0);
}

/** Kernel for {@link KernelTable.sigmoidBackward}. */
export function sigmoidBackwardKernel(this: KernelThis, y: Float32Array, dy: Float32Array): number {
  const v = y[this.thread.x]!;
  return dy[this.thread.x]! * v * (1 - v);
}

/** Kernel for {@link KernelTable.tanhBackward}. */
export function tanhBackwardKernel(this: KernelThis, y: Float32Array, dy: Float32Array): number {
  const v = y[this.thread.x]!;
  return dy[this.thread.x]! * (1 - v * v);
}

/** Kernel for {@link KernelTable.reluBackward}. */
export function reluBackwardKernel(this: KernelThis, x: Float32Array, dy: Float32Array): number {
  let r = 0;
  if (x[this.thread.x]! > 0) {
    r = dy[this.thread.x]!;
  }
  return r;
}

/** Kernel for {@link KernelTable.softmaxRows}: each cell recomputes its row's max and sum (cheap at demo widths). */
export function softmaxRowsKernel(this: KernelThis, x: Float32Array, cols: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / cols);
  const base = row * cols;
  let mx = x[base]!;
  for (let j1 = 1; j1 < cols; j1++) {
    mx = Math.max(mx, x[base + j1]!);
  }
  let s = 0;
  for (let j2 = 0; j2 < cols; j2++) {
    s += Math.exp(x[base + j2]! - mx);
  }
  return Math.exp(x[idx]! - mx) / s;
}

/** Kernel for {@link KernelTable.softmaxCrossEntropyBackward}. */
export function softmaxCrossEntropyBackwardKernel(this: KernelThis, p: Float32Array, t: Float32Array, rows: number): number {
  return (p[this.thread.x]! - t[this.thread.x]!) / rows;
}

/** Kernel for {@link KernelTable.conv2d}: one output cell (n, f, oy, ox) per thread. */
export function conv2dKernel(this: KernelThis, x: Float32Array, w: Float32Array, b: Float32Array, c: number, h: number, wd: number, f: number, k: number, s: number, p: number, oh: number, ow: number): number {
  const idx = this.thread.x;
  const q1 = Math.floor(idx / ow);
  const ox = idx - q1 * ow;
  const q2 = Math.floor(q1 / oh);
  const oy = q1 - q2 * oh;
  const nn = Math.floor(q2 / f);
  const ff = q2 - nn * f;
  let sum = b[ff]!;
  for (let cc = 0; cc < c; cc++) {
    for (let ky = 0; ky < k; ky++) {
      const iy = oy * s - p + ky;
      if (iy >= 0 && iy < h) {
        for (let kx = 0; kx < k; kx++) {
          const ix = ox * s - p + kx;
          if (ix >= 0 && ix < wd) {
            sum += x[((nn * c + cc) * h + iy) * wd + ix]! * w[((ff * c + cc) * k + ky) * k + kx]!;
          }
        }
      }
    }
  }
  return sum;
}

/** Kernel for {@link KernelTable.conv2dBackwardInput}: one input cell (n, c, y, x) per thread, gathering over taps. */
export function conv2dBackwardInputKernel(this: KernelThis, dy: Float32Array, w: Float32Array, c: number, h: number, wd: number, f: number, k: number, s: number, p: number, oh: number, ow: number): number {
  const idx = this.thread.x;
  const q1 = Math.floor(idx / wd);
  const ix = idx - q1 * wd;
  const q2 = Math.floor(q1 / h);
  const iy = q1 - q2 * h;
  const nn = Math.floor(q2 / c);
  const cc = q2 - nn * c;
  let sum = 0;
  for (let ff = 0; ff < f; ff++) {
    for (let ky = 0; ky < k; ky++) {
      const ty = iy + p - ky;
      const oy = Math.floor(ty / s);
      if (ty >= 0 && oy * s === ty && oy < oh) {
        for (let kx = 0; kx < k; kx++) {
          const tx = ix + p - kx;
          const ox = Math.floor(tx / s);
          if (tx >= 0 && ox * s === tx && ox < ow) {
            sum += dy[((nn * f + ff) * oh + oy) * ow + ox]! * w[((ff * c + cc) * k + ky) * k + kx]!;
          }
        }
      }
    }
  }
  return sum;
}

/** Kernel for {@link KernelTable.conv2dBackwardFilter}: one filter tap (f, c, ky, kx) per thread. */
export function conv2dBackwardFilterKernel(this: KernelThis, x: Float32Array, dy: Float32Array, dw: Float32Array, acc: number, n: number, c: number, h: number, wd: number, f: number, k: number, s: number, p: number, oh: number, ow: number): number {
  const idx = this.thread.x;
  const q1 = Math.floor(idx / k);
  const kx = idx - q1 * k;
  const q2 = Math.floor(q1 / k);
  const ky = q1 - q2 * k;
  const ff = Math.floor(q2 / c);
  const cc = q2 - ff * c;
  let sum = 0;
  if (acc > 0.5) {
    sum = dw[idx]!;
  }
  for (let nn = 0; nn < n; nn++) {
    for (let oy = 0; oy < oh; oy++) {
      const iy = oy * s - p + ky;
      if (iy >= 0 && iy < h) {
        for (let ox = 0; ox < ow; ox++) {
          const ix = ox * s - p + kx;
          if (ix >= 0 && ix < wd) {
            sum += x[((nn * c + cc) * h + iy) * wd + ix]! * dy[((nn * f + ff) * oh + oy) * ow + ox]!;
          }
        }
      }
    }
  }
  return sum;
}

/** Kernel for {@link KernelTable.conv2dBackwardBias}. */
export function conv2dBackwardBiasKernel(this: KernelThis, dy: Float32Array, db: Float32Array, acc: number, n: number, f: number, plane: number): number {
  const ff = this.thread.x;
  let sum = 0;
  if (acc > 0.5) {
    sum = db[ff]!;
  }
  for (let nn = 0; nn < n; nn++) {
    for (let i = 0; i < plane; i++) {
      sum += dy[(nn * f + ff) * plane + i]!;
    }
  }
  return sum;
}

/** Kernel for {@link KernelTable.maxPool}: first maximum of the window, padding ignored. */
export function maxPoolKernel(this: KernelThis, x: Float32Array, h: number, wd: number, k: number, s: number, p: number, oh: number, ow: number): number {
  const idx = this.thread.x;
  const q1 = Math.floor(idx / ow);
  const ox = idx - q1 * ow;
  const plane = Math.floor(q1 / oh);
  const oy = q1 - plane * oh;
  let found = 0;
  let mx = 0;
  for (let ky = 0; ky < k; ky++) {
    const iy = oy * s - p + ky;
    if (iy >= 0 && iy < h) {
      for (let kx = 0; kx < k; kx++) {
        const ix = ox * s - p + kx;
        if (ix >= 0 && ix < wd) {
          const v = x[(plane * h + iy) * wd + ix]!;
          if (found < 0.5) {
            mx = v;
            found = 1;
          } else {
            if (v > mx) {
              mx = v;
            }
          }
        }
      }
    }
  }
  return mx;
}

/**
 * Kernel for {@link KernelTable.maxPoolBackward}: each input cell sums dy over the windows that contain it and whose
 * first maximum it is (it recomputes each window's argmax, so ties resolve exactly as in the reference).
 */
export function maxPoolBackwardKernel(this: KernelThis, x: Float32Array, dy: Float32Array, h: number, wd: number, k: number, s: number, p: number, oh: number, ow: number): number {
  const idx = this.thread.x;
  const q1 = Math.floor(idx / wd);
  const ix = idx - q1 * wd;
  const plane = Math.floor(q1 / h);
  const iy = q1 - plane * h;
  const me = iy * wd + ix;
  let sum = 0;
  for (let ky = 0; ky < k; ky++) {
    const ty = iy + p - ky;
    const oy = Math.floor(ty / s);
    if (ty >= 0 && oy * s === ty && oy < oh) {
      for (let kx = 0; kx < k; kx++) {
        const tx = ix + p - kx;
        const ox = Math.floor(tx / s);
        if (tx >= 0 && ox * s === tx && ox < ow) {
          let best = -1;
          let mx = 0;
          for (let jy = 0; jy < k; jy++) {
            const yy = oy * s - p + jy;
            if (yy >= 0 && yy < h) {
              for (let jx = 0; jx < k; jx++) {
                const xx = ox * s - p + jx;
                if (xx >= 0 && xx < wd) {
                  const v = x[(plane * h + yy) * wd + xx]!;
                  if (best < -0.5) {
                    mx = v;
                    best = yy * wd + xx;
                  } else {
                    if (v > mx) {
                      mx = v;
                      best = yy * wd + xx;
                    }
                  }
                }
              }
            }
          }
          if (best === me) {
            sum += dy[(plane * oh + oy) * ow + ox]!;
          }
        }
      }
    }
  }
  return sum;
}

/** Kernel for {@link KernelTable.lstmGates}. */
export function lstmGatesKernel(this: KernelThis, z: Float32Array, h: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / (4 * h));
  const col = idx - row * 4 * h;
  const v = z[idx]!;
  let r = 0;
  if (col < 3 * h) {
    r = 1 / (1 + Math.exp(-v));
  } else {
    r = Math.tanh(v);
  }
  return r;
}

/** Kernel for {@link KernelTable.lstmState}. */
export function lstmStateKernel(this: KernelThis, acts: Float32Array, cPrev: Float32Array, h: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / h);
  const j = idx - row * h;
  const b = row * 4 * h;
  return acts[b + h + j]! * cPrev[idx]! + acts[b + j]! * acts[b + 3 * h + j]!;
}

/** Kernel for {@link KernelTable.lstmOutput}. */
export function lstmOutputKernel(this: KernelThis, acts: Float32Array, c: Float32Array, h: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / h);
  const j = idx - row * h;
  return acts[row * 4 * h + 2 * h + j]! * Math.tanh(c[idx]!);
}

/** Kernel for {@link KernelTable.lstmBackwardGates}: one gate pre-activation per thread. */
export function lstmBackwardGatesKernel(this: KernelThis, acts: Float32Array, c: Float32Array, cPrev: Float32Array, dh: Float32Array, dcNext: Float32Array, h: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / (4 * h));
  const col = idx - row * 4 * h;
  const gate = Math.floor(col / h);
  const j = col - gate * h;
  const o = row * h + j;
  const b = row * 4 * h;
  const ig = acts[b + j]!;
  const fg = acts[b + h + j]!;
  const og = acts[b + 2 * h + j]!;
  const gg = acts[b + 3 * h + j]!;
  const tc = Math.tanh(c[o]!);
  const dc = dh[o]! * og * (1 - tc * tc) + dcNext[o]!;
  let r = 0;
  if (gate < 0.5) {
    r = dc * gg * ig * (1 - ig);
  } else {
    if (gate < 1.5) {
      r = dc * cPrev[o]! * fg * (1 - fg);
    } else {
      if (gate < 2.5) {
        r = dh[o]! * tc * og * (1 - og);
      } else {
        r = dc * ig * (1 - gg * gg);
      }
    }
  }
  return r;
}

/** Kernel for {@link KernelTable.lstmBackwardCell}. */
export function lstmBackwardCellKernel(this: KernelThis, acts: Float32Array, c: Float32Array, dh: Float32Array, dcNext: Float32Array, h: number): number {
  const idx = this.thread.x;
  const row = Math.floor(idx / h);
  const j = idx - row * h;
  const b = row * 4 * h;
  const og = acts[b + 2 * h + j]!;
  const tc = Math.tanh(c[idx]!);
  const dc = dh[idx]! * og * (1 - tc * tc) + dcNext[idx]!;
  return dc * acts[b + h + j]!;
}

/** Kernel for {@link KernelTable.emaSquare}. */
export function emaSquareKernel(this: KernelThis, v: Float32Array, g: Float32Array, beta: number): number {
  const gi = g[this.thread.x]!;
  return beta * v[this.thread.x]! + (1 - beta) * gi * gi;
}

/** Kernel for {@link KernelTable.adamApply}. */
export function adamApplyKernel(this: KernelThis, p: Float32Array, m: Float32Array, v: Float32Array, lr: number, eps: number): number {
  const i = this.thread.x;
  return p[i]! - (lr * m[i]!) / (Math.sqrt(v[i]!) + eps);
}

/** Kernel for {@link KernelTable.mseLoss} (one thread). */
export function mseLossKernel(this: KernelThis, p: Float32Array, t: Float32Array, rows: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - t[i]!;
    s += d * d;
  }
  return (0.5 * s) / rows;
}

/** Kernel for {@link KernelTable.crossEntropyLoss} (one thread). */
export function crossEntropyLossKernel(this: KernelThis, p: Float32Array, t: Float32Array, rows: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const tv = t[i]!;
    if (tv !== 0) {
      s -= tv * Math.log(Math.max(p[i]!, 1e-30));
    }
  }
  return s / rows;
}

/** Kernel for {@link KernelTable.lossAccumulate} (two threads). */
export function lossAccumulateKernel(this: KernelThis, acc: Float32Array, loss: Float32Array, reset: number): number {
  let r = loss[0]!;
  if (this.thread.x > 0.5) {
    if (reset < 0.5) {
      r = acc[1]! + loss[0]!;
    }
  }
  return r;
}

/** Kernel for {@link KernelTable.clip}. */
export function clipKernel(this: KernelThis, x: Float32Array, maxAbs: number): number {
  return Math.min(Math.max(x[this.thread.x]!, -maxAbs), maxAbs);
}

/** Kernel for {@link KernelTable.copySlice}. */
export function copySliceKernel(this: KernelThis, src: Float32Array, dst: Float32Array, srcOffset: number, dstOffset: number, n: number): number {
  const i = this.thread.x;
  let r = dst[i]!;
  if (i >= dstOffset) {
    if (i < dstOffset + n) {
      r = src[srcOffset + i - dstOffset]!;
    }
  }
  return r;
}

/** Kernel for {@link KernelTable.argmaxMatches} (one thread). */
export function argmaxMatchesKernel(this: KernelThis, y: Float32Array, labels: Float32Array, rows: number, cols: number): number {
  let right = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = y[r * cols]!;
    for (let j = 1; j < cols; j++) {
      const v = y[r * cols + j]!;
      if (v > bestV) {
        bestV = v;
        best = j;
      }
    }
    if (Math.abs(best - labels[r]!) < 0.5) {
      right += 1;
    }
  }
  return right;
}
