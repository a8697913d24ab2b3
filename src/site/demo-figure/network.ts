/**
 * The network a demo trains, written as an ```` ```nn ```` diagram source, so the static figure is drawn by the
 * same code (and the same shape arithmetic) as every architecture diagram in the notes. The layer lists mirror
 * the engine's models the demos build: `convNetJsDemo(28)` and `leNet5` in src/engine/models/cnn.ts (as
 * src/demos/cnn/nets.ts picks them), the MLP of src/demos/mlp/session.ts (sigmoid output), the LSTM of
 * src/demos/lstm/model.ts (one input per feature, a linear or softmax read-out).
 */
import type { DemoSpec } from '../../demos/config.js';

/** The `nn` diagram source of a demo's network. */
export function demoNetworkSource(spec: DemoSpec): string {
  switch (spec.type) {
    case 'mlp': {
      const c = spec.config;
      return ['input 2', ...c.hidden.map((h) => `dense ${h} ${c.activation}`), 'dense 1 sigmoid'].join('\n');
    }
    case 'cnn':
      return spec.config.net === 'lenet5'
        ? ['input 1x28x28', 'conv 6 k5 p2 relu', 'pool 2', 'conv 16 k5 relu', 'pool 2', 'dense 120 relu', 'dense 84 relu', 'dense 10 softmax'].join('\n')
        : // ConvNetJS's net on whole 28×28 digits: no padding in the first conv (24×24), as ConvNetJS's 24×24 crops
          // with padding 2 would give; pool 2 → 12, conv p2 → 12, pool 3 → 4.
          ['input 1x28x28', 'conv 8 k5 relu', 'pool 2', 'conv 16 k5 p2 relu', 'pool 3', 'dense 10 softmax'].join('\n');
    case 'lstm': {
      const c = spec.config;
      // `lstm H` without `seq`: the nn grammar has no per-timestep dense, so the figure shows the prediction of the
      // next value (or character) from the last hidden state, which is what each step of training asks for.
      if (c.sequence === 'text') {
        // One-hot characters in, a distribution over the same characters out.
        const vocab = Math.max(1, new Set(c.text).size);
        return [`input ${c.steps}x${vocab}`, `lstm ${c.hidden}`, `dense ${vocab} softmax`].join('\n');
      }
      return [`input ${c.steps}x1`, `lstm ${c.hidden}`, 'dense 1'].join('\n');
    }
  }
}
