/**
 * Canvases for the demos: {@link fitCanvas} sizes a canvas's backing store to its CSS box × devicePixelRatio (so
 * lines stay sharp on phones), {@link cssColor} reads a theme colour from a CSS custom property (so light and dark
 * follow the page), and {@link createLineChart} draws loss/accuracy curves. Drawing is explicit (`draw()`), so a
 * demo draws in its own requestAnimationFrame and never per training step.
 */
import { el } from './controls.js';

/**
 * Gives `canvas` a backing store of its CSS size × devicePixelRatio and scales its 2-D context to CSS pixels.
 * Returns the CSS width and height (0 when it is not laid out yet).
 */
export function fitCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D | null; width: number; height: number } {
  const dpr = Math.min(globalThis.devicePixelRatio || 1, 3);
  const width = canvas.clientWidth, height = canvas.clientHeight;
  const w = Math.max(1, Math.round(width * dpr)), h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, width, height };
}

let themeVersion = 0;
let watching = false;
/**
 * A number that changes when the page's colours may have changed (the reader's colour scheme, or the theme's
 * `data-theme` / `class` on `<html>`), so drawing code can cache colours instead of forcing a style recalculation
 * with `getComputedStyle` every frame.
 */
export function colorVersion(): number {
  if (!watching && typeof document !== 'undefined') {
    watching = true;
    const bump = () => void themeVersion++;
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', bump);
    new MutationObserver(bump).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  }
  return themeVersion;
}

const colorCache = new WeakMap<Element, { version: number; values: Map<string, string> }>();
/**
 * The computed value of a CSS custom property on `from` (e.g. `--c-blue`), or `fallback` when it is unset;
 * cached per element until {@link colorVersion} changes.
 */
export function cssColor(from: Element, name: string, fallback = '#888'): string {
  const version = colorVersion();
  let c = colorCache.get(from);
  if (!c || c.version !== version) colorCache.set(from, (c = { version, values: new Map() }));
  let v = c.values.get(name);
  if (v === undefined) c.values.set(name, (v = getComputedStyle(from).getPropertyValue(name).trim()));
  return v || fallback;
}

/** One curve of a chart. */
export interface SeriesSpec {
  /** Shown in the legend. */
  name: string;
  /** CSS custom property holding its colour, e.g. `--c-blue`. */
  color: string;
  /** Dashed line (tell curves apart without colour). */
  dashed?: boolean;
}

/** A line chart of x (e.g. steps) against y (e.g. loss) for a few series. */
export interface LineChart {
  /** A wrapper with the legend and the canvas. */
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  /** Adds a point to series `index`. */
  push(index: number, x: number, y: number): void;
  /** Removes every point. */
  clear(): void;
  /** Redraws when a point, the size or the colours changed since the last draw (call it from requestAnimationFrame). */
  draw(): void;
  /** Latest y of a series, or undefined. */
  last(index: number): number | undefined;
}

/** Points kept per series: beyond it every other point is dropped, so long runs cost the same to draw. */
const MAX_POINTS = 1000;

/**
 * Creates a line chart. The canvas has `role="img"` and an `aria-label` (`label` plus the latest values), since a
 * canvas says nothing to a screen reader by itself. `log` plots y on a log scale (losses span decades).
 */
export function createLineChart(options: { label: string; series: readonly SeriesSpec[]; log?: boolean; yMin?: number }): LineChart {
  const element = el('div', 'demo-chart-box');
  const legend = el('div', 'demo-legend');
  const canvas = el('canvas', 'demo-chart');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.label);
  for (const s of options.series) {
    const item = el('span');
    const swatch = el('i');
    swatch.style.background = `var(${s.color})`;
    if (s.dashed) swatch.style.opacity = '0.6';
    item.append(swatch, document.createTextNode(s.name));
    legend.append(item);
  }
  element.append(legend, canvas);
  const data = options.series.map(() => ({ xs: [] as number[], ys: [] as number[] }));
  const ty = (y: number) => (options.log ? Math.log10(Math.max(y, 1e-6)) : y);

  // What the canvas shows: a draw with the same points, size and colours changes nothing, so it is skipped (a
  // redrawn canvas is a frame for the compositor to draw again, however few pixels changed).
  let version = 0;
  let drawn = '';
  const draw = () => {
    const key = `${version} ${canvas.clientWidth}×${canvas.clientHeight} ${globalThis.devicePixelRatio} ${colorVersion()}`;
    if (key === drawn) return;
    const { ctx, width, height } = fitCanvas(canvas);
    if (!ctx || width === 0) return;
    drawn = key;
    ctx.clearRect(0, 0, width, height);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const d of data) {
      for (let i = 0; i < d.xs.length; i++) {
        x0 = Math.min(x0, d.xs[i]!); x1 = Math.max(x1, d.xs[i]!);
        const y = ty(d.ys[i]!);
        if (Number.isFinite(y)) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      }
    }
    const pad = { l: 36, r: 6, t: 6, b: 16 };
    const muted = cssColor(canvas, '--fg-muted', '#666');
    ctx.strokeStyle = cssColor(canvas, '--border', '#ccc');
    ctx.lineWidth = 1;
    ctx.strokeRect(pad.l + 0.5, pad.t + 0.5, width - pad.l - pad.r - 1, height - pad.t - pad.b - 1);
    if (!(x1 > x0)) { x0 = 0; x1 = Math.max(1, x1); }
    if (options.yMin !== undefined && !options.log) y0 = Math.min(y0, options.yMin);
    if (!(y1 > y0)) { y0 = Number.isFinite(y0) ? y0 - 0.5 : 0; y1 = y0 + 1; }
    const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (width - pad.l - pad.r);
    const sy = (y: number) => pad.t + (1 - (ty(y) - y0) / (y1 - y0)) * (height - pad.t - pad.b);
    ctx.fillStyle = muted;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const short = (v: number) => (v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(0) : v.toPrecision(2));
    const lab = (v: number) => short(options.log ? 10 ** v : v);
    ctx.fillText(lab(y1), pad.l - 4, pad.t + 5);
    ctx.fillText(lab(y0), pad.l - 4, height - pad.b - 4);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(String(Math.round(x0)), pad.l, height - 3);
    ctx.textAlign = 'right';
    ctx.fillText(String(Math.round(x1)), width - pad.r, height - 3);
    options.series.forEach((s, k) => {
      const d = data[k]!;
      if (d.xs.length === 0) return;
      ctx.strokeStyle = cssColor(canvas, s.color, '#36c');
      ctx.lineWidth = 1.5;
      ctx.setLineDash(s.dashed ? [4, 3] : []);
      ctx.beginPath();
      for (let i = 0; i < d.xs.length; i++) {
        const px = sx(d.xs[i]!), py = sy(d.ys[i]!);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
    });
    ctx.setLineDash([]);
    const latest = options.series.map((s, k) => {
      const y = data[k]!.ys.at(-1);
      return y === undefined ? '' : `${s.name} ${y.toPrecision(3)}`;
    }).filter(Boolean);
    canvas.setAttribute('aria-label', latest.length ? `${options.label}: ${latest.join(', ')}` : options.label);
  };

  return {
    element, canvas, draw,
    push(index, x, y) {
      const d = data[index];
      if (!d) return;
      d.xs.push(x);
      d.ys.push(y);
      version++;
      if (d.xs.length > MAX_POINTS) {
        d.xs = d.xs.filter((_, i) => i % 2 === 0);
        d.ys = d.ys.filter((_, i) => i % 2 === 0);
      }
    },
    clear() {
      for (const d of data) { d.xs.length = 0; d.ys.length = 0; }
      version++;
    },
    last: (index) => data[index]?.ys.at(-1),
  };
}
