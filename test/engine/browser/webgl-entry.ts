/**
 * Browser side of the WebGL conformance test: bundled by esbuild (gpu.js resolves to its browser build, which has
 * the parser), it runs every conformance case on the reference kernels and on each gpu.js GL backend that starts,
 * and reports the worst relative error per kernel plus what actually executed.
 */
import { referenceKernels } from '../../../src/engine/backend/cpu/index.js';
import { createBackend } from '../../../src/engine/backend/registry.js';
import { createGpuJsBackendAsync, GpuJsBackend } from '../../../src/engine/backend/gpu/index.js';
import { KERNEL_NAMES, type KernelTable } from '../../../src/engine/backend/types.js';
import { createMLP } from '../../../src/engine/models/mlp.js';
import { selectBackend } from '../../../src/engine/select.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { cases, relativeError } from '../backend/conformance-cases.js';
import '../../../src/engine/backend/gpu/register.js';

/** One backend's outcome. */
export interface GlReport {
  backend: string;
  started: boolean;
  error?: string;
  executed?: string;
  renderer?: string | null;
  isGpu?: boolean;
  errors?: Record<string, number | string>;
}

function run(modes: string[]): GlReport[] {
  const reports: GlReport[] = [];
  for (const name of modes.filter((m) => m !== 'webgpu').map((m) => `gpu.js-${m}`)) {
    let b;
    try {
      b = createBackend(name);
    } catch (e) {
      reports.push({ backend: name, started: false, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const errors: Record<string, number | string> = {};
    for (const k of KERNEL_NAMES) {
      try {
        const want = cases[k](referenceKernels);
        const got = cases[k](b.kernels as KernelTable);
        errors[k] = Math.max(...want.map((w, i) => relativeError(got[i]!, w)));
      } catch (e) {
        errors[k] = e instanceof Error ? e.message : String(e);
      }
    }
    reports.push({
      backend: name,
      started: true,
      executed: b.executed(),
      renderer: b instanceof GpuJsBackend ? b.renderer : null,
      isGpu: b.isGpu,
      errors,
    });
    b.dispose();
  }
  return reports;
}

/** The same cases on a deferred gpu.js webgpu backend: every case runs, then one flush, then the comparison. */
async function runWebGpu(): Promise<GlReport> {
  let b: GpuJsBackend;
  try {
    b = await createGpuJsBackendAsync('webgpu');
  } catch (e) {
    return { backend: 'gpu.js-webgpu', started: false, error: e instanceof Error ? e.message : String(e) };
  }
  const errors: Record<string, number | string> = {};
  for (const k of KERNEL_NAMES) {
    try {
      const want = cases[k](referenceKernels);
      const got = cases[k](b.kernels as KernelTable);
      await b.flush();
      errors[k] = Math.max(...want.map((w, i) => relativeError(got[i]!, w)));
    } catch (e) {
      errors[k] = e instanceof Error ? e.message : String(e);
    }
  }
  const report: GlReport = { backend: 'gpu.js-webgpu', started: true, executed: b.executed(), renderer: b.renderer, isGpu: b.isGpu, errors };
  b.dispose();
  return report;
}

Object.assign(globalThis, { runGlConformance: run, runWebGpuConformance: runWebGpu });

/** What the in-browser training check reports. */
export interface TrainReport {
  glLoss: [number, number] | string;
  glExecuted?: string;
  choice: { backend: string; executed: string; timings: { backend: string; msPerStep: number | null; note?: string }[] };
}

/** Trains XOR on gpu.js webgl2 directly, then lets selectBackend choose among every backend. */
async function runTraining(): Promise<TrainReport> {
  const x = Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
  const y = Tensor.from([0, 1, 1, 0], [4, 1]);
  let glLoss: TrainReport['glLoss'];
  let glExecuted: string | undefined;
  try {
    const m = createMLP({ sizes: [2, 4, 1] }, { backend: 'gpu.js-webgl2', seed: 3, optimizer: { name: 'adam', lr: 0.05 } });
    const first = m.trainBatch(x, y);
    let last = first;
    for (let i = 0; i < 300; i++) last = m.trainBatch(x, y);
    glLoss = [first, last];
    glExecuted = m.engine.report().executed;
    m.engine.dispose();
  } catch (e) {
    glLoss = e instanceof Error ? e.message : String(e);
  }
  const choice = await selectBackend({
    build: (engine) => createMLP({ sizes: [2, 8, 8, 1] }, { backend: engine, seed: 1 }),
    step: (m) => m.trainBatch(x, y),
  });
  choice.engine.dispose();
  return { glLoss, ...(glExecuted ? { glExecuted } : {}), choice: { backend: choice.backend, executed: choice.executed, timings: choice.timings } };
}

Object.assign(globalThis, { runBrowserTraining: runTraining });
