/**
 * danlu engine on the LSTM workload: inputSize → LSTM(hiddenSize) → dense outputSize, one sequence per step,
 * BPTT over the whole sequence, plain SGD, next-value targets. Counts `seqLength − 1` timesteps per sequence.
 */
import { createLSTM, type Engine, type LSTMModel, SGD, Tensor } from '../../../src/engine/index.js';
import { buildOn, OUR_BACKENDS } from './ours-common.js';
import type { Contestant, CreateContestants, LstmWorkload } from './types.js';

class OursLstm implements Contestant {
  readonly name = 'danlu';
  backend: string;
  private model!: LSTMModel;
  private engine!: Engine;
  private pairs: { xs: Tensor; ys: Tensor }[] = [];
  private next = 0;

  constructor(
    private readonly w: LstmWorkload,
    private readonly requested: string,
  ) {
    this.backend = requested;
  }

  async setup(): Promise<void> {
    const { w } = this;
    if (w.inputSize !== w.outputSize) throw new Error('ours-lstm: next-value prediction needs inputSize = outputSize');
    const T = w.seqLength - 1, D = w.inputSize;
    this.pairs = w.sequences.map((s) => ({
      xs: new Tensor(s.slice(0, T * D), [T, 1, D]),
      ys: new Tensor(s.slice(D, (T + 1) * D), [T, 1, D]),
    }));
    // Our loss averages ½(y − t)² over the T predictions; brain.js and the plain loops sum it. Scaling the rate by T
    // makes the SGD step identical to theirs.
    const build = (engine: Engine) =>
      createLSTM({ inputs: D, hidden: w.hiddenSize, outputs: w.outputSize }, { backend: engine, seed: w.seed, optimizer: new SGD(w.learningRate * T) });
    const p0 = this.pairs[0]!;
    const r = await buildOn(this.requested, build, (m) => m.trainBatch(p0.xs, p0.ys));
    this.model = r.model;
    this.engine = r.engine;
    this.backend = r.executed;
  }

  async trainSteps(n: number): Promise<number> {
    for (let i = 0; i < n; i++) {
      const p = this.pairs[this.next++ % this.pairs.length]!;
      this.model.trainBatch(p.xs, p.ys);
    }
    return n * (this.w.seqLength - 1);
  }

  async evaluate(): Promise<number> {
    let s = 0, count = 0;
    for (const p of this.pairs) {
      const y = this.model.forward(p.xs).data;
      for (let i = 0; i < y.length; i++) {
        const d = y[i]! - p.ys.data[i]!;
        s += d * d;
        count++;
      }
    }
    return s / count;
  }

  dispose(): void {
    this.engine?.dispose();
  }
}

/** One contestant per backend our engine can run here, plus `auto`. */
export const createContestants: CreateContestants<LstmWorkload> = (w) => OUR_BACKENDS.map((b) => new OursLstm(w, b));
