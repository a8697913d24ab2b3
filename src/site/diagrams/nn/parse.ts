/**
 * Parser of the `nn` fence: one layer per line (see ../README.md). It only reads syntax; shapes are computed in
 * layout.ts with the engine's shape arithmetic. Errors are {@link DiagramError}s with ruleId `diagram-nn-syntax`
 * and the 0-based line inside the block.
 */
import { DiagramError, splitHeader } from '../types.js';

/** Shape-preserving extras that may follow a conv/dense line or stand alone. */
export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'leakyrelu', 'elu'] as const;

/** One parsed layer line. `line` is 0-based inside the block; `text` is the line as written (comment removed). */
export type LayerSpec = { line: number; text: string; name?: string; extras: string[] } & (
  | { op: 'input'; dims: number[] }
  | { op: 'conv'; filters: number; kernel: number; stride: number; padding: number }
  | { op: 'upconv'; filters: number; kernel: number; stride: number; padding: number }
  | { op: 'pool'; kernel: number; stride?: number; padding: number; mode: 'max' | 'avg' }
  | { op: 'dense'; units: number }
  | { op: 'lstm'; units: number; returnSequences: boolean }
  | { op: 'flatten' }
  | { op: 'gap' }
  | { op: 'act'; fn: string }
  | { op: 'bn' }
  | { op: 'dropout'; rate: number }
  | { op: 'add'; from: string; projection?: { filters: number; kernel: number; stride: number; padding: number } }
  | { op: 'concat'; from: string }
);

/** A parsed `nn` block: optional title/description and its layers in order. */
export interface NnSpec {
  title?: string;
  desc?: string;
  /** `layout: horizontal|vertical`; absent = horizontal unless the figure would be too wide to read. */
  direction?: 'horizontal' | 'vertical';
  layers: LayerSpec[];
}

/** Parses an `nn` block; throws a {@link DiagramError} naming the line and what was expected. */
export function parseNn(source: string): NnSpec {
  const { header, lines } = splitHeader(source, ['title', 'desc', 'layout']);
  const layers: LayerSpec[] = [];
  const names = new Set<string>();
  for (const { text: raw, index } of lines) {
    const text = raw.replace(/#.*$/, '').trim();
    if (text === '') continue;
    const layer = parseLine(text, index, names);
    if (layer.name) {
      if (names.has(layer.name)) fail(index, text, `the name @${layer.name} is already used; give each skip source its own name`);
      names.add(layer.name);
    }
    if (layers.length === 0 && layer.op !== 'input') {
      fail(index, text, 'the first layer must be `input`, e.g. `input 1x28x28`, `input 784` or `input 35x128`');
    }
    if (layers.length > 0 && layer.op === 'input') fail(index, text, 'only the first layer may be `input`');
    layers.push(layer);
  }
  if (layers.length === 0) throw new DiagramError('empty `nn` block: start with `input 1x28x28` and add one layer per line', 'diagram-nn-syntax');
  const title = header.get('title');
  const desc = header.get('desc');
  const direction = header.get('layout');
  if (direction !== undefined && direction !== 'horizontal' && direction !== 'vertical') {
    const index = source.split(/\r?\n/).findIndex((l) => /^\s*layout\s*:/i.test(l));
    throw new DiagramError(`\`layout: ${direction}\`: write \`layout: horizontal\` or \`layout: vertical\``, 'diagram-nn-syntax', index);
  }
  return { ...(title ? { title } : {}), ...(desc ? { desc } : {}), ...(direction ? { direction } : {}), layers };
}

function fail(line: number, text: string, why: string): never {
  throw new DiagramError(`\`${text}\`: ${why}`, 'diagram-nn-syntax', line);
}

function parseLine(text: string, line: number, known: Set<string>): LayerSpec {
  let tokens = text.split(/\s+/);
  let name: string | undefined;
  const last = tokens[tokens.length - 1]!;
  if (last.startsWith('@')) {
    name = last.slice(1);
    if (!/^[A-Za-z_][\w-]*$/.test(name)) fail(line, text, `\`${last}\` is not a valid name; use letters, digits, _ or -`);
    tokens = tokens.slice(0, -1);
  }
  const op = tokens[0]!.toLowerCase();
  const rest = tokens.slice(1);
  const base = { line, text, ...(name ? { name } : {}) };
  const int = (tok: string | undefined, what: string): number => {
    if (tok === undefined || !/^\d+$/.test(tok) || Number(tok) <= 0) fail(line, text, `expected ${what} as a positive whole number, got ${tok === undefined ? 'nothing' : `\`${tok}\``}`);
    return Number(tok);
  };
  /** Reads `k5 s2 p1` style options and trailing extras (bn, activations, pooling mode). */
  const options = (toks: string[], allowed: string[]) => {
    const opts: Record<string, number> = {};
    const extras: string[] = [];
    for (const t of toks) {
      const m = /^([ksp])(\d+)$/i.exec(t);
      if (m && allowed.includes(m[1]!.toLowerCase())) {
        opts[m[1]!.toLowerCase()] = Number(m[2]);
        continue;
      }
      const lower = t.toLowerCase();
      if ((ACTIVATIONS as readonly string[]).includes(lower) || lower === 'bn') {
        extras.push(lower);
        continue;
      }
      fail(line, text, `unknown option \`${t}\`; expected ${allowed.map((a) => `${a}<n>`).join(', ')}, bn or an activation (${ACTIVATIONS.join(', ')})`);
    }
    return { opts, extras };
  };
  switch (op) {
    case 'input': {
      const dims = (rest[0] ?? '').split(/[x×*]/).filter((d) => d !== '');
      if (rest.length !== 1 || dims.length < 1 || dims.length > 3) fail(line, text, 'write the input size as `CxHxW` (image), `N` (vector) or `TxD` (sequence)');
      return { ...base, extras: [], op, dims: dims.map((d) => int(d, 'a size')) };
    }
    case 'conv':
    case 'upconv': {
      const filters = int(rest[0], 'the number of filters');
      const { opts, extras } = options(rest.slice(1), ['k', 's', 'p']);
      if (opts.k === undefined) fail(line, text, `give the kernel size, e.g. \`${op} ${filters} k3\``);
      if (opts.k <= 0) fail(line, text, 'the kernel size must be positive');
      return { ...base, extras, op, filters, kernel: opts.k, stride: opts.s ?? 1, padding: opts.p ?? 0 };
    }
    case 'pool':
    case 'maxpool':
    case 'avgpool': {
      const kernel = int(rest[0], 'the pooling window');
      let mode: 'max' | 'avg' = op === 'avgpool' ? 'avg' : 'max';
      const toks = rest.slice(1).filter((t) => {
        if (t === 'max' || t === 'avg') {
          mode = t;
          return false;
        }
        return true;
      });
      const { opts, extras } = options(toks, ['s', 'p']);
      return { ...base, extras, op: 'pool', kernel, ...(opts.s !== undefined ? { stride: opts.s } : {}), padding: opts.p ?? 0, mode };
    }
    case 'dense':
    case 'fc':
    case 'linear': {
      const units = int(rest[0], 'the number of units');
      const { extras } = options(rest.slice(1), []);
      return { ...base, extras, op: 'dense', units };
    }
    case 'lstm': {
      const units = int(rest[0], 'the number of hidden units');
      const flags = rest.slice(1).map((t) => t.toLowerCase());
      for (const f of flags) if (f !== 'seq') fail(line, text, `unknown option \`${f}\`; only \`seq\` (return every time step) is allowed`);
      return { ...base, extras: [], op, units, returnSequences: flags.includes('seq') };
    }
    case 'flatten':
    case 'gap':
    case 'bn': {
      if (rest.length) fail(line, text, `\`${op}\` takes no arguments`);
      return { ...base, extras: [], op };
    }
    case 'dropout': {
      const rate = Number(rest[0]);
      if (rest.length !== 1 || !(rate >= 0 && rate < 1)) fail(line, text, 'write the drop rate as a number in [0, 1), e.g. `dropout 0.5`');
      return { ...base, extras: [], op, rate };
    }
    case 'add':
    case 'concat': {
      const from = rest[0];
      if (!from) fail(line, text, `name the layer to ${op}, e.g. \`${op} x\` after marking it with \`@x\``);
      if (!known.has(from)) fail(line, text, `no earlier layer is named @${from}; add \` @${from}\` at the end of the layer whose output you want to ${op}`);
      if (op === 'concat') {
        if (rest.length > 1) fail(line, text, '`concat` takes only the name of the other branch');
        return { ...base, extras: [], op, from };
      }
      if (rest.length === 1) return { ...base, extras: [], op, from };
      if (rest[1]!.toLowerCase() !== 'conv') fail(line, text, 'a shortcut projection is written `add x conv 256 k1 s2`');
      const filters = int(rest[2], 'the projection filters');
      const { opts, extras } = options(rest.slice(3), ['k', 's', 'p']);
      return { ...base, extras, op, from, projection: { filters, kernel: opts.k ?? 1, stride: opts.s ?? 1, padding: opts.p ?? 0 } };
    }
    default:
      if ((ACTIVATIONS as readonly string[]).includes(op) && rest.length === 0) return { ...base, extras: [], op: 'act', fn: op };
      fail(
        line,
        text,
        `unknown layer \`${tokens[0]}\`; expected input, conv, upconv, pool, dense, lstm, flatten, gap, bn, dropout, add, concat or an activation`,
      );
  }
}
