import { ShapeError } from './shape.js';
import type { Param } from './layer.js';
import { fmtShape } from '../tensor.js';

/** The JSON a model saves: its kind and config (to rebuild it) and each parameter by name. */
export interface WeightsJson {
  format: 'danlu-engine-weights/1';
  kind: string;
  config: unknown;
  params: Record<string, { shape: number[]; data: number[] }>;
}

/**
 * Serializes parameters. Float32 values are written as plain JSON numbers: every float32 is exactly a double and
 * JSON prints the shortest round-tripping double, so load(save(x)) is bit-exact without base64 (no Buffer here).
 */
export function saveParams(kind: string, config: unknown, params: readonly Param[]): WeightsJson {
  return weightsJson(kind, config, params, params.map((p) => p.value.dataSync()));
}

function weightsJson(kind: string, config: unknown, params: readonly Param[], values: readonly Float32Array[]): WeightsJson {
  const out: WeightsJson = { format: 'danlu-engine-weights/1', kind, config, params: {} };
  params.forEach((p, i) => (out.params[p.name] = { shape: [...p.value.shape], data: Array.from(values[i]!) }));
  return out;
}

/**
 * {@link saveParams} through asynchronous reads (`await t.read()`), for backends whose values cannot be read
 * synchronously (gpu.js webgpu); elsewhere the same result, with one readback per resident parameter.
 */
export async function saveParamsAsync(kind: string, config: unknown, params: readonly Param[]): Promise<WeightsJson> {
  // The values read, not the host copies after: training may go on while the reads are in flight (the Worker).
  return weightsJson(kind, config, params, await Promise.all(params.map((p) => p.value.read())));
}

/** Copies saved values into `params`; throws a ShapeError naming the parameter on a missing name or wrong shape. */
export function loadParams(json: WeightsJson, kind: string, params: readonly Param[]): void {
  if (json.format !== 'danlu-engine-weights/1') throw new Error(`weights: unknown format ${String(json.format)}`);
  if (json.kind !== kind) throw new Error(`weights: saved for a ${json.kind} model, not a ${kind}`);
  for (const p of params) {
    const s = json.params[p.name];
    if (!s) throw new ShapeError(`weights: parameter ${p.name} is missing from the saved file`);
    if (s.shape.length !== p.value.shape.length || s.shape.some((d, i) => d !== p.value.shape[i]) || s.data.length !== p.value.size) {
      throw new ShapeError(`weights: ${p.name} was saved as ${fmtShape(s.shape)} but the model has ${fmtShape(p.value.shape)}`);
    }
    p.value.data.set(s.data);
  }
}
