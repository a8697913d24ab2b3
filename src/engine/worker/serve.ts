/**
 * The Worker side of the protocol: builds the model from plain data and runs {@link train} on this thread, posting
 * progress and the result. `serveTraining(self)` in a dedicated Worker (see `worker.ts`), or any {@link PortLike}.
 */
import { isSoftwareGl } from '../backend/types.js';
import { PauseGate, train, type TrainProgress } from '../train.js';
import { now, yieldToPage } from '../yield.js';
import { batchSource, buildModel, type BuiltModel } from './build.js';
import type { FromWorker, PortLike, ToWorker } from './protocol.js';

interface Run {
  id: number;
  model: BuiltModel | null;
  abort: AbortController;
  gate: PauseGate;
  /** Set learning rate before the model exists (start still building). */
  lr?: number;
}

/** Answers protocol messages on `port` (one run at a time; a new `start` stops the previous run). */
export function serveTraining(port: PortLike): void {
  let run: Run | null = null;
  const post = (m: FromWorker): void => port.postMessage(m);
  const fail = (id: number, e: unknown): void =>
    post({ type: 'error', id, name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) });

  port.addEventListener('message', (e: MessageEvent) => {
    const msg = e.data as ToWorker;
    if (msg.type === 'start') {
      run?.abort.abort();
      const r: Run = { id: msg.id, model: null, abort: new AbortController(), gate: new PauseGate() };
      run = r;
      void start(r, msg).catch((err: unknown) => fail(r.id, err));
      return;
    }
    if (!run || run.id !== msg.id) return;
    try {
      if (msg.type === 'stop') run.abort.abort();
      else if (msg.type === 'pause') run.gate.pause();
      else if (msg.type === 'resume') run.gate.resume();
      else if (msg.type === 'setLearningRate') {
        if (run.model) run.model.optimizer.setLearningRate(msg.lr);
        else run.lr = msg.lr;
      } else if (msg.type === 'step') run.gate.step(msg.count);
    } catch (err) {
      fail(msg.id, err);
    }
  });

  async function start(r: Run, msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    const data = batchSource(msg.data);
    const model = await buildModel(msg.model, data);
    r.model = model;
    if (r.lr !== undefined) model.optimizer.setLearningRate(r.lr);
    const rep = model.engine.report();
    post({ type: 'ready', id: r.id, backend: rep.backend, executed: rep.executed });
    const s = msg.train;
    const every = s.every ?? 10;
    // A queued backend (webgpu) is read only asynchronously: its weights follow their progress report when read.
    const queued = model.engine.queued;
    const report = (p: TrainProgress): void => {
      if (!s.weightsWithProgress) post({ type: 'progress', id: r.id, progress: p });
      else if (!queued) post({ type: 'progress', id: r.id, progress: p, weights: model.save() });
      else void model.saveAsync().then((weights) => post({ type: 'progress', id: r.id, progress: p, weights }), (err: unknown) => fail(r.id, err));
    };
    const result = await train(model, {
      data,
      ...(s.steps !== undefined ? { steps: s.steps } : {}),
      ...(s.untilLoss !== undefined ? { until: (p: TrainProgress) => p.loss <= s.untilLoss! } : {}),
      every,
      ...(s.budgetMs !== undefined ? { budgetMs: s.budgetMs } : {}),
      signal: r.abort.signal,
      gate: r.gate,
      onStep: report,
      ...(isSoftwareGl(model.engine.backend) ? { yieldFn: sharedGpuYield() } : {}),
    });
    if (run === r) run = null;
    post({ type: 'result', id: r.id, result, weights: queued ? await model.saveAsync() : model.save() });
  }
}

/**
 * The yield of a Worker training on WebGL over a software rasterizer (SwiftShader, llvmpipe): after each chunk it
 * waits as long as the chunk took. There the "GPU" is CPU threads of the browser's GPU process, the same process
 * that draws the page's frames, and a Worker stepping back to back kept it busy: the page painted 15–25 frames/s
 * while an LSTM or CNN trained there (bench:demos). Idle half of the time, it lets the frames through. On a real
 * GPU the page's drawing does not wait for the Worker's kernels, so nothing is held back there.
 */
function sharedGpuYield(): () => Promise<void> {
  let resumed = now();
  return async () => {
    const busy = now() - resumed;
    await yieldToPage();
    if (busy > 1) await new Promise((resolve) => setTimeout(resolve, busy));
    resumed = now();
  };
}
