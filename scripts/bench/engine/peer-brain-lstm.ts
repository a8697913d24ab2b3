/**
 * Peer and LSTM baseline: brain.js 2.0.0-beta.24 `recurrent.LSTMTimeStep` at the workload's size (default
 * 1 → [20] → 1). brain.js builds its LSTM from a per-timestep "equation" graph of small matrix ops in plain JS
 * and updates with its own RMSProp-style rule (decay 0.999, clipping 5), so its update differs from plain SGD.
 * It therefore keeps its own default learning rate (0.01): at the workload's SGD rate (0.05) its error stalls
 * and then grows over a long window, which would misreport it.
 */
import { recurrent } from 'brain.js';
import { nextStepMse } from './plain-lstm.js';
import type { Contestant, LstmWorkload } from './types.js';

/** brain.js's default RNN learning rate, tuned for its RMSProp-style update. */
export const BRAIN_LSTM_LEARNING_RATE = 0.01;

/** brain.js `LSTMTimeStep` on its only Node backend (plain JS). */
export function createContestants(w: LstmWorkload): Contestant[] {
  let net: InstanceType<typeof recurrent.LSTMTimeStep> | undefined;
  let formatted: Float32Array[][] = [];
  let cursor = 0;
  // brain.js wants number[] for a 1-wide series and number[][] (timestep-major) otherwise.
  const asData = (seq: Float32Array): number[] | number[][] =>
    w.inputSize === 1
      ? Array.from(seq)
      : Array.from({ length: w.seqLength }, (_, t) => Array.from(seq.subarray(t * w.inputSize, (t + 1) * w.inputSize)));
  return [
    {
      name: 'brain.js LSTMTimeStep',
      backend: 'js',
      async setup() {
        net = new recurrent.LSTMTimeStep({ inputSize: w.inputSize, hiddenLayers: [w.hiddenSize], outputSize: w.outputSize });
        const data = w.sequences.map(asData);
        // One pass of train() sizes, initialises and binds the per-timestep equations; then we drive
        // trainPattern ourselves so each step is exactly one sequence, as for the other contestants.
        net.train(data as number[][], { iterations: 1, learningRate: BRAIN_LSTM_LEARNING_RATE });
        formatted = net.formatData(data as number[][]);
        cursor = 0;
      },
      async trainSteps(n) {
        const m = net!;
        for (let s = 0; s < n; s++) {
          m.trainPattern(formatted[cursor]!);
          cursor = (cursor + 1) % formatted.length;
        }
        return n * (w.seqLength - 1);
      },
      async evaluate() {
        const m = net!;
        return nextStepMse(w, (seq) => {
          const data = asData(seq);
          const out: number[] = [];
          for (let t = 1; t < w.seqLength; t++) {
            const y = m.run(data.slice(0, t) as number[]) as unknown;
            out.push(typeof y === 'number' ? y : (y as ArrayLike<number>)[0]!);
          }
          return out;
        });
      },
    },
  ];
}
