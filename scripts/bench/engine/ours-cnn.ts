/**
 * danlu engine on the CNN workload: ConvNetJS's MNIST demo net trained by SGD with momentum on packed MNIST.
 * The engine refuses the workload's pool 3×3/3 on a 14×14 map (N = (14 − 3)/3 + 1 is not whole; ConvNetJS floors
 * it), so on 28×28 input we use `convNetJsDemo(28)`: conv1 unpadded (28 → 24), after which every size — 8×12×12,
 * 16×12×12, 16×4×4, 10 — and the parameter count equal ConvNetJS's 24×24 demo. Noted in BENCHMARKS.md.
 */
import { convNetJsDemo, type CNN, type Engine, Momentum, Tensor } from '../../../src/engine/index.js';
import { mnistPixelsToFloat } from '../../../src/engine/data/mnist-format.js';
import { buildOn, OUR_BACKENDS } from './ours-common.js';
import type { CnnWorkload, Contestant, CreateContestants } from './types.js';

class OursCnn implements Contestant {
  readonly name = 'danlu';
  backend: string;
  private model!: CNN;
  private engine!: Engine;
  private pixels!: Float32Array;
  private x!: Tensor;
  private y!: Tensor;
  private next = 0;

  constructor(
    private readonly w: CnnWorkload,
    private readonly requested: string,
  ) {
    this.backend = requested;
  }

  async setup(): Promise<void> {
    const { w } = this;
    if (w.train.rows !== 28 || w.train.cols !== 28) throw new Error(`ours-cnn expects 28×28 digits, got ${w.train.rows}×${w.train.cols}`);
    this.pixels = mnistPixelsToFloat(w.train);
    this.x = Tensor.zeros([w.batchSize, 1, 28, 28]);
    this.y = Tensor.zeros([w.batchSize, 10]);
    this.fill();
    const build = (engine: Engine) => convNetJsDemo(28, { backend: engine, seed: w.seed, optimizer: new Momentum(w.learningRate, w.momentum) });
    const r = await buildOn(this.requested, build, (m) => m.trainBatch(this.x, this.y));
    this.model = r.model;
    this.engine = r.engine;
    this.backend = r.executed;
  }

  /** Copies the next batch (wrapping around the training set) into the preallocated tensors. */
  private fill(): void {
    const { w } = this;
    this.y.data.fill(0);
    for (let r = 0; r < w.batchSize; r++) {
      const i = this.next++ % w.train.count;
      this.x.data.set(this.pixels.subarray(i * 784, (i + 1) * 784), r * 784);
      this.y.data[r * 10 + w.train.labels[i]!] = 1;
    }
  }

  async trainSteps(n: number): Promise<number> {
    for (let i = 0; i < n; i++) {
      this.fill();
      this.model.trainBatch(this.x, this.y);
    }
    return n * this.w.batchSize;
  }

  async evaluate(): Promise<number> {
    const t = this.w.test;
    const px = mnistPixelsToFloat(t);
    let right = 0;
    for (let s = 0; s < t.count; s += 100) {
      const n = Math.min(100, t.count - s);
      const acc = this.model.accuracy(new Tensor(px.subarray(s * 784, (s + n) * 784), [n, 1, 28, 28]), t.labels.subarray(s, s + n));
      right += acc * n;
    }
    return right / t.count;
  }

  dispose(): void {
    this.engine?.dispose();
  }
}

/** One contestant per backend our engine can run here, plus `auto`. */
export const createContestants: CreateContestants<CnnWorkload> = (w) => OUR_BACKENDS.map((b) => new OursCnn(w, b));
