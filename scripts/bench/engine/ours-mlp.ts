/**
 * danlu engine on the MLP workload: 2-8-8-1 sigmoid MLP, MSE ½Σ(o−t)², plain SGD on two-spirals mini-batches,
 * one contestant per backend plus `auto`. `backend` reports what actually executed.
 */
import { createMLP, type Engine, type MLP, SGD, Tensor } from '../../../src/engine/index.js';
import { buildOn, OUR_BACKENDS } from './ours-common.js';
import type { Contestant, CreateContestants, MlpWorkload } from './types.js';

class OursMlp implements Contestant {
  readonly name = 'danlu';
  backend: string;
  private model!: MLP;
  private engine!: Engine;
  private step = 0;
  private batches: { x: Tensor; y: Tensor }[] = [];

  constructor(
    private readonly w: MlpWorkload,
    private readonly requested: string,
  ) {
    this.backend = requested;
  }

  async setup(): Promise<void> {
    const { w } = this;
    const inDim = w.layers[0]!, outDim = w.layers[w.layers.length - 1]!;
    // Step k trains on examples [k·b, (k+1)·b) mod count: one preallocated tensor per distinct window.
    const windows = w.count / gcd(w.count, w.batchSize);
    for (let k = 0; k < windows; k++) {
      const x = Tensor.zeros([w.batchSize, inDim]), y = Tensor.zeros([w.batchSize, outDim]);
      for (let r = 0; r < w.batchSize; r++) {
        const i = (k * w.batchSize + r) % w.count;
        x.data.set(w.inputs.subarray(i * inDim, (i + 1) * inDim), r * inDim);
        y.data.set(w.targets.subarray(i * outDim, (i + 1) * outDim), r * outDim);
      }
      this.batches.push({ x, y });
    }
    const build = (engine: Engine) =>
      createMLP({ sizes: [...w.layers], activation: 'sigmoid', output: 'sigmoid' }, { backend: engine, seed: w.seed, optimizer: new SGD(w.learningRate) });
    const first = this.batches[0]!;
    const r = await buildOn(this.requested, build, (m) => m.trainBatch(first.x, first.y));
    this.model = r.model;
    this.engine = r.engine;
    this.backend = r.executed;
  }

  async trainSteps(n: number): Promise<number> {
    for (let i = 0; i < n; i++) {
      const b = this.batches[this.step++ % this.batches.length]!;
      this.model.trainBatch(b.x, b.y);
    }
    return n * this.w.batchSize;
  }

  async evaluate(): Promise<number> {
    const { w } = this;
    const p = this.model.predict(new Tensor(w.inputs.slice(0, w.count * w.layers[0]!), [w.count, w.layers[0]!])).data;
    let right = 0;
    for (let i = 0; i < w.count; i++) if ((p[i]! > 0.5 ? 1 : 0) === w.targets[i]) right++;
    return right / w.count;
  }

  dispose(): void {
    this.engine?.dispose();
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** One contestant per backend our engine can run here, plus `auto`. */
export const createContestants: CreateContestants<MlpWorkload> = (w) => OUR_BACKENDS.map((b) => new OursMlp(w, b));
