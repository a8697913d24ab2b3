/**
 * Layer shape arithmetic, shared by the running engine and the build-time architecture figures, so a diagram and
 * the network it depicts can never disagree about a size. Pure functions over numbers: no tensors, no backend.
 */

/** Thrown when a layer's hyper-parameters do not fit its input; the message says which quantity and why. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Spatial hyper-parameters of a sliding-window layer (convolution or pooling). */
export interface WindowSpec {
  /** Kernel (filter) size F, square. */
  kernel: number;
  /** Stride S; defaults to 1 for convolutions. */
  stride?: number;
  /** Zero padding P on each side; defaults to 0. */
  padding?: number;
}

/**
 * Output size of a sliding window over one spatial axis: N = (W − F + 2P)/S + 1.
 * Throws a {@link ShapeError} when N is not a positive whole number, naming the numbers that do not fit,
 * because a silent floor hides a wrong architecture (PyTorch floors; we would rather say so).
 */
export function windowOutputSize(inputSize: number, spec: WindowSpec, what = 'layer'): number {
  const F = spec.kernel;
  const S = spec.stride ?? 1;
  const P = spec.padding ?? 0;
  const W = inputSize;
  for (const [name, v] of [['input size W', W], ['kernel F', F], ['stride S', S]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ShapeError(`${what}: ${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(P) || P < 0) throw new ShapeError(`${what}: padding P must be a non-negative integer, got ${P}`);
  const span = W - F + 2 * P;
  if (span < 0) {
    throw new ShapeError(`${what}: kernel F=${F} is larger than the padded input W+2P=${W + 2 * P}`);
  }
  if (span % S !== 0) {
    const n = span / S + 1;
    throw new ShapeError(
      `${what}: N = (W − F + 2P)/S + 1 = (${W} − ${F} + 2·${P})/${S} + 1 = ${formatNumber(n)} is not an integer; ` +
        `change the stride, padding or kernel so that ${S} divides ${span}`,
    );
  }
  return span / S + 1;
}

/** Shape of an image-like activation: channels × height × width. */
export interface ChwShape {
  channels: number;
  height: number;
  width: number;
}

/** Hyper-parameters of a 2-D convolution. */
export interface Conv2dSpec extends WindowSpec {
  /** Number of output channels (filters). */
  filters: number;
}

/** Output shape of a 2-D convolution over a C×H×W input. */
export function conv2dOutputShape(input: ChwShape, spec: Conv2dSpec, what = 'conv2d'): ChwShape {
  if (!Number.isInteger(spec.filters) || spec.filters <= 0) {
    throw new ShapeError(`${what}: filters must be a positive integer, got ${spec.filters}`);
  }
  return {
    channels: spec.filters,
    height: windowOutputSize(input.height, spec, `${what} (height)`),
    width: windowOutputSize(input.width, spec, `${what} (width)`),
  };
}

/** Output shape of a 2-D pooling layer; the stride defaults to the kernel size, as in every framework. */
export function pool2dOutputShape(input: ChwShape, spec: WindowSpec, what = 'pool'): ChwShape {
  const s = { kernel: spec.kernel, stride: spec.stride ?? spec.kernel, padding: spec.padding ?? 0 };
  return {
    channels: input.channels,
    height: windowOutputSize(input.height, s, `${what} (height)`),
    width: windowOutputSize(input.width, s, `${what} (width)`),
  };
}

/** Number of scalars in a C×H×W shape (the width of the vector that `flatten` produces). */
export function chwSize(shape: ChwShape): number {
  return shape.channels * shape.height * shape.width;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}
