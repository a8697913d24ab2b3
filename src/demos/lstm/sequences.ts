/**
 * The sequences the LSTM demo learns, as training batches [T, N, features] for the engine: a noisy sine (predict
 * the next value) or the characters of a short text (one-hot over the text's alphabet, predict the next character).
 * Pure and seeded: the same config gives the same data on every page and in the tests.
 */
import { Rng } from '../../engine/random.js';
import { Tensor } from '../../engine/tensor.js';

/** Timesteps per period of the sine: long enough to look smooth, short enough that a window holds 1–2 periods. */
export const SINE_PERIOD = 20;

/** A training set and the one sequence the demo shows. */
export interface SequenceData {
  /** `x` [T, N, features] and `y` [T, N, outputs]: N windows of T timesteps, y(t) = x(t + 1). */
  x: Tensor;
  y: Tensor;
  /** The shown sequence, [T, features] (window 0), for `inspect`. */
  shown: Tensor;
  /** What y(t) should be for the shown sequence: values (sine) or class indices (text), length T. */
  shownTargets: number[];
}

/** The sine data set. */
export interface SineData extends SequenceData {
  kind: 'sine';
}

/** The text data set. */
export interface TextData extends SequenceData {
  kind: 'text';
  /** The text's characters, sorted, without repeats: class k is alphabet[k]. */
  alphabet: string[];
  /** The text as class indices. */
  codes: number[];
}

/** Options of {@link sineData}. */
export interface SineOptions {
  /** Timesteps per window. */
  steps: number;
  /** Windows per batch. */
  windows: number;
  /** Standard deviation of the Gaussian noise added to every value (the targets are noisy too: they are the data). */
  noise: number;
  seed: number;
}

/**
 * N windows of sin(2π k / {@link SINE_PERIOD}) + noise, each at a seeded phase; window 0 starts at phase 0 so the
 * shown sequence starts at the sine's zero. Targets are the next noisy value, so the best loss is about noise²/2.
 */
export function sineData(o: SineOptions): SineData {
  const { steps: T, windows: N } = o;
  const rng = new Rng(o.seed);
  const x = Tensor.zeros([T, N, 1]), y = Tensor.zeros([T, N, 1]);
  const series: number[][] = [];
  for (let n = 0; n < N; n++) {
    const start = n === 0 ? 0 : rng.int(SINE_PERIOD);
    const s = Array.from({ length: T + 1 }, (_, k) => Math.sin((2 * Math.PI * (start + k)) / SINE_PERIOD) + o.noise * rng.normal());
    series.push(s);
    for (let t = 0; t < T; t++) {
      x.data[t * N + n] = s[t]!;
      y.data[t * N + n] = s[t + 1]!;
    }
  }
  const s0 = series[0]!;
  return { kind: 'sine', x, y, shown: Tensor.from(s0.slice(0, T), [T, 1]), shownTargets: s0.slice(1, T + 1) };
}

/** The clean sine the noisy data is drawn around, at timestep k of the shown sequence. */
export function cleanSine(k: number): number {
  return Math.sin((2 * Math.PI * k) / SINE_PERIOD);
}

/** The sorted distinct characters of `text` (by code point, so surrogate pairs stay whole). */
export function alphabetOf(text: string): string[] {
  return [...new Set(text)].sort();
}

/** Options of {@link textData}. */
export interface TextOptions {
  text: string;
  /** Timesteps per window. */
  steps: number;
  /** Windows per batch (at most one per character of the text). */
  windows: number;
}

/**
 * Windows of the text read cyclically (its end wraps to its start, so every character has a next one), starting
 * at evenly spaced characters, one-hot encoded; window 0 starts at the first character. Throws on a text of fewer
 * than two distinct characters (there would be nothing to predict).
 */
export function textData(o: TextOptions): TextData {
  const chars = [...o.text];
  const alphabet = alphabetOf(o.text);
  if (alphabet.length < 2) throw new RangeError(`the text needs at least two different characters, got ${JSON.stringify(o.text)}`);
  const V = alphabet.length, T = o.steps, L = chars.length;
  const N = Math.max(1, Math.min(o.windows, L));
  const codes = chars.map((c) => alphabet.indexOf(c));
  const at = (k: number): number => codes[k % L]!;
  const x = Tensor.zeros([T, N, V]), y = Tensor.zeros([T, N, V]);
  for (let n = 0; n < N; n++) {
    const start = Math.floor((n * L) / N);
    for (let t = 0; t < T; t++) {
      x.data[(t * N + n) * V + at(start + t)] = 1;
      y.data[(t * N + n) * V + at(start + t + 1)] = 1;
    }
  }
  const shown = Tensor.zeros([T, V]);
  for (let t = 0; t < T; t++) shown.data[t * V + at(t)] = 1;
  return { kind: 'text', x, y, shown, shownTargets: Array.from({ length: T }, (_, t) => at(t + 1)), alphabet, codes };
}

/** The one-hot input of class `k` over `size` classes. */
export function oneHotRow(k: number, size: number): Float32Array {
  const v = new Float32Array(size);
  v[k] = 1;
  return v;
}

/** The most likely class of a probability row (first on ties). */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}
