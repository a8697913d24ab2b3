/**
 * Named errors of the engine. Each says what went wrong and where (layer, kernel, backend, shape) so a demo can
 * show the message as is. `ShapeError` lives in `nn/shape.ts` (the build-time diagrams import it from there).
 */
export { ShapeError } from './nn/shape.js';

/** A kernel is not implemented by a backend; the message names both, as TensorFlow.js's kernel registry does. */
export class KernelNotFoundError extends Error {
  override name = 'KernelNotFoundError';
  constructor(
    readonly kernel: string,
    readonly backend: string,
    hint = 'register it, or create the engine with { fallback: true } to run it on the reference backend',
  ) {
    super(`kernel '${kernel}' is not registered for backend '${backend}'; ${hint}`);
  }
}

/** A backend could not be created or is unknown; carries the cause (for example "no WebGL2 context"). */
export class BackendError extends Error {
  override name = 'BackendError';
  constructor(
    message: string,
    readonly backend: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input data or a computed value contains NaN or ±Infinity; names the layer, the shape and the first bad index. */
export class NonFiniteError extends Error {
  override name = 'NonFiniteError';
  constructor(
    readonly where: string,
    readonly shape: readonly number[],
    readonly index: number,
    readonly value: number,
  ) {
    super(`${where}: input of shape [${shape.join(', ')}] has ${value} at flat index ${index}; check the data or lower the learning rate`);
  }
}
