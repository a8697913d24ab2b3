/**
 * Adds the reference backend's LSTM gate and cell kernels (`lstm.ts`) to its table. Imported for its effect by the
 * LSTM modules (`nn/lstm.ts`, `models/lstm.ts`) and the engine's index, so bundles without an LSTM leave them out.
 */
import { addReferenceKernels } from './index.js';
import * as lstm from './lstm.js';

addReferenceKernels(lstm);
