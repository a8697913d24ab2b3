/**
 * Every demo type and its option schema, and `parseDemoConfig`, the one function the build and the page both use
 * to turn what a note wrote into a complete config. Pure (no DOM, no `node:*`): the site imports it at build time.
 */
import { cnnSchema, type CnnConfig } from './cnn/config.js';
import { lstmSchema, type LstmConfig } from './lstm/config.js';
import { mlpSchema, type MlpConfig } from './mlp/config.js';
import { applySchema, type OptionProblem, type Schema } from './options.js';

/** Schemas by demo type; the keys are the valid `type:` values. */
export const DEMO_SCHEMAS = { mlp: mlpSchema, cnn: cnnSchema, lstm: lstmSchema } as const satisfies Record<string, Schema>;

/** A demo type: `mlp`, `cnn` or `lstm`. */
export type DemoType = keyof typeof DEMO_SCHEMAS;

/** The valid demo types, in the order messages list them. */
export const DEMO_TYPES = Object.keys(DEMO_SCHEMAS) as DemoType[];

/** A complete config per type. */
export interface DemoConfigs {
  mlp: MlpConfig;
  cnn: CnnConfig;
  lstm: LstmConfig;
}

/** A parsed demo: its type and its complete config (defaults filled in). */
export type DemoSpec = { [T in DemoType]: { type: T; config: DemoConfigs[T] } }[DemoType];

/** True for `mlp`, `cnn`, `lstm`. */
export function isDemoType(value: unknown): value is DemoType {
  return typeof value === 'string' && Object.hasOwn(DEMO_SCHEMAS, value);
}

/**
 * Reads a demo block's options (`type` plus that type's options). Returns the spec (undefined when the type is
 * missing or unknown: nothing can run) and every problem; a bad option falls back to its default.
 */
export function parseDemoConfig(raw: Record<string, unknown>): { spec: DemoSpec | undefined; problems: OptionProblem[] } {
  const { type, ...options } = raw;
  if (type === undefined) return { spec: undefined, problems: [{ key: 'type', message: `the demo has no \`type\`; use one of ${DEMO_TYPES.join(', ')}` }] };
  if (!isDemoType(type)) {
    return { spec: undefined, problems: [{ key: 'type', message: `unknown demo type \`${String(type)}\`; valid types: ${DEMO_TYPES.join(', ')}` }] };
  }
  const { config, problems } = applySchema(DEMO_SCHEMAS[type], options);
  return { spec: { type, config } as DemoSpec, problems };
}
