import { type Backend, type KernelTable, zeroCounters } from '../types.js';
import { conv2d, conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput, maxPool, maxPoolBackward } from './conv.js';
import * as ew from './elementwise.js';
import * as linalg from './linalg.js';
import * as lstm from './lstm.js';

/** Every kernel of the contract in plain JS loops: the correctness oracle and, at demo sizes, the fastest CPU path. */
export const referenceKernels: KernelTable = {
  ...linalg,
  ...ew,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardFilter,
  conv2dBackwardBias,
  maxPool,
  maxPoolBackward,
  ...lstm,
};

/** Creates the reference backend (plain JS over Float32Array; no gpu.js, runs everywhere). */
export function createReferenceBackend(): Backend {
  return {
    name: 'reference',
    executed: () => 'reference (plain JS)',
    kernels: referenceKernels,
    isGpu: false,
    counters: zeroCounters(),
    dispose() {},
  };
}
