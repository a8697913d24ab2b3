/** The mlp demo (being written: this placeholder only reports that it is missing). */
import type { DemoModule } from '../types.js';

/** Mounts the mlp demo. */
export const mount: DemoModule<'mlp'>['mount'] = () => {
  throw new Error('the mlp demo is not built yet');
};
