/**
 * Browser side of the WebGL conformance test: bundled by esbuild (gpu.js resolves to its browser build, which has
 * the parser), it runs every conformance case on the reference kernels and on each gpu.js GL backend that starts,
 * and reports the worst relative error per kernel plus what actually executed.
 */
import { referenceKernels } from '../../../src/engine/backend/cpu/index.js';
import { createBackend } from '../../../src/engine/backend/registry.js';
import { createGpuJsBackend, createGpuJsBackendAsync, GpuJsBackend } from '../../../src/engine/backend/gpu/index.js';
import { KERNEL_NAMES, type KernelTable } from '../../../src/engine/backend/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { createCNN } from '../../../src/engine/models/cnn.js';
import { createLSTM, type LSTMModel } from '../../../src/engine/models/lstm.js';
import { createMLP } from '../../../src/engine/models/mlp.js';
import type { Sequential } from '../../../src/engine/nn/sequential.js';
import { Rng } from '../../../src/engine/random.js';
import { train, type TrainProgress } from '../../../src/engine/train.js';
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

/** What the resident-training check reports (one entry per workload). */
export interface ResidentReport {
  started: boolean;
  error?: string;
  executed?: string;
  rows: {
    workload: string;
    steps: number;
    every: number;
    /** Readbacks during train() on the resident webgl2 backend, and on the copy path (`resident: false`). */
    readbacks: number;
    readbacksCopyPath: number;
    kernelCallsPerStep: number;
    /** Steps per second: resident, copy path (same steps, same page; SwiftShader, so only the ratio means much). */
    stepsPerSecond: number;
    stepsPerSecondCopyPath: number;
    /** Worst |Δ|/(1 + |ref|) of the reported losses and of the final weights against the reference backend. */
    lossError: number;
    weightError: number;
  }[];
  /** Over `leakSteps` more MLP steps: engine-counted device buffers and GL textures actually alive, before → after. */
  leakSteps: number;
  liveBuffers: [number, number];
  glTextures: [number, number];
  liveTensors: [number, number];
  /** `await w.read()` of a resident weight (the non-blocking webgl2 readback): readbacks it took, worst error vs the reference's weight. */
  asyncRead?: { readbacks: number; error: number; cachedAfter: boolean };
}

/**
 * Resident (pipeline) training on gpu.js webgl2 (or webgpu, whose kernels are queued) against the reference,
 * readbacks counted, textures (GPU buffers) counted.
 */
async function runResident(leakSteps: number, mode: 'webgl2' | 'webgpu' = 'webgl2'): Promise<ResidentReport> {
  // Count GL textures (WebGPU buffers) alive in this page: gpu.js makes and deletes them through these calls.
  let glLive = 0;
  const proto = (globalThis as { WebGL2RenderingContext?: { prototype: WebGL2RenderingContext } }).WebGL2RenderingContext?.prototype;
  const gpuGlobals = globalThis as { GPUDevice?: { prototype: { createBuffer(d: unknown): { destroy(): void } } }; GPUBuffer?: { prototype: { destroy(): void } } };
  if (mode === 'webgpu' && gpuGlobals.GPUDevice && gpuGlobals.GPUBuffer) {
    const create = gpuGlobals.GPUDevice.prototype.createBuffer, destroy = gpuGlobals.GPUBuffer.prototype.destroy;
    const dead = new WeakSet<object>();
    gpuGlobals.GPUDevice.prototype.createBuffer = function (this: unknown, d: unknown) {
      glLive++;
      return create.call(this, d);
    };
    gpuGlobals.GPUBuffer.prototype.destroy = function (this: object) {
      if (!dead.has(this)) {
        dead.add(this);
        glLive--;
      }
      return destroy.call(this);
    };
  } else if (proto) {
    const create = proto.createTexture, del = proto.deleteTexture;
    proto.createTexture = function (this: WebGL2RenderingContext) {
      const t = create.call(this);
      if (t) glLive++;
      return t;
    };
    proto.deleteTexture = function (this: WebGL2RenderingContext, t: WebGLTexture | null) {
      if (t) glLive--;
      return del.call(this, t);
    };
  }
  const report: ResidentReport = { started: false, rows: [], leakSteps, liveBuffers: [0, 0], glTextures: [0, 0], liveTensors: [0, 0] };
  const noYield = () => Promise.resolve();
  const rng = new Rng(5);
  const mlpData = () => {
    const n = 32, x = new Float32Array(n * 2), y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 2, r = (i / n) * 0.9 + 0.05, a = r * 9 + c * Math.PI;
      x[2 * i] = r * Math.cos(a);
      x[2 * i + 1] = r * Math.sin(a);
      y[i] = c;
    }
    return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, 1]) };
  };
  const cnnData = () => {
    const n = 4, x = new Float32Array(n * 100), y = new Float32Array(n * 3);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform(0, 1);
    for (let i = 0; i < n; i++) y[i * 3 + (i % 3)] = 1;
    return { x: new Tensor(x, [n, 1, 10, 10]), y: new Tensor(y, [n, 3]) };
  };
  const lstmData = () => {
    const T = 8, N = 4, x = new Float32Array(T * N), y = new Float32Array(T * N);
    for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) {
      x[t * N + n] = Math.sin((t + 2 * n) * 0.5);
      y[t * N + n] = Math.sin((t + 2 * n + 1) * 0.5);
    }
    return { x: new Tensor(x, [T, N, 1]), y: new Tensor(y, [T, N, 1]) };
  };
  const workloads: { name: string; build: (e: Engine | string) => Sequential | LSTMModel; data: { x: Tensor; y: Tensor }; steps: number; every: number }[] = [
    { name: 'mlp 2-8-8-1 sigmoid/mse adam, batch 32', build: (e) => createMLP({ sizes: [2, 8, 8, 1], fused: false }, { backend: e, seed: 4, optimizer: { name: 'adam', lr: 0.05 } }), data: mlpData(), steps: 60, every: 20 },
    {
      name: 'cnn conv-pool-conv softmax momentum+clip, batch 4',
      build: (e) => createCNN(
        { input: [1, 10, 10], layers: [{ type: 'conv', filters: 4, kernel: 3, padding: 1, activation: 'relu' }, { type: 'pool', kernel: 2 }, { type: 'conv', filters: 4, kernel: 3, padding: 1, stride: 2, activation: 'tanh' }], classes: 3 },
        { backend: e, seed: 4, optimizer: { name: 'momentum', lr: 0.05, mu: 0.9, clip: 1 } },
      ),
      data: cnnData(),
      steps: 20,
      every: 10,
    },
    {
      name: 'lstm 1-6-1 mse adam+clip, 8 steps × 4',
      build: (e) => createLSTM({ inputs: 1, hidden: 6, outputs: 1, fused: false }, { backend: e, seed: 4, optimizer: { name: 'adam', lr: 0.03, clip: 1 } }),
      data: lstmData(),
      steps: 20,
      every: 10,
    },
  ];
  // The copy path (every result read back) is the GL comparison; webgpu has none that trains (its results arrive later).
  let resident: Engine, copy: Engine | null;
  try {
    resident = new Engine(mode === 'webgpu' ? await createGpuJsBackendAsync('webgpu') : createGpuJsBackend('webgl2'));
    copy = mode === 'webgpu' ? null : new Engine(createGpuJsBackend('webgl2', { resident: false }));
  } catch (e) {
    return { ...report, error: e instanceof Error ? e.message : String(e) };
  }
  report.started = true;
  const rel = (a: number, b: number) => (Number.isFinite(a) ? Math.abs(a - b) / (1 + Math.abs(b)) : Infinity);
  let leakModel: Sequential | LSTMModel | null = null;
  let leakData: { x: Tensor; y: Tensor } | null = null;
  for (const w of workloads) {
    const ref = w.build('reference'), res = w.build(resident), old = copy ? w.build(copy) : null;
    const refLog: TrainProgress[] = [], resLog: TrainProgress[] = [];
    // One warm-up step each on fresh weights would change the comparison, so compile with a throwaway model.
    await train(w.build(resident), { data: w.data, steps: 2, yieldFn: noYield });
    if (copy) await train(w.build(copy), { data: w.data, steps: 2, yieldFn: noYield });
    await train(ref, { data: w.data, steps: w.steps, every: w.every, yieldFn: noYield, onStep: (p) => refLog.push(p) });
    const s0 = resident.stats();
    let t0 = performance.now();
    await train(res, { data: w.data, steps: w.steps, every: w.every, yieldFn: noYield, onStep: (p) => resLog.push(p) });
    const tRes = performance.now() - t0;
    const s1 = resident.stats();
    const c0 = copy?.stats();
    t0 = performance.now();
    if (old) await train(old, { data: w.data, steps: w.steps, every: w.every, yieldFn: noYield });
    const tOld = performance.now() - t0;
    const c1 = copy?.stats();
    let lossError = resLog.length === refLog.length ? 0 : Infinity;
    resLog.forEach((p, i) => (lossError = Math.max(lossError, rel(p.loss, refLog[i]?.loss ?? NaN), rel(p.meanLoss, refLog[i]?.meanLoss ?? NaN))));
    if (!report.asyncRead) {
      const w = res.params()[0]!.value, r = ref.params()[0]!.value.dataSync();
      const before = resident.stats().readbacks;
      const got = await w.read();
      const took = resident.stats().readbacks - before;
      let error = got.length === r.length ? 0 : Infinity;
      for (let j = 0; j < r.length; j++) error = Math.max(error, rel(got[j]!, r[j]!));
      w.dataSync(); // served from the host cache the async read filled (on webgpu too: no kernel has replaced it)
      report.asyncRead = { readbacks: took, error, cachedAfter: resident.stats().readbacks - before === took };
    }
    let weightError = 0;
    const got = await Promise.all(res.params().map((p) => p.value.read()));
    got.forEach((g, i) => {
      const r = ref.params()[i]!.value.dataSync();
      for (let j = 0; j < r.length; j++) weightError = Math.max(weightError, rel(g[j]!, r[j]!));
    });
    report.rows.push({
      workload: w.name,
      steps: w.steps,
      every: w.every,
      readbacks: s1.readbacks - s0.readbacks,
      readbacksCopyPath: c1 && c0 ? c1.readbacks - c0.readbacks : NaN,
      kernelCallsPerStep: (s1.kernelCalls - s0.kernelCalls) / w.steps,
      stepsPerSecond: (w.steps / tRes) * 1000,
      stepsPerSecondCopyPath: old ? (w.steps / tOld) * 1000 : NaN,
      lossError,
      weightError,
    });
    if (!leakModel) {
      leakModel = res;
      leakData = w.data;
    }
  }
  if (leakModel && leakData && leakSteps > 0) {
    // A few steps first: kernels are shared between the models on one backend, so which storage holds each kernel's
    // last texture changes once when the leak model takes over (one texture more or fewer), then stays put.
    await train(leakModel, { data: leakData, steps: 5, yieldFn: noYield });
    await resident.flush(); // queued releases (webgpu) run before the count
    const before = resident.stats();
    report.liveBuffers[0] = before.liveBuffers;
    report.liveTensors[0] = before.liveTensors;
    report.glTextures[0] = glLive;
    await train(leakModel, { data: leakData, steps: leakSteps, every: 50, yieldFn: noYield });
    await resident.flush();
    const after = resident.stats();
    report.liveBuffers[1] = after.liveBuffers;
    report.liveTensors[1] = after.liveTensors;
    report.glTextures[1] = glLive;
  }
  report.executed = resident.report().executed;
  resident.dispose();
  copy?.dispose();
  return report;
}

Object.assign(globalThis, { runResidentTraining: runResident });

/** What the demos read from a model, on gpu.js webgpu after `readWeights()`, against the reference. */
export interface InspectionReport {
  started: boolean;
  error?: string;
  /** Worst |Δ|/(1 + |ref|) per reader (traceExample, featureMaps, filters, predict, inspect). */
  errors: Record<string, number>;
  /** The message of traceExample on webgpu before `readWeights()` (it cannot read synchronously). */
  before: string;
}

/** Trains the three models a few steps on webgpu and on the reference, then compares what the demos read. */
async function runWebGpuInspection(): Promise<InspectionReport> {
  let engine: Engine;
  try {
    engine = new Engine(await createGpuJsBackendAsync('webgpu'));
  } catch (e) {
    return { started: false, error: e instanceof Error ? e.message : String(e), errors: {}, before: '' };
  }
  const noYield = () => Promise.resolve();
  const rel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    let worst = a.length === b.length ? 0 : Infinity;
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Number.isFinite(a[i]!) ? Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)) : Infinity);
    return worst;
  };
  const errors: Record<string, number> = {};
  const rng = new Rng(9);
  // MLP: the δ panel's traceExample.
  const mx = new Float32Array(64), my = new Float32Array(32);
  for (let i = 0; i < 32; i++) {
    mx[2 * i] = rng.uniform(-1, 1);
    mx[2 * i + 1] = rng.uniform(-1, 1);
    my[i] = mx[2 * i]! * mx[2 * i + 1]! > 0 ? 1 : 0;
  }
  const mlpData = { x: new Tensor(mx, [32, 2]), y: new Tensor(my, [32, 1]) };
  const mlp = (e: Engine | string) => createMLP({ sizes: [2, 8, 8, 1], fused: false }, { backend: e, seed: 4, optimizer: { name: 'adam', lr: 0.05 } });
  const [mg, mr] = [mlp(engine), mlp('reference')];
  for (const m of [mg, mr]) await train(m, { data: mlpData, steps: 20, every: 10, yieldFn: noYield });
  let before = '';
  try {
    mg.traceExample([0.3, -0.2], [1]);
  } catch (e) {
    before = e instanceof Error ? e.message : String(e);
  }
  await mg.readWeights();
  const tg = mg.traceExample([0.3, -0.2], [1]), tr = mr.traceExample([0.3, -0.2], [1]);
  // Accuracy on the training points, reduced on the device and read asynchronously; the reference's, read at once.
  const labels = Array.from(my);
  errors.accuracyAsync = rel([await mg.accuracyAsync(mlpData.x, labels)], [mr.accuracy(mlpData.x, labels)]);
  errors.traceExample = Math.max(rel([tg.loss], [tr.loss]), ...tg.activations.map((a, i) => rel(a, tr.activations[i]!)), ...tg.deltas.map((d, i) => rel(d, tr.deltas[i]!)));
  // CNN: feature maps, filters, one prediction.
  const cx = new Float32Array(4 * 100), cy = new Float32Array(12);
  for (let i = 0; i < cx.length; i++) cx[i] = rng.uniform(0, 1);
  for (let i = 0; i < 4; i++) cy[i * 3 + (i % 3)] = 1;
  const cnn = (e: Engine | string) => createCNN(
    { input: [1, 10, 10], layers: [{ type: 'conv', filters: 4, kernel: 3, padding: 1, activation: 'relu' }, { type: 'pool', kernel: 2 }, { type: 'conv', filters: 4, kernel: 3, padding: 1, stride: 2, activation: 'tanh' }], classes: 3 },
    { backend: e, seed: 4, optimizer: { name: 'momentum', lr: 0.05, mu: 0.9 } },
  );
  const [cg, cr] = [cnn(engine), cnn('reference')];
  for (const m of [cg, cr]) await train(m, { data: { x: new Tensor(cx, [4, 1, 10, 10]), y: new Tensor(cy, [4, 3]) }, steps: 10, every: 5, yieldFn: noYield });
  await cg.readWeights();
  const one = cx.slice(0, 100);
  const fg = cg.featureMaps(one), fr = cr.featureMaps(one);
  errors.featureMaps = fg.length === fr.length ? Math.max(...fg.map((m, i) => rel(m.data, fr[i]!.data))) : Infinity;
  errors.filters = rel(cg.filters(1).data, cr.filters(1).data);
  errors.predict = rel(cg.predict(one).data, cr.predict(one).data);
  // LSTM: gates, cell and hidden state of one sequence, and 3 steps ahead on its own outputs.
  const T = 8, N = 4, lx = new Float32Array(T * N), ly = new Float32Array(T * N);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) {
    lx[t * N + n] = Math.sin((t + 2 * n) * 0.5);
    ly[t * N + n] = Math.sin((t + 2 * n + 1) * 0.5);
  }
  const lstm = (e: Engine | string) => createLSTM({ inputs: 1, hidden: 6, outputs: 1, fused: false }, { backend: e, seed: 4, optimizer: { name: 'adam', lr: 0.03 } });
  const [lg, lr] = [lstm(engine), lstm('reference')];
  for (const m of [lg, lr]) await train(m, { data: { x: new Tensor(lx, [T, N, 1]), y: new Tensor(ly, [T, N, 1]) }, steps: 10, every: 5, yieldFn: noYield });
  await lg.readWeights();
  const seq = Tensor.from([0, 0.4, 0.8, 0.9, 0.5], [5, 1]);
  const ig = lg.inspect(seq, { ahead: 3 }), ir = lr.inspect(seq, { ahead: 3 });
  errors.inspect = Math.max(...(['forget', 'input', 'output', 'candidate', 'cell', 'hidden', 'y'] as const).map((k) => rel(ig[k], ir[k])));
  engine.dispose();
  return { started: true, errors, before };
}

Object.assign(globalThis, { runWebGpuInspection });
