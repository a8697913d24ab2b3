import { ShapeError } from './nn/shape.js';
import { NonFiniteError } from './errors.js';

/**
 * A dense row-major float32 array with a shape. Deliberately tiny: the engine keeps its data on the JS side so
 * every backend (plain JS, gpu.js cpu/webasm/GL) can read and write it, and layers preallocate their tensors once
 * per batch size so a training step allocates nothing on the reference backend.
 */
export class Tensor {
  /** Number of scalars (product of the shape). */
  readonly size: number;

  /** Wraps `data` (not copied); throws a ShapeError when the shape does not match its length. */
  constructor(
    readonly data: Float32Array,
    readonly shape: readonly number[],
  ) {
    const size = shapeSize(shape);
    if (size !== data.length) {
      throw new ShapeError(`tensor: shape [${shape.join(', ')}] holds ${size} values but the data has ${data.length}`);
    }
    this.size = size;
  }

  /** A zero tensor of the given shape. */
  static zeros(shape: readonly number[]): Tensor {
    return new Tensor(new Float32Array(shapeSize(shape)), shape);
  }

  /** A tensor from numbers (copied) and a shape. */
  static from(values: ArrayLike<number>, shape: readonly number[]): Tensor {
    return new Tensor(Float32Array.from(values), shape);
  }

  /** Same data, different shape of the same size (no copy). */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.data, shape);
  }

  /** Deep copy. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** Rows as nested arrays (for display and tests); a 1-D tensor gives one row. */
  toArray(): number[][] {
    const cols = this.shape[this.shape.length - 1] ?? 1;
    const rows: number[][] = [];
    for (let i = 0; i < this.size; i += cols) rows.push(Array.from(this.data.subarray(i, i + cols)));
    return rows;
  }
}

/** Product of the dimensions; throws a ShapeError on a non-positive or fractional dimension. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`tensor: bad dimension ${d} in shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

/** Formats a shape as `[a, b, c]` for error messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws a {@link NonFiniteError} naming `where` if `t` holds NaN or ±Infinity. */
export function assertFinite(t: Tensor, where: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    // v - v is NaN for both NaN and ±Infinity, and 0 otherwise: one comparison per value.
    if (v - v !== 0) throw new NonFiniteError(where, t.shape, i, v);
  }
}

/** Throws a ShapeError unless `t` has exactly `expected` (use -1 for "any"). */
export function expectShape(t: Tensor, expected: readonly number[], where: string): void {
  const s = t.shape;
  let ok = s.length === expected.length;
  for (let i = 0; ok && i < s.length; i++) if (expected[i] !== -1 && expected[i] !== s[i]) ok = false;
  if (!ok) {
    const want = expected.map((d) => (d === -1 ? '*' : String(d))).join(', ');
    throw new ShapeError(`${where}: expected shape [${want}], got ${fmtShape(s)}`);
  }
}
