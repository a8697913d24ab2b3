/**
 * Geometry of an `nn` figure: one slot per layer along the data flow, left to right (horizontal) or top to bottom
 * (vertical, chosen automatically when a horizontal figure would be too wide to read inside a page column, e.g. a
 * U-Net). A block's extent across the flow grows with the spatial size (log scale, so 224 and 7 both stay
 * readable) and its thickness along the flow with the channel count; a cuboid's 3-D offset stands for the other
 * spatial axis. Skip connections become arcs beside the blocks, stacked so that longer skips pass outside shorter
 * ones. Pure numbers: render.ts turns this into SVG.
 */
import { textWidth } from '../svg.js';
import { formatShape, type ShapedLayer } from './shapes.js';

/** Which theme colour a layer uses (see the CSS variables in README.md). */
export type Tone = 'input' | 'conv' | 'pool' | 'dense' | 'rnn' | 'merge' | 'minor';

/** How a layer is drawn: a 3-D block (C×H×W), a bar (vector), a stack (sequence), a small bar or a merge node. */
export type Glyph = 'cuboid' | 'bar' | 'stack' | 'thin' | 'add' | 'concat';

/** One laid-out layer. (x, y) is the top-left of the front face; `depth` is the 3-D offset (up and right). */
export interface NodeBox {
  layer: ShapedLayer;
  tone: Tone;
  glyph: Glyph;
  /** Centre of the glyph's whole bounding box (front face plus 3-D offset). */
  cx: number;
  cy: number;
  x: number;
  y: number;
  w: number;
  h: number;
  depth: number;
  /** Op text lines, e.g. ["conv 5×5, 8", "s1 p2 relu"]. */
  opLines: string[];
  shapeText: string;
  /** Where the text block starts: its anchor point and alignment. */
  textX: number;
  textY: number;
  /** Baseline of the (bold) output-shape line. */
  shapeY: number;
  textAnchor: 'middle' | 'start';
}

/** A skip connection drawn as an arc from one layer's glyph to a merge node. */
export interface SkipArc {
  from: NodeBox;
  to: NodeBox;
  level: number;
  label: string;
}

/** A laid-out figure. */
export interface NnLayout {
  direction: 'horizontal' | 'vertical';
  width: number;
  height: number;
  nodes: NodeBox[];
  arcs: SkipArc[];
  /**
   * Horizontal: y at which arcs leave the glyph band (arcs run above it). Vertical: x left of every glyph (arcs run
   * left of it).
   */
  arcBase: number;
}

export const FONT = 11;
export const LINE = 13;
const GAP = 18;
export const ARC_STEP = 16;
const PAD = 10;
/** Wider than this, a horizontal figure would be scaled below a readable text size in a ~720 px column. */
export const MAX_HORIZONTAL_WIDTH = 820;

const log2 = (n: number) => Math.log2(Math.max(1, n));

/** Lays out shaped layers; deterministic and independent of any font measurement beyond a glyph-width estimate. */
export function layoutNn(layers: ShapedLayer[], direction?: 'horizontal' | 'vertical'): NnLayout {
  const arcs = planArcs(layers);
  if (direction === 'vertical') return vertical(layers, arcs);
  const h = horizontal(layers, arcs);
  return direction === undefined && h.width > MAX_HORIZONTAL_WIDTH ? vertical(layers, arcs) : h;
}

interface ArcPlan {
  from: number;
  to: number;
  level: number;
  label: string;
}

/** Skips, shortest first, each one a level outside every overlapping skip already placed. */
function planArcs(layers: ShapedLayer[]): ArcPlan[] {
  const byName = new Map<string, number>();
  layers.forEach((l, i) => l.spec.name && byName.set(l.spec.name, i));
  const pending = layers
    .map((l, to) => ({ l, to }))
    .filter(({ l }) => l.spec.op === 'add' || l.spec.op === 'concat')
    .map(({ l, to }) => ({ from: byName.get((l.spec as { from: string }).from)!, to, l }))
    .sort((a, b) => a.to - a.from - (b.to - b.from) || a.from - b.from);
  const placed: ArcPlan[] = [];
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
  return placed;
}

/** The size of a glyph: `along` the data flow (thickness ∝ channels), `across` it (extent ∝ spatial size). */
type Described = Pick<NodeBox, 'layer' | 'tone' | 'glyph' | 'opLines' | 'shapeText'> & { along: number; across: number };

function horizontal(layers: ShapedLayer[], plan: ArcPlan[]): NnLayout {
  const parts = layers.map(describe);
  const dims = parts.map((p) => glyphBox(p, 'horizontal'));
  const maxH = Math.max(...dims.map((d) => d.h + d.depth));
  const levels = plan.length ? Math.max(...plan.map((p) => p.level)) + 1 : 0;
  const arcArea = levels ? levels * ARC_STEP + FONT + 8 : 0;
  const bandTop = PAD + arcArea;
  const midY = bandTop + maxH / 2;
  const opY = bandTop + maxH + 8 + FONT;
  // Shapes share one baseline under the longest op text, so they read as a row.
  const shapeY = opY + Math.max(...parts.map((p) => p.opLines.length)) * LINE + 2;
  const height = shapeY + 6 + PAD;
  const nodes: NodeBox[] = [];
  let x = PAD;
  parts.forEach((p, i) => {
    const d = dims[i]!;
    const textW = Math.max(...p.opLines.map((t) => textWidth(t, FONT)), textWidth(p.shapeText, FONT) * 1.08);
    const colW = Math.max(d.w + d.depth, textW) + GAP;
    const cx = x + colW / 2;
    nodes.push({
      ...strip(p),
      ...d,
      cx,
      cy: midY,
      // The glyph's bounding box (front face plus offset) is centred on (cx, midY).
      x: cx - (d.w + d.depth) / 2,
      y: midY - (d.h - d.depth) / 2,
      textX: cx,
      textY: opY,
      shapeY,
      textAnchor: 'middle',
    });
    x += colW;
  });
  const arcs = plan.map((p) => ({ from: nodes[p.from]!, to: nodes[p.to]!, level: p.level, label: p.label }));
  // Wide arc labels may stick out on the right; keep them inside the viewBox.
  const arcRight = Math.max(0, ...arcs.map((a) => (a.from.cx + a.to.cx) / 2 + textWidth(a.label, FONT - 1) / 2 + 4));
  return { direction: 'horizontal', width: Math.max(x + PAD, arcRight + PAD), height, nodes, arcs, arcBase: bandTop - 4 };
}

function vertical(layers: ShapedLayer[], plan: ArcPlan[]): NnLayout {
  const parts = layers.map(describe);
  const dims = parts.map((p) => glyphBox(p, 'vertical'));
  const maxW = Math.max(...dims.map((d) => d.w + d.depth));
  const levels = plan.length ? Math.max(...plan.map((p) => p.level)) + 1 : 0;
  // Arcs run left of the glyphs; their labels are written along them, so each level needs a text line of room.
  const arcArea = levels ? levels * ARC_STEP + 6 : 0;
  const glyphLeft = PAD + arcArea + 6;
  const cx = glyphLeft + maxW / 2;
  const textX = glyphLeft + maxW + 14;
  const nodes: NodeBox[] = [];
  let y = PAD;
  let right = textX;
  parts.forEach((p, i) => {
    const d = dims[i]!;
    const lines = [...p.opLines, p.shapeText];
    const rowH = Math.max(d.h + d.depth, lines.length * LINE) + 12;
    const cy = y + rowH / 2;
    const textY = cy - ((lines.length - 1) * LINE) / 2 + FONT / 2 - 1;
    right = Math.max(right, textX + Math.max(...lines.map((t) => textWidth(t, FONT) * 1.08)));
    nodes.push({
      ...strip(p),
      ...d,
      cx,
      cy,
      x: cx - (d.w + d.depth) / 2,
      y: cy - (d.h - d.depth) / 2,
      textX,
      // First baseline chosen so the text block is centred on the glyph.
      textY,
      shapeY: textY + p.opLines.length * LINE,
      textAnchor: 'start',
    });
    y += rowH;
  });
  const arcs = plan.map((p) => ({ from: nodes[p.from]!, to: nodes[p.to]!, level: p.level, label: p.label }));
  return { direction: 'vertical', width: right + PAD, height: y + PAD, nodes, arcs, arcBase: glyphLeft - 4 };
}

function strip(p: Described): Pick<NodeBox, 'layer' | 'tone' | 'glyph' | 'opLines' | 'shapeText'> {
  return { layer: p.layer, tone: p.tone, glyph: p.glyph, opLines: p.opLines, shapeText: p.shapeText };
}

/** Front-face width/height and 3-D offset of a glyph in a direction. */
function glyphBox(p: Described, dir: 'horizontal' | 'vertical'): { w: number; h: number; depth: number } {
  if (p.glyph === 'add' || p.glyph === 'concat') return { w: 22, h: 22, depth: 0 };
  const depth = p.glyph === 'cuboid' ? Math.round(p.across * 0.3) : p.glyph === 'stack' ? 8 : 0;
  return dir === 'horizontal' ? { w: p.along, h: p.across, depth } : { w: p.across, h: p.along, depth };
}

function describe(layer: ShapedLayer): Described {
  const s = layer.spec;
  const o = layer.output;
  const extras = s.extras.join(' ');
  const shapeText = formatShape(o);
  const block = (): Pick<Described, 'glyph' | 'along' | 'across'> => {
    if (o.kind === 'chw') return { glyph: 'cuboid', along: 6 + 5 * log2(o.c), across: 18 + 9 * log2(o.h) };
    if (o.kind === 'seq') return { glyph: 'stack', along: 6 + 5 * log2(o.d), across: 18 + 6 * log2(o.t) };
    return { glyph: 'bar', along: 12, across: Math.min(130, 16 + 9 * log2(o.n)) };
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
        along: 6,
        across: Math.max(16, block().across * 0.7),
        opLines: [s.op === 'act' ? s.fn : s.op === 'bn' ? 'batch norm' : `dropout ${s.rate}`],
      };
    case 'add':
      return { ...base, glyph: 'add', tone: 'merge', along: 22, across: 22, opLines: ['add', extras].filter(Boolean) };
    case 'concat':
      return { ...base, glyph: 'concat', tone: 'merge', along: 22, across: 22, opLines: ['concat'] };
  }
}
