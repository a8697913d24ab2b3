/**
 * Demo type → lazy import of its module. Each import is its own chunk in the emitted bundle, so a page loads the
 * code of the demos it has, and only when one is started or scrolls into view.
 */
import type { DemoType } from './config.js';
import type { DemoModule } from './types.js';

/** Loads a demo's module. */
export const DEMOS: { [T in DemoType]: () => Promise<DemoModule<T>> } = {
  mlp: () => import('./mlp/index.js'),
  cnn: () => import('./cnn/index.js'),
  lstm: () => import('./lstm/index.js'),
};

/** True for a demo type this page can load (the keys of {@link DEMOS}). */
export function isRegisteredDemo(type: unknown): type is DemoType {
  return typeof type === 'string' && Object.hasOwn(DEMOS, type);
}
