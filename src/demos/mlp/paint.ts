/**
 * Drawing the playground: the decision surface and the points on a DPR-sized canvas, and each neuron's output as a
 * tiny image. Colours are the theme's `--c-blue` (class +1) and `--c-orange` (class −1) blended through the
 * background, read from CSS so light and dark both work.
 */
import { colorVersion, cssColor, fitCanvas } from '../ui/chart.js';
import type { Points2d } from '../../engine/data/datasets2d.js';

/** Three colours as RGB triples: negative, neutral, positive. */
export interface Palette {
  neg: [number, number, number];
  mid: [number, number, number];
  pos: [number, number, number];
  fg: string;
}

let probe: CanvasRenderingContext2D | null = null;
/** Any CSS colour → RGB (the canvas normalises it to `#rrggbb`). */
function rgb(color: string): [number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return [128, 128, 128];
  probe.fillStyle = '#808080';
  probe.fillStyle = color;
  const s = String(probe.fillStyle);
  if (s.startsWith('#')) return [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as [number, number, number];
  const m = s.match(/[\d.]+/g)?.map(Number) ?? [128, 128, 128];
  return [m[0] ?? 128, m[1] ?? 128, m[2] ?? 128];
}

let cached: { from: Element; version: number; palette: Palette } | undefined;
/** Reads the palette from the theme at `from` (cached until the page's colours change). */
export function readPalette(from: Element): Palette {
  const version = colorVersion();
  if (cached && cached.from === from && cached.version === version) return cached.palette;
  const palette: Palette = {
    neg: rgb(cssColor(from, '--c-orange', '#a84a00')),
    mid: rgb(cssColor(from, '--bg', '#ffffff')),
    pos: rgb(cssColor(from, '--c-blue', '#1d5fbf')),
    fg: cssColor(from, '--fg', '#222'),
  };
  cached = { from, version, palette };
  return palette;
}

/** Writes values in [−1, 1] (−1 negative class … +1 positive) as a res×res image into `img`. */
export function shade(values: Float32Array, toSigned: (v: number) => number, pal: Palette, img: ImageData, strength = 0.75): void {
  const d = img.data;
  for (let k = 0; k < values.length; k++) {
    const s = Math.max(-1, Math.min(1, toSigned(values[k]!)));
    const c = s >= 0 ? pal.pos : pal.neg;
    const a = Math.abs(s) * strength;
    d[4 * k] = pal.mid[0] + (c[0] - pal.mid[0]) * a;
    d[4 * k + 1] = pal.mid[1] + (c[1] - pal.mid[1]) * a;
    d[4 * k + 2] = pal.mid[2] + (c[2] - pal.mid[2]) * a;
    d[4 * k + 3] = 255;
  }
}

/** Maps a neuron's output to [−1, 1] for its activation: sigmoid o → 2o − 1, tanh as is, ReLU over its max. */
export function signedFor(activation: string, values: Float32Array): (v: number) => number {
  if (activation === 'tanh') return (v) => v;
  if (activation === 'relu') {
    let mx = 0;
    for (const v of values) if (v > mx) mx = v;
    return mx > 0 ? (v) => v / mx : () => 0;
  }
  return (v) => 2 * v - 1;
}

/** Draws a res×res image into a small canvas whose backing store is the image (CSS scales it, smoothly). */
export function paintTile(canvas: HTMLCanvasElement, values: Float32Array, res: number, toSigned: (v: number) => number, pal: Palette): void {
  if (canvas.width !== res) canvas.width = res;
  if (canvas.height !== res) canvas.height = res;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(res, res);
  shade(values, toSigned, pal, img);
  ctx.putImageData(img, 0, 0);
}

/** Where a point of the plane lands on a square canvas of CSS size `size`. */
export const toCanvas = (x: number, y: number, size: number): [number, number] => [((x + 1) / 2) * size, ((1 - y) / 2) * size];
/** The plane's point under canvas position (px, py). */
export const toPlane = (px: number, py: number, size: number): [number, number] => [(px / size) * 2 - 1, 1 - (py / size) * 2];

/**
 * Draws the output's decision surface (`out`, sigmoid outputs over the grid) into `canvas` as a res×res image;
 * CSS scales it to the plane's size (smoothly, as the tiles). Redrawing it is one small upload; scaling it on a
 * plane-sized canvas and stroking every point over it at each refresh was what held the frames back while training
 * where the compositor rasterizes on the CPU (SwiftShader: see BENCHMARKS.md, "Demos in the page").
 */
export function paintSurface(canvas: HTMLCanvasElement, out: Float32Array | undefined, res: number, pal: Palette): void {
  if (canvas.width !== res) canvas.width = res;
  if (canvas.height !== res) canvas.height = res;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(res, res);
  // No output yet: the neutral colour (a sigmoid output of 0.5).
  shade(out ?? new Float32Array(res * res).fill(0.5), (v) => 2 * v - 1, pal, img, 0.6);
  ctx.putImageData(img, 0, 0);
}

/**
 * Draws the training points (filled) and test points (hollow), the chosen point (ringed) and a keyboard cursor on
 * a transparent canvas laid over the surface. They do not move while the net trains, so a view redraws this only
 * when one of them (or the canvas size, or the palette) changes.
 */
export function paintPoints(
  canvas: HTMLCanvasElement,
  pal: Palette,
  sets: { train: Points2d; test: Points2d; showTest: boolean },
  chosen: number | undefined,
  cursor: [number, number] | undefined,
): void {
  const { ctx, width } = fitCanvas(canvas);
  if (!ctx || width === 0) return;
  const size = width;
  ctx.clearRect(0, 0, size, size);
  const r = Math.max(2.5, size / 110);
  const dot = (set: Points2d, hollow: boolean, offset: number) => {
    for (let i = 0; i < set.n; i++) {
      const [px, py] = toCanvas(set.x[2 * i]!, set.x[2 * i + 1]!, size);
      const c = set.labels[i]! > 0 ? pal.pos : pal.neg;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.lineWidth = 1;
      if (hollow) {
        ctx.strokeStyle = `rgb(${c.join(',')})`;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      } else {
        ctx.fillStyle = `rgb(${c.join(',')})`;
        ctx.fill();
        ctx.strokeStyle = pal.fg;
        ctx.globalAlpha = 0.5;
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
      if (chosen === offset + i) {
        ctx.beginPath();
        ctx.arc(px, py, r * 2.4, 0, 2 * Math.PI);
        ctx.strokeStyle = pal.fg;
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
  };
  dot(sets.train, false, 0);
  if (sets.showTest) dot(sets.test, true, sets.train.n);
  if (cursor) {
    const [px, py] = toCanvas(cursor[0], cursor[1], size);
    ctx.strokeStyle = pal.fg;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px - 8, py); ctx.lineTo(px + 8, py);
    ctx.moveTo(px, py - 8); ctx.lineTo(px, py + 8);
    ctx.stroke();
  }
}

/** Index of the point nearest to canvas position (px, py) within `maxPx`, over training then test points. */
export function nearestPoint(sets: { train: Points2d; test: Points2d; showTest: boolean }, px: number, py: number, size: number, maxPx: number): number | undefined {
  let best: number | undefined, bestD = maxPx * maxPx;
  const scan = (set: Points2d, offset: number) => {
    for (let i = 0; i < set.n; i++) {
      const [qx, qy] = toCanvas(set.x[2 * i]!, set.x[2 * i + 1]!, size);
      const d = (qx - px) ** 2 + (qy - py) ** 2;
      if (d <= bestD) { bestD = d; best = offset + i; }
    }
  };
  scan(sets.train, 0);
  if (sets.showTest) scan(sets.test, sets.train.n);
  return best;
}
