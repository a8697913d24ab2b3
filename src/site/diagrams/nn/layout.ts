/**
 * Geometry of an `nn` figure: one column per layer, left to right. A box's height grows with the spatial size
 * (log scale, so 224 and 7 both stay readable) and its thickness with the channel count; the op is written under
 * the box and the output shape under that. Skip connections become arcs over the boxes, stacked so that longer
 * skips pass above shorter ones. Pure numbers: render.ts turns this into SVG.
 */
import { textWidth } from '../svg.js';
import { formatShape, type ShapedLayer } from './shapes.js';

/** Which theme colour a layer uses (see the CSS variables in README.md). */
export type Tone = 'input' | 'conv' | 'pool' | 'dense' | 'rnn' | 'merge' | 'minor';

/** How a layer is drawn: a 3-D block (C×H×W), a bar (vector), a stack (sequence), a small bar or a merge node. */
export type Glyph = 'cuboid' | 'bar' | 'stack' | 'thin' | 'add' | 'concat';

/** One laid-out layer. (x, y) is the top-left of the front face; `depth` is the 3-D offset of a cuboid. */
export interface NodeBox {
  layer: ShapedLayer;
  tone: Tone;
  glyph: Glyph;
  cx: number;
  x: number;
  y: number;
  w: number;
  h: number;
  depth: number;
  /** Op text lines under the box, e.g. ["conv 5×5, 8", "s1 p2 relu"]. */
  opLines: string[];
  shapeText: string;
}

/** A skip connection drawn as an arc from one layer's box to a merge node. */
export interface SkipArc {
  from: NodeBox;
  to: NodeBox;
  level: number;
  label: string;
}

/** A laid-out figure. */
export interface NnLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  arcs: SkipArc[];
  /** y of the horizontal middle line of the boxes (the data-flow line). */
  midY: number;
  /** y at which arcs leave the boxes' band. */
  arcBaseY: number;
  /** Baselines of the op text lines and of the shape text. */
  opY: number;
  shapeY: number;
}

export const FONT = 11;
const LINE = 13;
const GAP = 18;
const ARC_STEP = 16;
const PAD = 10;

const log2 = (n: number) => Math.log2(Math.max(1, n));

/** Lays out shaped layers; deterministic and independent of any font measurement beyond a glyph-width estimate. */
export function layoutNn(layers: ShapedLayer[]): NnLayout {
  const partial = layers.map((layer) => describe(layer));
  const maxH = Math.max(...partial.map((p) => p.h + p.depth));
  const byName = new Map<string, number>();
  layers.forEach((l, i) => l.spec.name && byName.set(l.spec.name, i));

  // Arcs: shortest first, each one a level above every overlapping arc already placed.
  const pending = layers
    .map((l, to) => ({ l, to }))
    .filter(({ l }) => l.spec.op === 'add' || l.spec.op === 'concat')
    .map(({ l, to }) => ({ from: byName.get((l.spec as { from: string }).from)!, to, l }))
    .sort((a, b) => a.to - a.from - (b.to - b.from) || a.from - b.from);
  const placed: { from: number; to: number; level: number; label: string }[] = [];
  for (const p of pending) {
    const overlapping = placed.filter((q) => q.from < p.to && p.from < q.to);
    const level = overlapping.length ? Math.max(...overlapping.map((q) => q.level)) + 1 : 0;
    const spec = p.l.spec;
    const label =
      spec.op === 'add' && spec.projection
        ? `${spec.projection.kernel}×${spec.projection.kernel} conv ${spec.projection.filters}, s${spec.projection.stride} → ${formatShape(p.l.shortcut!)}`
        : `@${(spec as { from: string }).from}`;
    placed.push({ from: p.from, to: p.to, level, label });
  }
  const levels = placed.length ? Math.max(...placed.map((p) => p.level)) + 1 : 0;
  const arcArea = levels ? levels * ARC_STEP + FONT + 8 : 0;

  const bandTop = PAD + arcArea;
  const midY = bandTop + maxH / 2;
  const opY = bandTop + maxH + 8 + FONT;
  const maxOpLines = Math.max(...partial.map((p) => p.opLines.length));
  const shapeY = opY + maxOpLines * LINE + 2;
  const height = shapeY + 6 + PAD;

  const nodes: NodeBox[] = [];
  let x = PAD;
  for (const p of partial) {
    const textW = Math.max(...p.opLines.map((t) => textWidth(t, FONT)), textWidth(p.shapeText, FONT) * 1.08);
    const colW = Math.max(p.w + p.depth, textW) + GAP;
    const cx = x + colW / 2;
    // The front face is centred on the data-flow line; the 3-D offset goes up and to the right.
    const fx = cx - (p.w + p.depth) / 2;
    const fy = midY - (p.h - p.depth) / 2;
    nodes.push({ ...p, cx, x: fx, y: fy, w: p.w, h: p.h, depth: p.depth });
    x += colW;
  }
  const arcs = placed.map((p) => ({ from: nodes[p.from]!, to: nodes[p.to]!, level: p.level, label: p.label }));
  // Wide arc labels may stick out on the right; keep them inside the viewBox.
  const arcRight = Math.max(0, ...arcs.map((a) => (a.from.cx + a.to.cx) / 2 + textWidth(a.label, FONT - 1) / 2 + 4));
  return { width: Math.max(x + PAD, arcRight + PAD), height, nodes, arcs, midY, arcBaseY: bandTop - 4, opY, shapeY };
}

type Described = Omit<NodeBox, 'cx' | 'x' | 'y'>;

function describe(layer: ShapedLayer): Described {
  const s = layer.spec;
  const o = layer.output;
  const extras = s.extras.join(' ');
  const shapeText = formatShape(o);
  // Size of the drawn block for an output shape.
  const block = (): Pick<Described, 'glyph' | 'w' | 'h' | 'depth'> => {
    if (o.kind === 'chw') {
      const h = 18 + 9 * log2(o.h);
      return { glyph: 'cuboid', w: 6 + 5 * log2(o.c), h, depth: Math.round(h * 0.3) };
    }
    if (o.kind === 'seq') return { glyph: 'stack', w: 6 + 5 * log2(o.d), h: 18 + 6 * log2(o.t), depth: 8 };
    return { glyph: 'bar', w: 12, h: Math.min(130, 16 + 9 * log2(o.n)), depth: 0 };
  };
  const base = { layer, shapeText };
  switch (s.op) {
    case 'input':
      return { ...base, ...block(), tone: 'input', opLines: ['input'] };
    case 'conv':
    case 'upconv':
      return {
        ...base,
        ...block(),
        tone: 'conv',
        opLines: [`${s.op === 'upconv' ? 'up-conv' : 'conv'} ${s.kernel}×${s.kernel}, ${s.filters}`, [`s${s.stride}`, s.padding ? `p${s.padding}` : '', extras].filter(Boolean).join(' ')],
      };
    case 'pool':
      return { ...base, ...block(), tone: 'pool', opLines: [`${s.mode} pool ${s.kernel}×${s.kernel}`, `s${s.stride ?? s.kernel}${s.padding ? ` p${s.padding}` : ''}`] };
    case 'dense':
      return { ...base, ...block(), tone: 'dense', opLines: [`dense ${s.units}`, [layer.flattened ? `flatten ${layer.flattened}` : '', extras].filter(Boolean).join(' ')].filter(Boolean) };
    case 'flatten':
      return { ...base, ...block(), tone: 'dense', opLines: ['flatten'] };
    case 'gap':
      return { ...base, ...block(), tone: 'dense', opLines: ['global avg pool'] };
    case 'lstm':
      return { ...base, ...block(), tone: 'rnn', opLines: [`LSTM ${s.units}`, s.returnSequences ? 'all steps' : 'last step'] };
    case 'act':
    case 'bn':
    case 'dropout':
      return {
        ...base,
        glyph: 'thin',
        tone: 'minor',
        w: 6,
        h: Math.max(16, block().h * 0.7),
        depth: 0,
        opLines: [s.op === 'act' ? s.fn : s.op === 'bn' ? 'batch norm' : `dropout ${s.rate}`],
      };
    case 'add':
      return { ...base, glyph: 'add', tone: 'merge', w: 22, h: 22, depth: 0, opLines: ['add', extras].filter(Boolean) };
    case 'concat':
      return { ...base, glyph: 'concat', tone: 'merge', w: 22, h: 22, depth: 0, opLines: ['concat'] };
  }
}
