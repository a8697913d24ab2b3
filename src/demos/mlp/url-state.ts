/**
 * The playground's state in the page URL's hash, so a reader can share a configuration: `#mlp=dataset:xor~hidden:4,4~…`
 * (the first MLP demo of a page is `mlp`, the next `mlp-2`, …; other `key=value` parts of the hash, such as
 * another demo's, are kept). Values go through the same schema as a note's block, so a hand-edited URL cannot
 * set what a note could not. Pure: no DOM.
 */
import { applySchema } from '../options.js';
import { mlpSchema, type MlpConfig } from './config.js';

/** A point the reader placed: coordinates in [−1, 1]² and its class (+1 / −1). */
export interface CustomPoint {
  x: number;
  y: number;
  label: 1 | -1;
}

/** What the URL carries: the options that differ from the figure's, and the custom points. */
export interface UrlState {
  config: Partial<MlpConfig>;
  custom: CustomPoint[];
}

/** Options written to the URL (not the caption, which belongs to the note). */
const KEYS = ['dataset', 'hidden', 'activation', 'learningRate', 'optimizer', 'batchSize', 'noise', 'trainRatio', 'points', 'seed'] as const;
/** At most this many custom points go into a URL (a URL of a few KB still shares everywhere). */
export const MAX_URL_POINTS = 300;

/** The hash key of the `index`-th MLP demo on a page (0-based). */
export function hashKey(index: number): string {
  return index === 0 ? 'mlp' : `mlp-${index + 1}`;
}

/** Encodes a state as the value of its hash part. */
export function encodeState(config: MlpConfig, custom: readonly CustomPoint[]): string {
  const parts: string[] = [];
  for (const k of KEYS) {
    const v = config[k];
    parts.push(`${k}:${Array.isArray(v) ? (v.length ? v.join(',') : 'none') : String(v)}`);
  }
  if (config.dataset === 'custom' && custom.length) {
    const pts = custom.slice(0, MAX_URL_POINTS).map((p) => `${Math.round(p.x * 100)},${Math.round(p.y * 100)},${p.label > 0 ? 1 : 0}`);
    parts.push(`pts:${pts.join('_')}`);
  }
  return parts.join('~');
}

/** Decodes a hash part's value; anything invalid is dropped (the figure's own option stays). */
export function decodeState(value: string): UrlState {
  const raw: Record<string, unknown> = {};
  const custom: CustomPoint[] = [];
  for (const part of value.split('~')) {
    const at = part.indexOf(':');
    if (at <= 0) continue;
    const key = part.slice(0, at), v = part.slice(at + 1);
    if (key === 'pts') {
      for (const p of v.split('_').slice(0, MAX_URL_POINTS)) {
        const [a, b, l] = p.split(',').map(Number);
        if ([a, b].every((n) => Number.isInteger(n) && Math.abs(n!) <= 100) && (l === 0 || l === 1)) custom.push({ x: a! / 100, y: b! / 100, label: l === 1 ? 1 : -1 });
      }
      continue;
    }
    if (!(KEYS as readonly string[]).includes(key)) continue;
    const spec = mlpSchema[key as (typeof KEYS)[number]];
    raw[key] = spec.kind === 'number' ? Number(v) : spec.kind === 'integers' ? (v === 'none' ? [] : v.split(',').map(Number)) : v;
  }
  const { config, problems } = applySchema(mlpSchema, raw);
  const bad = new Set(problems.map((p) => p.key));
  const out: Partial<MlpConfig> = {};
  for (const k of Object.keys(raw)) if (!bad.has(k)) (out as Record<string, unknown>)[k] = config[k as keyof MlpConfig];
  return { config: out, custom };
}

/** Reads this demo's part from a hash (`#a=1&mlp=…`), or undefined. */
export function readHash(hash: string, key: string): UrlState | undefined {
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part.startsWith(`${key}=`)) {
      try {
        return decodeState(decodeURIComponent(part.slice(key.length + 1)));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The hash with this demo's part set to `value` and every other part kept. */
export function writeHash(hash: string, key: string, value: string): string {
  const parts = hash.replace(/^#/, '').split('&').filter((p) => p && !p.startsWith(`${key}=`));
  // ':' ',' '~' '_' are allowed in a fragment as they are; encode only what is not.
  parts.push(`${key}=${value.replace(/[^A-Za-z0-9:,~_.\-]/g, (c) => encodeURIComponent(c))}`);
  return `#${parts.join('&')}`;
}
