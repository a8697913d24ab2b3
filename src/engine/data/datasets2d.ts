/**
 * The 2-D classification data sets of TensorFlow Playground (circle, xor, gauss, spiral), seeded, for the MLP
 * playground and for the static scatter the build draws in its place. Same shapes, sizes, noise and label
 * conventions as the Playground's `dataset.ts` (labels +1 / −1; the Playground's plane is [−6, 6]²), with the
 * coordinates divided by 6 so they lie in [−1, 1]² (a Gaussian point beyond the edge is clamped to it, which the
 * Playground would have drawn outside its view). Pure: no DOM, no engine state.
 */
import { Rng } from '../random.js';

/** The generated data sets. */
export const DATASETS_2D = ['circle', 'xor', 'gauss', 'spiral'] as const;
/** Name of a generated data set. */
export type Dataset2dName = (typeof DATASETS_2D)[number];

/** Points in the plane with a class each. */
export interface Points2d {
  /** `[n, 2]` row-major: x₁, x₂ of point i at 2i, 2i + 1; each in [−1, 1]. */
  x: Float32Array;
  /** +1 or −1 per point (the Playground's convention: +1 is its blue class). */
  labels: Int8Array;
  /** Number of points. */
  n: number;
}

/** Options of {@link generate2d}. */
export interface Generate2dOptions {
  /** Number of points (the Playground generates 500; any whole number ≥ 2). */
  n: number;
  /** 0 … 0.5 as the Playground's noise slider (0 … 50): label noise for circle/xor, spread for gauss/spiral. */
  noise: number;
  /** Seed: the same seed, name, n and noise give the same points everywhere. */
  seed: number;
}

/** The Playground's half-width of its plane; coordinates are divided by it. */
export const PLAYGROUND_SCALE = 6;

/** Generates one of the Playground's data sets. */
export function generate2d(name: Dataset2dName, options: Generate2dOptions): Points2d {
  const { n, noise } = options;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`datasets2d: n must be a whole number ≥ 2, got ${n}`);
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`datasets2d: noise must be in [0, 1], got ${noise}`);
  const rng = new Rng(options.seed);
  const pts: [number, number, number][] = [];
  switch (name) {
    case 'circle': {
      // Inside a radius-2.5 disc is +1; a ring from 3.5 to 5 is −1. Noise shifts the point used for the label
      // only, so a noisy point keeps its place and may carry the other class.
      const radius = 5;
      const label = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : -1);
      const ring = (lo: number, hi: number, count: number) => {
        for (let i = 0; i < count; i++) {
          const r = rng.uniform(lo, hi), a = rng.uniform(0, 2 * Math.PI);
          const x = r * Math.sin(a), y = r * Math.cos(a);
          const nx = rng.uniform(-radius, radius) * noise, ny = rng.uniform(-radius, radius) * noise;
          pts.push([x, y, label(x + nx, y + ny)]);
        }
      };
      ring(0, radius * 0.5, Math.floor(n / 2));
      ring(radius * 0.7, radius, n - Math.floor(n / 2));
      break;
    }
    case 'xor': {
      // Quadrants: x·y ≥ 0 is +1. Points keep 0.3 away from the axes; noise again moves only the labelling point.
      const pad = 0.3;
      for (let i = 0; i < n; i++) {
        let x = rng.uniform(-5, 5), y = rng.uniform(-5, 5);
        x += x > 0 ? pad : -pad;
        y += y > 0 ? pad : -pad;
        const nx = rng.uniform(-5, 5) * noise, ny = rng.uniform(-5, 5) * noise;
        pts.push([x, y, (x + nx) * (y + ny) >= 0 ? 1 : -1]);
      }
      break;
    }
    case 'gauss': {
      // Two clusters at (2, 2) (+1) and (−2, −2) (−1); the variance grows from 0.5 to 4 as noise goes 0 → 0.5.
      const variance = 0.5 + (Math.min(noise, 0.5) / 0.5) * 3.5;
      const sd = Math.sqrt(variance);
      const cluster = (cx: number, cy: number, label: number, count: number) => {
        for (let i = 0; i < count; i++) pts.push([cx + sd * rng.normal(), cy + sd * rng.normal(), label]);
      };
      cluster(2, 2, 1, Math.floor(n / 2));
      cluster(-2, -2, -1, n - Math.floor(n / 2));
      break;
    }
    case 'spiral': {
      // Two interleaved arms of 1.75 turns out to radius 5, the second turned by π.
      const arm = (deltaT: number, label: number, count: number) => {
        for (let i = 0; i < count; i++) {
          const r = (i / count) * 5;
          const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT;
          pts.push([r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, label]);
        }
      };
      arm(0, 1, Math.floor(n / 2));
      arm(Math.PI, -1, n - Math.floor(n / 2));
      break;
    }
    default:
      throw new RangeError(`datasets2d: unknown data set '${String(name)}'; valid: ${DATASETS_2D.join(', ')}`);
  }
  const x = new Float32Array(2 * n), labels = new Int8Array(n);
  pts.forEach(([a, b, l], i) => {
    x[2 * i] = clamp(a / PLAYGROUND_SCALE);
    x[2 * i + 1] = clamp(b / PLAYGROUND_SCALE);
    labels[i] = l;
  });
  return { x, labels, n };
}

const clamp = (v: number) => (v < -1 ? -1 : v > 1 ? 1 : v);

/**
 * A seeded shuffle split: `ratio` of the points (rounded down, at least one on each side) train, the rest test.
 * The same seed gives the same split; the two sets never share a point.
 */
export function splitTrainTest(points: Points2d, ratio: number, seed: number): { train: Points2d; test: Points2d } {
  if (!(ratio > 0 && ratio < 1)) throw new RangeError(`datasets2d: train ratio must be in (0, 1), got ${ratio}`);
  if (points.n < 2) throw new RangeError('datasets2d: a split needs at least 2 points');
  const order = new Rng(seed).permutation(points.n);
  const cut = Math.min(points.n - 1, Math.max(1, Math.floor(points.n * ratio)));
  const take = (from: number, to: number): Points2d => {
    const m = to - from, x = new Float32Array(2 * m), labels = new Int8Array(m);
    for (let i = 0; i < m; i++) {
      const j = order[from + i]!;
      x[2 * i] = points.x[2 * j]!;
      x[2 * i + 1] = points.x[2 * j + 1]!;
      labels[i] = points.labels[j]!;
    }
    return { x, labels, n: m };
  };
  return { train: take(0, cut), test: take(cut, points.n) };
}

/**
 * Training targets `[n, 1]` from ±1 labels: 1 for +1 and `negative` for −1 (0 for a sigmoid output, as the note's
 * network; −1 for tanh, as the Playground).
 */
export function labelTargets(labels: Int8Array, negative = 0): Float32Array {
  return Float32Array.from(labels, (l) => (l > 0 ? 1 : negative));
}
