import { ShapeError } from './nn/shape.js';
import type { Rng } from './random.js';
import { fmtShape, Tensor } from './tensor.js';

/**
 * Seeded mini-batching for training loops: each epoch visits every example once in an order drawn from `rng`, and
 * batches are copied into two preallocated tensors (no allocation per step). The last, short batch of an epoch is
 * dropped so every step has the same shape, which keeps gpu.js kernels and the layers' buffers on one size.
 */
export class Batcher {
  /** The current batch (valid until the next call to {@link next}). */
  readonly x: Tensor;
  readonly y: Tensor;
  private order: Int32Array;
  private pos = 0;
  /** Completed epochs. */
  epoch = 0;
  private readonly xRow: number;
  private readonly yRow: number;

  /** `inputs` [N, …] and `targets` [N, …] share the first dimension. */
  constructor(
    private readonly inputs: Tensor,
    private readonly targets: Tensor,
    readonly batchSize: number,
    private readonly rng: Rng,
  ) {
    const n = inputs.shape[0] ?? 0;
    if (targets.shape[0] !== n) throw new ShapeError(`batcher: inputs ${fmtShape(inputs.shape)} and targets ${fmtShape(targets.shape)} differ in length`);
    if (!Number.isInteger(batchSize) || batchSize <= 0 || batchSize > n) {
      throw new ShapeError(`batcher: batch size must be between 1 and ${n}, got ${batchSize}`);
    }
    this.xRow = inputs.size / n;
    this.yRow = targets.size / n;
    this.x = Tensor.zeros([batchSize, ...inputs.shape.slice(1)]);
    this.y = Tensor.zeros([batchSize, ...targets.shape.slice(1)]);
    this.order = rng.permutation(n);
  }

  /** Fills {@link x} and {@link y} with the next batch, reshuffling at each new epoch; returns this. */
  next(): this {
    const n = this.order.length;
    if (this.pos + this.batchSize > n) {
      this.rng.shuffle(this.order);
      this.pos = 0;
      this.epoch++;
    }
    const { xRow, yRow } = this;
    for (let r = 0; r < this.batchSize; r++) {
      const i = this.order[this.pos + r]!;
      this.x.data.set(this.inputs.data.subarray(i * xRow, (i + 1) * xRow), r * xRow);
      this.y.data.set(this.targets.data.subarray(i * yRow, (i + 1) * yRow), r * yRow);
    }
    this.pos += this.batchSize;
    return this;
  }
}

/** One-hot rows [N, classes] from integer labels; throws a ShapeError naming a label outside [0, classes). */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor {
  const t = Tensor.zeros([labels.length, classes]);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= classes) throw new ShapeError(`oneHot: label ${k} at index ${i} is not in [0, ${classes})`);
    t.data[i * classes + k] = 1;
  }
  return t;
}
