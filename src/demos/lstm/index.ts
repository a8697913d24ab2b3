/** The lstm demo (being written: this placeholder only reports that it is missing). */
import type { DemoModule } from '../types.js';

/** Mounts the lstm demo. */
export const mount: DemoModule<'lstm'>['mount'] = () => {
  throw new Error('the lstm demo is not built yet');
};
