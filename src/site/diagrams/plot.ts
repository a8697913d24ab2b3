/**
 * `plot` blocks → SVG function plots at build time: curves y = f(x) with axes, ticks, labels and a legend, or a
 * contour map of a loss L(x, y) (marching squares) with labelled points such as minima and saddle points, and
 * optionally its 1-D cross-section. Expressions go through expr.ts (no eval). Colours are CSS custom properties.
 */
import { compileExpr, ExprError, type Compiled } from './expr.js';
import { COLORS, escapeXml, num, svgOpen, textWidth } from './svg.js';
import { DiagramError, type DiagramOutput } from './types.js';

interface Curve {
  label?: string;
  expr: string;
  fn: Compiled;
}
interface Mark {
  x: number;
  y: number;
  label: string;
}
/** A parsed `plot` block. */
export interface PlotSpec {
  title?: string;
  desc?: string;
  x: [number, number];
  y?: [number, number];
  xlabel?: string;
  ylabel?: string;
  curves: Curve[];
  contour?: Curve;
  levels: number;
  section?: number;
  marks: Mark[];
  samples: number;
}

const KEYS = ['title', 'desc', 'x', 'y', 'xlabel', 'ylabel', 'f', 'plot', 'contour', 'levels', 'section', 'mark', 'samples'];

/** Parses a `plot` block; throws `diagram-plot` DiagramErrors naming the line inside the block. */
export function parsePlot(source: string): PlotSpec {
  const spec: Partial<PlotSpec> & { curves: Curve[]; marks: Mark[] } = { curves: [], marks: [], levels: 10, samples: 200 };
  const lines = source.split(/\r?\n/);
  lines.forEach((raw, line) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const m = /^([a-z]+)\s*:\s*(.*)$/i.exec(text);
    const fail = (why: string): never => {
      throw new DiagramError(`\`${short(text)}\`: ${why}`, 'diagram-plot', line);
    };
    if (!m || !KEYS.includes(m[1]!.toLowerCase())) {
      fail(`expected \`key: value\` with key one of ${KEYS.join(', ')}`);
    }
    const key = m![1]!.toLowerCase();
    const value = m![2]!.trim();
    const range = (): [number, number] => {
      const r = /^(\S+)\s*(?:\.\.|to|…)\s*(\S+)$/.exec(value);
      const a = r ? constant(r[1]!) : NaN;
      const b = r ? constant(r[2]!) : NaN;
      if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) fail('write a range as `low .. high` with low < high, e.g. `-6 .. 6`');
      return [a, b];
    };
    const compile = (vars: string[]): Curve => {
      // The legend label is what stands before the last `=`; expressions themselves never contain `=`.
      const eq = value.lastIndexOf('=');
      const label = eq >= 0 ? value.slice(0, eq).trim() : undefined;
      const expr = (eq >= 0 ? value.slice(eq + 1) : value).trim();
      try {
        return { ...(label ? { label } : {}), expr, fn: compileExpr(expr, vars) };
      } catch (err) {
        if (err instanceof ExprError) fail(`in \`${short(expr)}\`: ${err.message}`);
        throw err;
      }
    };
    switch (key) {
      case 'title':
      case 'desc':
      case 'xlabel':
      case 'ylabel':
        spec[key] = value;
        break;
      case 'x':
        spec.x = range();
        break;
      case 'y':
        spec.y = range();
        break;
      case 'f':
      case 'plot':
        spec.curves.push(compile(['x']));
        break;
      case 'contour':
        if (spec.contour) fail('only one `contour:` per block');
        spec.contour = compile(['x', 'y']);
        break;
      case 'levels':
      case 'samples': {
        const n = Number(value);
        const [lo, hi] = key === 'levels' ? [2, 40] : [10, 2000];
        if (!Number.isInteger(n) || n < lo || n > hi) fail(`${key} must be a whole number from ${lo} to ${hi}`);
        spec[key] = n;
        break;
      }
      case 'section': {
        const s = /^y\s*=\s*(\S+)$/.exec(value);
        const c = s ? constant(s[1]!) : NaN;
        if (!Number.isFinite(c)) fail('write the cross-section as `section: y = 0`');
        spec.section = c;
        break;
      }
      case 'mark': {
        const mk = /^(\S+?)\s*,\s*(\S+)\s*(.*)$/.exec(value);
        const x = mk ? constant(mk[1]!) : NaN;
        const y = mk ? constant(mk[2]!) : NaN;
        if (!Number.isFinite(x) || !Number.isFinite(y)) fail('write a mark as `mark: x, y label`, e.g. `mark: 0.96, 0 local minimum`');
        spec.marks.push({ x, y, label: mk![3]!.trim() });
        break;
      }
    }
  });
  if (!spec.x) throw new DiagramError('a plot needs an x range, e.g. `x: -6 .. 6`', 'diagram-plot');
  if (spec.curves.length === 0 && !spec.contour) {
    throw new DiagramError('nothing to draw: add `f: label = expression of x` or `contour: L(x,y) = expression of x and y`', 'diagram-plot');
  }
  if (spec.contour && spec.curves.length) throw new DiagramError('a block draws either curves (`f:`) or one `contour:`, not both', 'diagram-plot');
  if (spec.contour && !spec.y) throw new DiagramError('a contour needs a y range, e.g. `y: -2 .. 2`', 'diagram-plot');
  if (spec.section !== undefined && !spec.contour) throw new DiagramError('`section:` needs a `contour:` to cut through', 'diagram-plot');
  return spec as PlotSpec;
}

/** A line or expression as quoted in a message: a long one is cut, so one bad line cannot flood the terminal. */
function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Numbers in ranges and marks: a plain number or a constant expression such as `-pi` or `1/4`. */
function constant(text: string): number {
  try {
    return compileExpr(text, [])({});
  } catch {
    return NaN;
  }
}

/** "Nice" tick values (1, 2, 5 × 10^k) covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    // k × step, not repeated addition, and rounded so 0.6 is not written 0.6000000000000001.
    out.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
  }
  return out;
}

function tickLabel(v: number): string {
  return String(Number(v.toPrecision(6))).replace('-', '−');
}

/** One panel: data ranges mapped onto a pixel rectangle. */
interface Panel {
  left: number;
  top: number;
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
}
const px = (p: Panel, x: number) => p.left + ((x - p.x[0]) / (p.x[1] - p.x[0])) * p.width;
const py = (p: Panel, y: number) => p.top + p.height - ((y - p.y[0]) / (p.y[1] - p.y[0])) * p.height;

const FONT = 11;
const num1 = (n: number) => String(Math.round(n * 10) / 10);

function axes(p: Panel, clipId: string, xlabel?: string, ylabel?: string): string {
  let out = `<g class="plot-axes" font-size="${FONT}" fill="${COLORS.fg}">`;
  for (const t of niceTicks(p.x[0], p.x[1])) {
    const X = px(p, t);
    out += `<path d="M${num(X)} ${num(p.top)}V${num(p.top + p.height)}" stroke="${COLORS.muted}" stroke-opacity="0.3"/>`;
    out += `<text x="${num(X)}" y="${num(p.top + p.height + 14)}" text-anchor="middle">${tickLabel(t)}</text>`;
  }
  for (const t of niceTicks(p.y[0], p.y[1], 5)) {
    const Y = py(p, t);
    out += `<path d="M${num(p.left)} ${num(Y)}H${num(p.left + p.width)}" stroke="${COLORS.muted}" stroke-opacity="0.3"/>`;
    out += `<text x="${num(p.left - 5)}" y="${num(Y + 4)}" text-anchor="end">${tickLabel(t)}</text>`;
  }
  // Zero axes are drawn stronger when they fall inside the range: they are where the eye looks for σ(0) = ½.
  if (p.y[0] < 0 && p.y[1] > 0) out += `<path d="M${num(p.left)} ${num(py(p, 0))}H${num(p.left + p.width)}" stroke="${COLORS.fg}" stroke-opacity="0.6"/>`;
  if (p.x[0] < 0 && p.x[1] > 0) out += `<path d="M${num(px(p, 0))} ${num(p.top)}V${num(p.top + p.height)}" stroke="${COLORS.fg}" stroke-opacity="0.6"/>`;
  out += `<rect x="${num(p.left)}" y="${num(p.top)}" width="${num(p.width)}" height="${num(p.height)}" fill="none" stroke="${COLORS.fg}"/>`;
  if (xlabel) out += `<text x="${num(p.left + p.width / 2)}" y="${num(p.top + p.height + 30)}" text-anchor="middle">${escapeXml(xlabel)}</text>`;
  if (ylabel) {
    const cx = p.left - 38;
    const cy = p.top + p.height / 2;
    out += `<text transform="translate(${num(cx)} ${num(cy)}) rotate(-90)" text-anchor="middle">${escapeXml(ylabel)}</text>`;
  }
  out += `</g><clipPath id="${clipId}"><rect x="${num(p.left)}" y="${num(p.top)}" width="${num(p.width)}" height="${num(p.height)}"/></clipPath>`;
  return out;
}

/** Samples f over the x range; non-finite values break the line instead of drawing to infinity. */
function curvePath(p: Panel, f: (x: number) => number, samples: number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i <= samples; i++) {
    const x = p.x[0] + ((p.x[1] - p.x[0]) * i) / samples;
    const y = f(x);
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    // Clamp far-off values so the path stays finite; the clip path hides the excess.
    const Y = Math.max(p.top - p.height, Math.min(p.top + 2 * p.height, py(p, y)));
    d += `${pen ? 'L' : 'M'}${num(px(p, x))} ${num(Y)}`;
    pen = true;
  }
  return d;
}

function sampleRange(fs: ((x: number) => number)[], x: [number, number], samples: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of fs) {
    for (let i = 0; i <= samples; i++) {
      const y = f(x[0] + ((x[1] - x[0]) * i) / samples);
      if (Number.isFinite(y)) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  if (hi - lo < 1e-12) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function drawMarks(p: Panel, marks: Mark[], yOf?: (m: Mark) => number): string {
  return marks
    .map((m) => {
      const X = px(p, m.x);
      const Y = py(p, yOf ? yOf(m) : m.y);
      const right = X + 8 + textWidth(m.label, FONT) < p.left + p.width;
      return (
        `<g class="plot-mark"><circle cx="${num(X)}" cy="${num(Y)}" r="3.5" fill="${COLORS.accent}" stroke="${COLORS.bg}"/>` +
        (m.label
          ? `<text x="${num(right ? X + 7 : X - 7)}" y="${num(Y - 6)}" text-anchor="${right ? 'start' : 'end'}" font-size="${FONT}" fill="${COLORS.fg}">${escapeXml(m.label)}</text>`
          : '') +
        '</g>'
      );
    })
    .join('');
}

function legend(p: Panel, curves: Curve[]): string {
  const labelled = curves.map((c, i) => ({ c, i })).filter(({ c }) => c.label);
  if (labelled.length === 0) return '';
  const w = Math.max(...labelled.map(({ c }) => textWidth(c.label!, FONT))) + 34;
  const h = labelled.length * 16 + 6;
  const x = p.left + p.width - w - 6;
  const y = p.top + 6;
  let out = `<g class="plot-legend" font-size="${FONT}"><rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${h}" rx="3" fill="${COLORS.bg}" stroke="${COLORS.muted}" stroke-opacity="0.5"/>`;
  labelled.forEach(({ c, i }, k) => {
    const ly = y + 14 + k * 16;
    out += `<path d="M${num(x + 6)} ${num(ly - 4)}h18" stroke="${COLORS.series[i % COLORS.series.length]}" stroke-width="2"/>`;
    out += `<text x="${num(x + 28)}" y="${num(ly)}" fill="${COLORS.fg}">${escapeXml(c.label!)}</text>`;
  });
  return out + '</g>';
}

/** Renders a `plot` block. Throws DiagramError `diagram-plot` for a block that does not parse. */
export function renderPlot(source: string, id: string): DiagramOutput {
  const spec = parsePlot(source);
  const body = spec.contour ? contourFigure(spec, id) : curveFigure(spec, id);
  const title = spec.title ?? (spec.contour ? 'Contour plot' : 'Function plot');
  const desc = spec.desc ?? describePlot(spec);
  const svg = svgOpen({ id, width: body.width, height: body.height, title, desc, className: 'diagram-plot' }) + body.svg + '</svg>';
  return { svg, ...(spec.title ? { title: spec.title } : {}), desc };
}

/** The text alternative: what is drawn, over which range, and the marked points. */
export function describePlot(spec: PlotSpec): string {
  const range = `x from ${tickLabel(spec.x[0])} to ${tickLabel(spec.x[1])}`;
  const fns = spec.contour
    ? `Contour map of ${spec.contour.label ?? 'f(x, y)'} = ${spec.contour.expr} for ${range}, y from ${tickLabel(spec.y![0])} to ${tickLabel(spec.y![1])}` +
      (spec.section !== undefined ? `, with its cross-section at y = ${tickLabel(spec.section)}` : '')
    : `Plot of ${spec.curves.map((c) => (c.label ? `${c.label} = ${c.expr}` : c.expr)).join('; ')} for ${range}`;
  const marks = spec.marks.length ? ` Marked points: ${spec.marks.map((m) => `${m.label || 'point'} at (${tickLabel(m.x)}, ${tickLabel(m.y)})`).join('; ')}.` : '';
  return `${fns}.${marks}`;
}

const MARGIN = { left: 56, right: 16, top: 12, bottom: 44 };

function curveFigure(spec: PlotSpec, id: string): { svg: string; width: number; height: number } {
  const fs = spec.curves.map((c) => (x: number) => c.fn({ x }));
  const p: Panel = { left: MARGIN.left, top: MARGIN.top, width: 480, height: 280, x: spec.x, y: spec.y ?? sampleRange(fs, spec.x, spec.samples) };
  let svg = axes(p, `${id}-clip`, spec.xlabel, spec.ylabel);
  svg += `<g clip-path="url(#${id}-clip)" fill="none" stroke-width="2">`;
  fs.forEach((f, i) => {
    svg += `<path class="plot-curve" d="${curvePath(p, f, spec.samples)}" stroke="${COLORS.series[i % COLORS.series.length]}"/>`;
  });
  svg += '</g>' + drawMarks(p, spec.marks) + legend(p, spec.curves);
  return { svg, width: p.left + p.width + MARGIN.right, height: p.top + p.height + MARGIN.bottom };
}

function contourFigure(spec: PlotSpec, id: string): { svg: string; width: number; height: number } {
  const f = spec.contour!.fn;
  const [x0, x1] = spec.x;
  const [y0, y1] = spec.y!;
  const width = 480;
  const aspect = Math.min(1.1, Math.max(0.35, (y1 - y0) / (x1 - x0)));
  const p: Panel = { left: MARGIN.left, top: MARGIN.top, width, height: Math.round(width * aspect), x: spec.x, y: spec.y! };
  const n = 64;
  const grid: number[][] = [];
  const values: number[] = [];
  for (let j = 0; j <= n; j++) {
    const row: number[] = [];
    for (let i = 0; i <= n; i++) {
      const v = f({ x: x0 + ((x1 - x0) * i) / n, y: y0 + ((y1 - y0) * j) / n });
      row.push(v);
      if (Number.isFinite(v)) values.push(v);
    }
    grid.push(row);
  }
  values.sort((a, b) => a - b);
  // Levels at quantiles of the sampled values: equal areas between contours, so the lines crowd neither the
  // steep rim nor the flat basin, and the basins of both minima show up.
  const levels: number[] = [];
  // A level equal to a sampled value would pass exactly through grid points and break the chaining of segments,
  // so each level sits halfway between its quantile sample and the next larger sample.
  for (let k = 1; k <= spec.levels; k++) {
    let at = Math.min(values.length - 1, Math.floor((values.length * (k - 0.5)) / spec.levels));
    const q = values[at]!;
    while (at < values.length - 1 && values[at]! === q) at++;
    const level = at < values.length && values[at]! > q ? (q + values[at]!) / 2 : q;
    if (levels.length === 0 || level > levels[levels.length - 1]!) levels.push(level);
  }
  let svg = axes(p, `${id}-clip`, spec.xlabel ?? 'x', spec.ylabel ?? 'y');
  svg += `<g clip-path="url(#${id}-clip)" fill="none" stroke-width="1.3">`;
  levels.forEach((level, k) => {
    // One decimal is a tenth of a pixel at the figure's natural size: enough, and it keeps big contour maps small.
    const d = contourPath(grid, n, level, (gx, gy) => `${num1(p.left + (gx / n) * p.width)} ${num1(p.top + p.height - (gy / n) * p.height)}`);
    // Low levels strong, high levels faint: the eye finds the basins first.
    const opacity = 1 - (0.65 * k) / Math.max(1, levels.length - 1);
    if (d) svg += `<path class="plot-contour" data-level="${Number(level.toPrecision(4))}" d="${d}" stroke="${COLORS.series[1]}" stroke-opacity="${num(opacity)}"/>`;
  });
  // Through a marked saddle point (negative Hessian determinant, by finite differences) draw its level set: the X
  // of the separatrix, which shows where the basins meet. Other marks get none: the level set of a minimum's
  // value is a point there and elsewhere an unrelated loop.
  const hx = (x1 - x0) / n;
  const hy = (y1 - y0) / n;
  for (const m of spec.marks) {
    const level = f({ x: m.x, y: m.y });
    const at = (dx: number, dy: number) => f({ x: m.x + dx * hx, y: m.y + dy * hy });
    const fxx = at(1, 0) - 2 * level + at(-1, 0);
    const fyy = at(0, 1) - 2 * level + at(0, -1);
    const fxy = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / 4;
    if (!Number.isFinite(level) || !(fxx * fyy - fxy * fxy < 0)) continue;
    const d = contourPath(grid, n, level, (gx, gy) => `${num1(p.left + (gx / n) * p.width)} ${num1(p.top + p.height - (gy / n) * p.height)}`);
    if (d) svg += `<path class="plot-contour-mark" d="${d}" stroke="${COLORS.accent}" stroke-width="1.2" stroke-dasharray="3 2"/>`;
  }
  svg += '</g>';
  if (spec.section !== undefined) {
    const Y = py(p, spec.section);
    svg += `<path d="M${num(p.left)} ${num(Y)}H${num(p.left + p.width)}" stroke="${COLORS.accent}" stroke-dasharray="4 3"/>`;
  }
  svg += drawMarks(p, spec.marks);
  let height = p.top + p.height + MARGIN.bottom;
  if (spec.section !== undefined) {
    const c = spec.section;
    const g = (x: number) => f({ x, y: c });
    const q: Panel = { left: MARGIN.left, top: height + 8, width, height: 150, x: spec.x, y: sampleRange([g], spec.x, spec.samples) };
    const label = `${spec.contour!.label ? spec.contour!.label.replace(/\(\s*x\s*,\s*y\s*\)/, `(x, ${tickLabel(c)})`) : 'section'}`;
    svg += axes(q, `${id}-clip2`, `cross-section at y = ${tickLabel(c)}`, label);
    svg += `<g clip-path="url(#${id}-clip2)" fill="none" stroke-width="2"><path class="plot-curve" d="${curvePath(q, g, spec.samples)}" stroke="${COLORS.accent}"/></g>`;
    svg += drawMarks(
      q,
      spec.marks.filter((m) => Math.abs(m.y - c) < 1e-9),
      (m) => g(m.x),
    );
    height = q.top + q.height + MARGIN.bottom;
  }
  return { svg, width: p.left + p.width + MARGIN.right, height };
}

/**
 * Marching squares over an (n+1)×(n+1) grid for one level, with segments chained into polylines so the path
 * stays small. A crossing is identified by the grid edge it lies on (an integer), so neighbouring cells share it
 * exactly and chaining needs no float comparison; this also keeps the build fast (no string keys, few objects).
 */
export function contourPath(grid: number[][], n: number, level: number, fmt: (gx: number, gy: number) => string): string {
  const v = (i: number, j: number) => grid[j]![i]!;
  // Edge ids: horizontal edge (i,j)-(i+1,j) is 2·(j·(n+1)+i), vertical edge (i,j)-(i,j+1) is that + 1.
  const H = (i: number, j: number) => 2 * (j * (n + 1) + i);
  const V = (i: number, j: number) => 2 * (j * (n + 1) + i) + 1;
  const point = (edge: number): [number, number] => {
    const cell = edge >> 1;
    const i = cell % (n + 1);
    const j = (cell - i) / (n + 1);
    if (edge & 1) return [i, j + (level - v(i, j)) / (v(i, j + 1) - v(i, j))];
    return [i + (level - v(i, j)) / (v(i + 1, j) - v(i, j)), j];
  };
  const segA: number[] = [];
  const segB: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const a = v(i, j), b = v(i + 1, j), c = v(i + 1, j + 1), d = v(i, j + 1);
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const A = a >= level, B = b >= level, C = c >= level, D = d >= level;
      if (A === B && B === C && C === D) continue;
      const bottom = A !== B ? H(i, j) : -1;
      const right = B !== C ? V(i + 1, j) : -1;
      const top = C !== D ? H(i, j + 1) : -1;
      const left = D !== A ? V(i, j) : -1;
      const found = [bottom, right, top, left].filter((e) => e >= 0);
      if (found.length === 2) {
        segA.push(found[0]!);
        segB.push(found[1]!);
      } else if (found.length === 4) {
        // Saddle cell: the centre value decides which corners are connected.
        const centreHigh = (a + b + c + d) / 4 >= level;
        if (centreHigh === A) segA.push(bottom, top), segB.push(right, left);
        else segA.push(left, right), segB.push(bottom, top);
      }
    }
  }
  // Each edge crossing belongs to at most two segments (one per adjacent cell).
  const ends = new Map<number, number[]>();
  const addEnd = (e: number, k: number) => {
    const list = ends.get(e);
    if (list) list.push(k);
    else ends.set(e, [k]);
  };
  for (let k = 0; k < segA.length; k++) addEnd(segA[k]!, k), addEnd(segB[k]!, k);
  const used = new Uint8Array(segA.length);
  let d = '';
  for (let k = 0; k < segA.length; k++) {
    if (used[k]) continue;
    used[k] = 1;
    const forward = [segB[k]!];
    const backward = [segA[k]!];
    for (const line of [forward, backward]) {
      for (;;) {
        const tip = line[line.length - 1]!;
        const next = ends.get(tip)?.find((m) => !used[m]);
        if (next === undefined) break;
        used[next] = 1;
        line.push(segA[next] === tip ? segB[next]! : segA[next]!);
      }
    }
    const edges = backward.reverse().concat(forward);
    d += edges.map((e, idx) => {
      const [gx, gy] = point(e);
      return `${idx ? 'L' : 'M'}${fmt(gx, gy)}`;
    }).join('');
  }
  return d;
}
