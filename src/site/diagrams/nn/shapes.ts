/**
 * Output shape of every layer of an `nn` block, computed with the engine's own shape arithmetic
 * (src/engine/nn/shape.ts: N = (W − F + 2P)/S + 1) so a figure cannot disagree with the network it depicts.
 * A layer that does not fit is a {@link DiagramError} `diagram-nn-shape` naming the layer and the numbers.
 */
import { ShapeError, chwSize, conv2dOutputShape, pool2dOutputShape, windowOutputSize, type ChwShape } from '../../../engine/nn/shape.js';
import { DiagramError } from '../types.js';
import type { LayerSpec, NnSpec } from './parse.js';

/** The activation a layer produces: an image-like C×H×W tensor, a vector, or a T×D sequence. */
export type Shape = { kind: 'chw'; c: number; h: number; w: number } | { kind: 'vec'; n: number } | { kind: 'seq'; t: number; d: number };

/** A layer with its computed output shape; `flattened` says that a dense layer flattened a C×H×W input first. */
export interface ShapedLayer {
  spec: LayerSpec;
  /** 1-based position among the block's layers, as used in messages ("layer 3"). */
  index: number;
  output: Shape;
  /** For `add` with a projection: the shape of the projected shortcut. */
  shortcut?: Shape;
  flattened?: number;
}

/** Writes a shape the way the figures and messages show it: `16×14×14`, `784`, `35×128`. */
export function formatShape(s: Shape): string {
  return s.kind === 'chw' ? `${s.c}×${s.h}×${s.w}` : s.kind === 'vec' ? String(s.n) : `${s.t}×${s.d}`;
}

const chw = (s: ChwShape): Shape => ({ kind: 'chw', c: s.channels, h: s.height, w: s.width });

/** Computes every layer's output shape in order; throws `diagram-nn-shape` at the first layer that does not fit. */
export function computeShapes(spec: NnSpec): ShapedLayer[] {
  const out: ShapedLayer[] = [];
  const named = new Map<string, Shape>();
  let prev: Shape | undefined;
  spec.layers.forEach((layer, i) => {
    const index = i + 1;
    const what = `layer ${index} \`${layer.text}\``;
    const fail = (why: string, cause?: unknown): never => {
      throw new DiagramError(`${what}: ${why}`, 'diagram-nn-shape', layer.line, { cause });
    };
    let shaped: ShapedLayer;
    try {
      shaped = { spec: layer, index, ...shapeOf(layer, prev, named, what, fail) };
    } catch (err) {
      // The engine's ShapeError already names the layer (we pass `what`) and the arithmetic that failed.
      if (err instanceof ShapeError) throw new DiagramError(err.message, 'diagram-nn-shape', layer.line, { cause: err });
      throw err;
    }
    out.push(shaped);
    prev = shaped.output;
    if (layer.name) named.set(layer.name, shaped.output);
  });
  return out;
}

function shapeOf(
  layer: LayerSpec,
  prev: Shape | undefined,
  named: Map<string, Shape>,
  what: string,
  fail: (why: string) => never,
): Omit<ShapedLayer, 'spec' | 'index'> {
  if (layer.op === 'input') {
    const [a, b, c] = layer.dims;
    if (c !== undefined) return { output: { kind: 'chw', c: a!, h: b!, w: c } };
    if (b !== undefined) return { output: { kind: 'seq', t: a!, d: b } };
    return { output: { kind: 'vec', n: a! } };
  }
  const p = prev!;
  const needImage = (): ChwShape => {
    if (p.kind !== 'chw') fail(`needs a C×H×W input but gets ${formatShape(p)}; ${layer.op} works on images`);
    return { channels: p.c, height: p.h, width: p.w };
  };
  switch (layer.op) {
    case 'conv':
      return { output: chw(conv2dOutputShape(needImage(), layer, what)) };
    case 'upconv': {
      // Transposed convolution is the adjoint of a convolution: its output size H′ is the size that the forward
      // conv with the same K, S, P maps back to H. We compute H′ = (H − 1)·S − 2P + K and then check it with the
      // engine's forward formula, so the two can never drift apart.
      const img = needImage();
      const up = (n: number, axis: string): number => {
        const size = (n - 1) * layer.stride - 2 * layer.padding + layer.kernel;
        if (size <= 0) fail(`transposed conv gives ${axis} (${n} − 1)·${layer.stride} − 2·${layer.padding} + ${layer.kernel} = ${size}, which is not positive`);
        const back = windowOutputSize(size, layer, `${what} (${axis}, checked forwards)`);
        if (back !== n) fail(`transposed conv ${axis} ${n} → ${size} does not invert (conv maps ${size} to ${back})`);
        return size;
      };
      return { output: { kind: 'chw', c: layer.filters, h: up(img.height, 'height'), w: up(img.width, 'width') } };
    }
    case 'pool':
      return { output: chw(pool2dOutputShape(needImage(), { kernel: layer.kernel, ...(layer.stride !== undefined ? { stride: layer.stride } : {}), padding: layer.padding }, what)) };
    case 'dense': {
      if (p.kind === 'seq') fail(`gets a sequence ${formatShape(p)}; put an \`lstm\` (without \`seq\`) before it to reduce the sequence to a vector`);
      if (p.kind === 'chw') {
        const n = chwSize({ channels: p.c, height: p.h, width: p.w });
        return { output: { kind: 'vec', n: layer.units }, flattened: n };
      }
      return { output: { kind: 'vec', n: layer.units } };
    }
    case 'flatten': {
      const img = needImage();
      return { output: { kind: 'vec', n: chwSize(img) } };
    }
    case 'gap':
      return { output: { kind: 'vec', n: needImage().channels } };
    case 'lstm': {
      if (p.kind !== 'seq') fail(`needs a T×D sequence input but gets ${formatShape(p)}; write the input as \`input TxD\` or keep \`seq\` on the LSTM before`);
      return { output: layer.returnSequences ? { kind: 'seq', t: p.t, d: layer.units } : { kind: 'vec', n: layer.units } };
    }
    case 'act':
    case 'bn':
    case 'dropout':
      return { output: p };
    case 'add': {
      let other = named.get(layer.from)!;
      let shortcut: Shape | undefined;
      if (layer.projection) {
        if (other.kind !== 'chw') fail(`a projection conv needs a C×H×W shortcut, but @${layer.from} is ${formatShape(other)}`);
        other = chw(conv2dOutputShape({ channels: other.c, height: other.h, width: other.w }, layer.projection, `${what} (shortcut projection)`));
        shortcut = other;
      }
      if (formatShape(other) !== formatShape(p) || other.kind !== p.kind) {
        fail(
          `cannot add @${layer.from} (${formatShape(other)}) to ${formatShape(p)}: a residual add needs equal shapes` +
            (other.kind === 'chw' && p.kind === 'chw' ? `; project the shortcut, e.g. \`add ${layer.from} conv ${p.c} k1 s${Math.max(1, Math.round(other.h / p.h))}\`` : ''),
        );
      }
      return { output: p, ...(shortcut ? { shortcut } : {}) };
    }
    case 'concat': {
      const other = named.get(layer.from)!;
      if (p.kind === 'chw' && other.kind === 'chw') {
        if (p.h !== other.h || p.w !== other.w) {
          fail(`cannot concatenate @${layer.from} (${formatShape(other)}) with ${formatShape(p)}: height and width must match (crop or pad one branch)`);
        }
        return { output: { kind: 'chw', c: p.c + other.c, h: p.h, w: p.w } };
      }
      if (p.kind === 'vec' && other.kind === 'vec') return { output: { kind: 'vec', n: p.n + other.n } };
      return fail(`cannot concatenate @${layer.from} (${formatShape(other)}) with ${formatShape(p)}: both must be images or both vectors`);
    }
  }
}
