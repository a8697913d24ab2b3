/**
 * A tiny seeded random source for the benchmark corpus.
 *
 * Math.random cannot be seeded, and the corpus must be byte-identical from run to run (and from machine to
 * machine) so that numbers measured on different days describe the same input. mulberry32 is 32-bit, fast, and
 * good enough for picking words; it is not for cryptography.
 */

/** A seeded random source: `next()` returns a float in [0, 1). */
export interface Random {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /**
   * One element, skewed towards the front of the array (P(index < k) = sqrt(k / n)). Real notes reuse a few
   * formulas (the sigmoid, the chain rule) far more often than the rest, and a formula cache only pays off if the
   * corpus repeats the way they do.
   */
  pickSkewed<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A new array with the elements in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** Mixes several integers into one 32-bit seed, so note i of seed s has its own stream independent of N. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

/** Creates a seeded random source (mulberry32). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const at = <T>(items: readonly T[], index: number): T => {
    const item = items[index];
    if (item === undefined) throw new RangeError(`pick from an empty or sparse array (index ${index})`);
    return item;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => at(items, Math.floor(next() * items.length)),
    pickSkewed: (items) => {
      const u = next();
      return at(items, Math.floor(u * u * items.length));
    },
    chance: (p) => next() < p,
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const a = at(out, i);
        out[i] = at(out, j);
        out[j] = a;
      }
      return out;
    },
  };
}
