/**
 * Peer: brain.js 2.0.0-beta.24 `NeuralNetwork` (its plain-JS CPU path; the GPU class needs headless `gl`, which
 * is not built here). brain.js trains online: it updates the weights after every example, so a "batch" is just
 * `batchSize` consecutive `trainPattern` calls — more updates per example than everyone else, never fewer.
 * Momentum is set to 0 so the update rule is plain SGD like the other contestants.
 */
import { NeuralNetwork } from 'brain.js';
import { binaryAccuracy } from './plain-mlp.js';
import type { Contestant, MlpWorkload } from './types.js';

/** brain.js `NeuralNetwork` with sigmoid hidden layers (its output layer is always sigmoid). */
export function createContestants(w: MlpWorkload): Contestant[] {
  const hidden = w.layers.slice(1, -1);
  let net: NeuralNetwork<Float32Array, Float32Array> | undefined;
  let data: { input: Float32Array; output: Float32Array }[] = [];
  let cursor = 0;
  return [
    {
      name: 'brain.js NeuralNetwork',
      backend: 'js',
      async setup() {
        data = Array.from({ length: w.count }, (_, i) => ({
          input: w.inputs.slice(2 * i, 2 * i + 2),
          output: w.targets.slice(i, i + 1),
        }));
        net = new NeuralNetwork<Float32Array, Float32Array>({ hiddenLayers: hidden, activation: 'sigmoid' });
        // train() sizes and initialises the net and stores the training options trainPattern uses.
        // Its option check rejects momentum 0 (it wants 0 < m < 1), so set it after validation: plain SGD.
        net.train(data.slice(0, 1), { iterations: 1, learningRate: w.learningRate });
        net.trainOpts.momentum = 0;
        cursor = 0;
      },
      async trainSteps(n) {
        const m = net!;
        for (let s = 0; s < n; s++) {
          for (let e = 0; e < w.batchSize; e++) {
            m.trainPattern(data[cursor]!);
            cursor = cursor + 1 === w.count ? 0 : cursor + 1;
          }
        }
        return n * w.batchSize;
      },
      async evaluate() {
        const m = net!;
        const xy = new Float32Array(2);
        return binaryAccuracy((x, y) => {
          xy[0] = x;
          xy[1] = y;
          return m.run(xy)[0]!;
        }, w);
      },
    },
  ];
}
