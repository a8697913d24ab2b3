/**
 * The page side of the training Worker: the same promise / AbortSignal / progress API as {@link train}, with the
 * steps running in the Worker. Build the Worker from `worker.ts` and pass it in (how its URL is made is the
 * bundler's business).
 */
import type { WeightsJson } from '../nn/serialize.js';
import type { TrainProgress, TrainResult } from '../train.js';
import type { DataSpec, FromWorker, ModelSpec, PortLike, ToWorker, WorkerTrainSettings } from './protocol.js';

/** Options of {@link TrainingWorker.train}. */
export interface WorkerTrainOptions extends WorkerTrainSettings {
  model: ModelSpec;
  data: DataSpec;
  /** Progress every `every` steps; `weights` is there when `weightsWithProgress` is set. */
  onStep?: (p: TrainProgress, weights?: WeightsJson) => void;
  /** Called once the Worker has built the model, with the backend that runs it. */
  onReady?: (info: { backend: string; executed: string }) => void;
  /** Stops the run; the promise then resolves with `stopped: true`, as {@link train} does. */
  signal?: AbortSignal;
  /**
   * Hand the data's buffers to the Worker instead of copying them: the structured clone of the CNN's 15.7 MB of
   * training digits was one 110 ms task on the page. The page's arrays are detached (empty) afterwards, so pass
   * copies of what the page still reads.
   */
  transferData?: boolean;
}

/** What a Worker run gives back: the loop's result and the trained weights (load them into a page-side model). */
export interface WorkerTrainResult extends TrainResult {
  weights: WeightsJson;
  backend: string;
  executed: string;
}

/** The Worker's failure, rethrown on the page with the Worker's error name. */
export class WorkerTrainingError extends Error {
  /** @param workerName the error's name inside the Worker (ShapeError, NonFiniteError, …) */
  constructor(
    message: string,
    readonly workerName: string,
  ) {
    super(`${workerName}: ${message}`);
    this.name = 'WorkerTrainingError';
  }
}

/** Drives training in a Worker (or any {@link PortLike}); one run at a time, a new `train` stops the previous one. */
export class TrainingWorker {
  private nextId = 1;
  private current = 0;

  /** @param port a `Worker` running `worker.ts`, or a MessagePort served by `serveTraining` */
  constructor(private readonly port: PortLike & { terminate?: () => void }) {}

  /** Trains in the Worker; resolves with the result and weights, rejects with a {@link WorkerTrainingError}. */
  train(o: WorkerTrainOptions): Promise<WorkerTrainResult> {
    const id = this.nextId++;
    this.current = id;
    const settings: WorkerTrainSettings = {};
    if (o.steps !== undefined) settings.steps = o.steps;
    if (o.untilLoss !== undefined) settings.untilLoss = o.untilLoss;
    if (o.every !== undefined) settings.every = o.every;
    if (o.budgetMs !== undefined) settings.budgetMs = o.budgetMs;
    if (o.weightsWithProgress) settings.weightsWithProgress = true;
    return new Promise((resolve, reject) => {
      let info = { backend: '', executed: '' };
      const onAbort = (): void => this.send({ type: 'stop', id });
      const done = (): void => {
        this.port.removeEventListener('message', listener);
        o.signal?.removeEventListener('abort', onAbort);
      };
      const listener = (e: MessageEvent): void => {
        const m = e.data as FromWorker;
        if (m.id !== id) return;
        if (m.type === 'ready') {
          info = { backend: m.backend, executed: m.executed };
          o.onReady?.(info);
        } else if (m.type === 'progress') o.onStep?.(m.progress, m.weights);
        else if (m.type === 'result') {
          done();
          resolve({ ...m.result, weights: m.weights, ...info });
        } else if (m.type === 'error') {
          done();
          reject(new WorkerTrainingError(m.message, m.name));
        }
      };
      this.port.addEventListener('message', listener);
      o.signal?.addEventListener('abort', onAbort, { once: true });
      const transfer = o.transferData ? [...new Set([o.data.x.data.buffer, o.data.y.data.buffer])] : [];
      this.send({ type: 'start', id, model: o.model, data: o.data, train: settings }, transfer as Transferable[]);
      if (o.signal?.aborted) onAbort();
    });
  }

  /** Pauses the current run after its chunk. */
  pause(): void {
    this.send({ type: 'pause', id: this.current });
  }
  /** Resumes the current run. */
  resume(): void {
    this.send({ type: 'resume', id: this.current });
  }
  /** While paused, runs `count` steps and reports. */
  step(count = 1): void {
    this.send({ type: 'step', id: this.current, count });
  }
  /** Changes the learning rate from the Worker's next step on. */
  setLearningRate(lr: number): void {
    this.send({ type: 'setLearningRate', id: this.current, lr });
  }
  /** Ends the Worker (when the port is one). */
  terminate(): void {
    this.port.terminate?.();
  }

  private send(m: ToWorker, transfer: Transferable[] = []): void {
    this.port.postMessage(m, transfer);
  }
}
