/**
 * Adds the reference backend's convolution and pooling kernels (`conv.ts`, `conv-stride1.ts`) to its table. Imported
 * for its effect by the modules that build convolutions (`models/cnn.ts`, the engine's index), so bundles without a
 * CNN leave the loops out.
 */
import { conv2d, conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput, maxPool, maxPoolBackward } from './conv.js';
import { addReferenceKernels } from './index.js';

addReferenceKernels({ conv2d, conv2dBackwardInput, conv2dBackwardFilter, conv2dBackwardBias, maxPool, maxPoolBackward });
