/**
 * The network a demo trains, written as an ```` ```nn ```` diagram source, so the static figure is drawn by the
 * same code (and the same shape arithmetic) as every architecture diagram in the notes. The layer lists mirror
 * the engine's models: `convNetJsDemo` and `leNet5` in src/engine/models/cnn.ts.
 */
import type { DemoSpec } from '../../demos/config.js';

/**
 * Side of the ConvNetJS net's input: ConvNetJS trains on 24×24 crops of the 28×28 digits (conv p2 keeps 24, pool 2
 * gives 12, pool 3 gives 4). On uncropped 28×28 digits the same layers would give 14/3 after the last pool.
 */
export const CONVNETJS_INPUT = 24;

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
        : [`input 1x${CONVNETJS_INPUT}x${CONVNETJS_INPUT}`, 'conv 8 k5 p2 relu', 'pool 2', 'conv 16 k5 p2 relu', 'pool 3', 'dense 10 softmax'].join('\n');
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
