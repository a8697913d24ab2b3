/**
 * A tiny option schema for demo configs: each option has a kind, a default and its valid values, so that the
 * build (validating a note's ```` ```demo ```` block) and the page (reading `data-config`) apply the same rules
 * and the same defaults. Pure: no DOM, no `node:*`; the site imports it to check notes at build time.
 */

/** One option of a demo: its default and what it accepts. */
export type OptionSpec =
  | { kind: 'number'; default: number; min: number; max: number; integer?: boolean; doc: string }
  | { kind: 'enum'; default: string; values: readonly string[]; doc: string }
  | { kind: 'boolean'; default: boolean; doc: string }
  | { kind: 'string'; default: string; maxLength: number; doc: string }
  | { kind: 'integers'; default: readonly number[]; min: number; max: number; minItems: number; maxItems: number; doc: string };

/** A demo's options by name. */
export type Schema = Record<string, OptionSpec>;

/** The config a schema yields: every option present, with its default where the note gave none. */
export type ConfigOf<S extends Schema> = {
  [K in keyof S]: S[K] extends { kind: 'number' } ? number
    : S[K] extends { kind: 'enum' } ? string
    : S[K] extends { kind: 'boolean' } ? boolean
    : S[K] extends { kind: 'string' } ? string
    : readonly number[];
};

/** A problem with one option, reported by the build as a warning at the block's place. */
export interface OptionProblem {
  /** The option's name as written (or '' for the whole block). */
  key: string;
  message: string;
}

/** Describes what an option accepts, for messages: `one of sigmoid, tanh, relu`, `a number from 0 to 1`. */
export function describeOption(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`;
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return `text of at most ${spec.maxLength} characters`;
    case 'integers':
      return `a list of ${spec.minItems}–${spec.maxItems} whole numbers from ${spec.min} to ${spec.max}, e.g. [${spec.default.join(', ')}]`;
  }
}

/**
 * Applies a schema to the options a note wrote. Unknown keys and bad values are problems (listing what is
 * valid); a bad value falls back to the default, so the demo still runs with the rest of the config.
 */
export function applySchema<S extends Schema>(schema: S, raw: Record<string, unknown>): { config: ConfigOf<S>; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) config[key] = spec.default;
  for (const [key, value] of Object.entries(raw)) {
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!spec) {
      problems.push({ key, message: `unknown option \`${key}\`; valid options: ${Object.keys(schema).join(', ')}` });
      continue;
    }
    const ok = check(spec, value);
    if (ok === undefined) problems.push({ key, message: `\`${key}: ${JSON.stringify(value)}\` is not valid; use ${describeOption(spec)}` });
    else config[key] = ok;
  }
  return { config: config as ConfigOf<S>, problems };
}

function check(spec: OptionSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) return undefined;
      if (spec.integer && !Number.isInteger(value)) return undefined;
      return value;
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      return typeof value === 'string' && value.length <= spec.maxLength ? value : undefined;
    case 'integers': {
      // `hidden: 8` is one layer of 8: as forgiving as a writer expects.
      const list = typeof value === 'number' ? [value] : value;
      if (!Array.isArray(list) || list.length < spec.minItems || list.length > spec.maxItems) return undefined;
      if (!list.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= spec.min && n <= spec.max)) return undefined;
      return list;
    }
  }
}
