import { registerBackend } from '../registry.js';
import { createGpuJsBackend, createGpuJsBackendAsync, type GpuJsMode } from './index.js';

/**
 * Registers the gpu.js backends (`gpu.js-webgpu`, `-webgl2`, `-webgl`, `-webasm`, `-cpu`). Importing this module
 * is what makes them available by name; `src/engine/index.ts` does. Priorities: real GPUs first; the reference
 * backend (15) outranks gpu.js webasm and cpu because at demo sizes per-call overhead decides, and
 * `selectBackend` measures rather than trusting the order.
 */
const priorities: Record<GpuJsMode, number> = { webgpu: 50, webgl2: 40, webgl: 30, webasm: 10, cpu: 5 };
for (const [mode, priority] of Object.entries(priorities) as [GpuJsMode, number][]) {
  // webgpu must await an adapter: its synchronous factory says so, `createBackendAsync` starts it.
  registerBackend(`gpu.js-${mode}`, () => createGpuJsBackend(mode), priority, mode === 'webgpu' ? () => createGpuJsBackendAsync(mode) : undefined);
}

/** The gpu.js backend names this module registers. */
export const GPU_JS_BACKENDS: readonly string[] = Object.keys(priorities).map((m) => `gpu.js-${m}`);
