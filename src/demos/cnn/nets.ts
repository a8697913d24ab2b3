/** The nets the CNN demo offers and the optimizer settings its options name. */
import { convNetJsDemo, leNet5, type CNN, type CNNConfig } from '../../engine/models/cnn.js';
import type { OptimizerSpec } from '../../engine/optim/optimizers.js';
import type { CnnConfig } from './config.js';

/** Builds the page's copy of the net (reference backend: one digit at a time is fastest in plain JS). */
export function buildNet(config: CnnConfig): CNN {
  const options = { seed: config.seed, backend: 'reference', optimizer: optimizerSpec(config) };
  return config.net === 'lenet5' ? leNet5(options) : convNetJsDemo(28, options);
}

/** The net's architecture as plain data (for the Worker and the shape list). */
export function netConfig(net: CNN): CNNConfig {
  return net.config as CNNConfig;
}

/** The optimizer the options ask for; momentum keeps ConvNetJS's 0.9. */
export function optimizerSpec(config: CnnConfig): OptimizerSpec {
  const lr = config.learningRate;
  if (config.optimizer === 'sgd') return { name: 'sgd', lr };
  if (config.optimizer === 'adam') return { name: 'adam', lr };
  return { name: 'momentum', lr, mu: 0.9 };
}

/** Human names of the nets. */
export const NET_NAMES: Record<string, string> = { convnetjs: 'ConvNetJS MNIST net', lenet5: 'LeNet-5' };
