/** The cnn demo (being written: this placeholder only reports that it is missing). */
import type { DemoModule } from '../types.js';

/** Mounts the cnn demo. */
export const mount: DemoModule<'cnn'>['mount'] = () => {
  throw new Error('the cnn demo is not built yet');
};
