/**
 * `nn` block → SVG: parse (parse.ts), compute shapes with the engine's arithmetic (shapes.ts), lay out
 * (layout.ts) and draw. Every colour is a `var(--diagram-…)` custom property; text inherits the page's font.
 */
import { COLORS, escapeXml, num, svgOpen } from '../svg.js';
import type { DiagramOutput } from '../types.js';
import { layoutNn, ARC_STEP, FONT, LINE, type NodeBox, type NnLayout, type SkipArc, type Tone } from './layout.js';
import { parseNn } from './parse.js';
import { computeShapes, formatShape, type ShapedLayer } from './shapes.js';

const TONE: Record<Tone, string> = {
  input: COLORS.muted,
  conv: COLORS.conv,
  pool: COLORS.pool,
  dense: COLORS.dense,
  rnn: COLORS.rnn,
  merge: COLORS.merge,
  minor: COLORS.muted,
};

/**
 * Renders an `nn` block to an SVG figure. Throws a DiagramError (`diagram-nn-syntax` or `diagram-nn-shape`) with
 * the 0-based line inside the block when a line does not parse or a layer's shape does not fit.
 */
export function renderNn(source: string, id: string): DiagramOutput {
  const spec = parseNn(source);
  const layers = computeShapes(spec);
  const layout = layoutNn(layers, spec.direction);
  const title = spec.title ?? 'Network architecture';
  const desc = spec.desc ?? describeNetwork(layers);
  const svg =
    svgOpen({ id, width: layout.width, height: layout.height, title, desc, className: `diagram-nn nn-${layout.direction}` }) +
    drawFlow(layout) +
    layout.arcs.map((a) => drawArc(a, layout, id)).join('') +
    layout.nodes.map((n) => drawNode(n)).join('') +
    `<defs><marker id="${id}-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0 0L8 4L0 8z" fill="${COLORS.merge}"/></marker></defs></svg>`;
  return { svg, ...(spec.title ? { title: spec.title } : {}), desc };
}

/**
 * The text alternative: every layer with its output shape, then the skip connections, e.g.
 * "input → 1×28×28; conv 8 k5 s1 p2 relu → 8×28×28; … Skip connections: @x → layer 5 (add)."
 */
export function describeNetwork(layers: ShapedLayer[]): string {
  const list = layers.map((l) => `${l.index}. ${l.spec.text.replace(/\s*@\S+$/, '')} → ${formatShape(l.output)}`).join('; ');
  const skips = layers
    .filter((l) => l.spec.op === 'add' || l.spec.op === 'concat')
    .map((l) => `@${(l.spec as { from: string }).from} → layer ${l.index} (${l.spec.op})`);
  return `Network with ${layers.length} layers: ${list}.` + (skips.length ? ` Skip connections: ${skips.join(', ')}.` : '');
}

/** The data-flow lines between consecutive glyphs, in the gaps so they do not cross the glyphs. */
function drawFlow(l: NnLayout): string {
  let d = '';
  for (let i = 1; i < l.nodes.length; i++) {
    const a = l.nodes[i - 1]!;
    const b = l.nodes[i]!;
    if (l.direction === 'horizontal') {
      const x0 = a.x + a.w + a.depth / 2 + 2;
      const x1 = b.x - 2;
      if (x1 > x0) d += `M${num(x0)} ${num(a.cy)}H${num(x1)}`;
    } else {
      const y0 = a.y + a.h + 2;
      const y1 = b.y - b.depth - 2;
      if (y1 > y0) d += `M${num(a.cx)} ${num(y0)}V${num(y1)}`;
    }
  }
  return d ? `<path class="nn-flow" d="${d}" stroke="${COLORS.muted}" stroke-width="1.5" fill="none"/>` : '';
}

function drawNode(n: NodeBox): string {
  const color = TONE[n.tone];
  const layer = n.layer;
  const anchor = `text-anchor="${n.textAnchor}" font-size="${FONT}" fill="${COLORS.fg}"`;
  const text =
    n.opLines.map((t, i) => `<text x="${num(n.textX)}" y="${num(n.textY + i * LINE)}" ${anchor}>${escapeXml(t)}</text>`).join('') +
    `<text class="nn-shape" x="${num(n.textX)}" y="${num(n.shapeY)}" ${anchor} font-weight="600">${escapeXml(n.shapeText)}</text>`;
  const open = `<g class="nn-layer nn-${layer.spec.op}" data-layer="${layer.index}" data-shape="${escapeXml(n.shapeText)}">`;
  return open + drawGlyph(n, color) + text + '</g>';
}

function drawGlyph(n: NodeBox, color: string): string {
  const { x, y, w, h, depth: d } = n;
  const stroke = `stroke="${color}" stroke-width="1.2" stroke-linejoin="round"`;
  switch (n.glyph) {
    case 'cuboid':
      return (
        `<rect class="nn-box" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${color}" fill-opacity="0.22" ${stroke}/>` +
        `<path d="M${num(x)} ${num(y)}l${num(d)} ${num(-d)}h${num(w)}l${num(-d)} ${num(d)}z" fill="${color}" fill-opacity="0.4" ${stroke}/>` +
        `<path d="M${num(x + w)} ${num(y)}l${num(d)} ${num(-d)}v${num(h)}l${num(-d)} ${num(d)}z" fill="${color}" fill-opacity="0.55" ${stroke}/>`
      );
    case 'stack': {
      // Three offset copies suggest the time axis of a sequence.
      let out = '';
      for (let k = 2; k >= 0; k--) {
        const o = (k * d) / 2;
        out += `<rect${k === 0 ? ' class="nn-box"' : ''} x="${num(x + o)}" y="${num(y - o)}" width="${num(w)}" height="${num(h)}" rx="2" fill="${color}" fill-opacity="${k === 0 ? 0.3 : 0.15}" ${stroke}/>`;
      }
      return out;
    }
    case 'bar':
      return `<rect class="nn-box" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="2" fill="${color}" fill-opacity="0.3" ${stroke}/>`;
    case 'thin':
      return `<rect class="nn-box" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="3" fill="${color}" fill-opacity="0.35" ${stroke}/>`;
    case 'add':
    case 'concat': {
      const r = w / 2;
      const cx = x + r;
      const cy = y + r;
      const mark =
        n.glyph === 'add'
          ? `M${num(cx - r * 0.55)} ${num(cy)}h${num(r * 1.1)}M${num(cx)} ${num(cy - r * 0.55)}v${num(r * 1.1)}`
          : `M${num(cx - r * 0.25)} ${num(cy - r * 0.55)}v${num(r * 1.1)}M${num(cx + r * 0.25)} ${num(cy - r * 0.55)}v${num(r * 1.1)}`;
      return (
        `<circle class="nn-merge" cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${COLORS.bg}" ${stroke}/>` +
        `<path d="${mark}" stroke="${color}" stroke-width="1.8" fill="none"/>`
      );
    }
  }
}

/**
 * A skip connection. Horizontal: up from the source glyph, across above the band at its level, down into the
 * merge node. Vertical: left out of the source glyph, down beside the column at its level, right into the merge.
 */
function drawArc(a: SkipArc, l: NnLayout, id: string): string {
  const style = `fill="none" stroke="${COLORS.merge}" stroke-width="1.4" stroke-dasharray="5 3" marker-end="url(#${id}-arrow)"`;
  const label = (x: number, y: number, extra: string) =>
    `<text x="${num(x)}" y="${num(y)}" text-anchor="middle" font-size="${FONT - 1}" fill="${COLORS.fg}"${extra}>${escapeXml(a.label)}</text>`;
  if (l.direction === 'horizontal') {
    const top = l.arcBase - 10 - a.level * ARC_STEP;
    const sx = a.from.cx;
    const tx = a.to.cx;
    const sy = a.from.y - a.from.depth - 2;
    const ty = a.to.y - 2;
    const r = Math.min(10, (tx - sx) / 4);
    const d =
      `M${num(sx)} ${num(sy)}V${num(top + r)}Q${num(sx)} ${num(top)} ${num(sx + r)} ${num(top)}` +
      `H${num(tx - r)}Q${num(tx)} ${num(top)} ${num(tx)} ${num(top + r)}V${num(ty)}`;
    return `<g class="nn-skip"><path d="${d}" ${style}/>${label((sx + tx) / 2, top - 4, '')}</g>`;
  }
  const left = l.arcBase - 6 - a.level * ARC_STEP;
  const sx = a.from.x - 2;
  const tx = a.to.x - 2;
  const sy = a.from.y + a.from.h / 2;
  const ty = a.to.y + a.to.h / 2;
  const r = Math.min(8, (ty - sy) / 4);
  const d =
    `M${num(sx)} ${num(sy)}H${num(left + r)}Q${num(left)} ${num(sy)} ${num(left)} ${num(sy + r)}` +
    `V${num(ty - r)}Q${num(left)} ${num(ty)} ${num(left + r)} ${num(ty)}H${num(tx)}`;
  const my = (sy + ty) / 2;
  // Written along the vertical run, on its outer side, reading upwards.
  return `<g class="nn-skip"><path d="${d}" ${style}/>${label(left - 4, my, ` transform="rotate(-90 ${num(left - 4)} ${num(my)})"`)}</g>`;
}
