import { KernelNotFoundError } from '../../errors.js';
import { type Backend, KERNEL_NAMES, type KernelTable, zeroCounters } from '../types.js';
import * as ew from './elementwise.js';
import * as linalg from './linalg.js';

/**
 * Every kernel of the contract in plain JS loops: the correctness oracle and, at demo sizes, the fastest CPU path.
 * The dense and element-wise kernels are always here; the convolution and LSTM families are added by the models
 * that use them (`conv-kernels.ts`, `lstm-kernels.ts`), so a page with only an MLP does not carry the 7 KB of
 * convolution and LSTM loops. Until its family is loaded a kernel throws a {@link KernelNotFoundError} naming the
 * import.
 */
export const referenceKernels: KernelTable = { ...linalg, ...ew } as KernelTable;
for (const k of KERNEL_NAMES) {
  if (k in referenceKernels) continue;
  (referenceKernels as unknown as Record<string, unknown>)[k] = () => {
    throw new KernelNotFoundError(k, 'reference', 'its family is not loaded: import backend/cpu/conv-kernels.js (convolution, pooling) or lstm-kernels.js (LSTM), as models/cnn.js and models/lstm.js do');
  };
}

/** Adds a kernel family to {@link referenceKernels} (engines created afterwards use it). */
export function addReferenceKernels(kernels: Partial<KernelTable>): void {
  Object.assign(referenceKernels, kernels);
}

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
