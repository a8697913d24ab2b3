/**
 * The gate heatmap: for one sequence, the forget, input and output gates and the cell state, one panel each, with
 * a row per unit and a column per timestep. Colours are theme colours laid over the page background with an alpha
 * equal to the value, so the same drawing reads in light and dark themes.
 */
import type { LstmInspection } from '../../engine/models/lstm.js';
import { cssColor, fitCanvas } from '../ui/index.js';

/** The panels, top to bottom: what the reader sees named on the left. */
export const PANELS = [
  { key: 'forget', label: 'f 遗忘门' },
  { key: 'input', label: 'i 输入门' },
  { key: 'output', label: 'o 输出门' },
  { key: 'cell', label: 'c 细胞状态' },
] as const;

/** Left margin (CSS px) for the panel names (and the plot's axis labels, so both share their columns). */
export const LABEL_W = 74;

/**
 * The shared x layout of the plot and the heatmap: timestep t is the column [left + t·cw, left + (t+1)·cw), and
 * there is one column more than timesteps, for the plot's last prediction (y(T−1) forecasts x(T)).
 */
export function columns(width: number, steps: number): { left: number; cw: number } {
  return { left: LABEL_W, cw: Math.max(1, width - LABEL_W) / (steps + 1) };
}
/** Height of one panel (CSS px) and the gap between panels. */
const PANEL_H = 56, GAP = 8;

/** The canvas height (CSS px) the heatmap needs. */
export function heatmapHeight(): number {
  return PANELS.length * PANEL_H + (PANELS.length - 1) * GAP + 16;
}

/** "#1d5fbf" → [29, 95, 191]; anything else → the fallback. */
export function hexRgb(color: string, fallback: [number, number, number]): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : fallback;
}

/**
 * Draws `r` into `canvas`. Gates (in (0, 1)) shade with their value; the cell state is diverging (orange > 0,
 * blue < 0) scaled by its largest magnitude, printed in the label. A vertical line marks where the data ends and
 * the model runs on its own outputs.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, r: LstmInspection): void {
  const { ctx, width } = fitCanvas(canvas);
  if (!ctx || width === 0) return;
  const height = heatmapHeight();
  ctx.clearRect(0, 0, width, height);
  const fg = cssColor(canvas, '--fg', '#1f2328'), muted = cssColor(canvas, '--fg-muted', '#5a6069');
  const blue = hexRgb(cssColor(canvas, '--c-blue', '#1d5fbf'), [29, 95, 191]);
  const orange = hexRgb(cssColor(canvas, '--c-orange', '#a84a00'), [168, 74, 0]);
  const T = r.steps, H = r.units;
  const { cw } = columns(width, T);
  const plotW = cw * T;
  let cmax = 1e-6;
  for (const v of r.cell) cmax = Math.max(cmax, Math.abs(v));
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  // One pixel per (timestep, unit) in a scratch canvas, scaled up without smoothing: a few thousand cells cost one
  // ImageData write instead of a fillRect (and a colour string parse) each, which kept redraws well under a frame.
  const scratch = scratchFor(canvas, T, H * PANELS.length);
  const sctx = scratch.getContext('2d');
  if (!sctx) return;
  const img = sctx.createImageData(T, H * PANELS.length);
  PANELS.forEach((p, k) => {
    const values = r[p.key];
    const cell = p.key === 'cell';
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < H; j++) {
        const v = values[t * H + j]!;
        const a = cell ? Math.min(1, Math.abs(v) / cmax) : Math.min(1, Math.max(0, v));
        const [cr, cg, cb] = cell && v >= 0 ? orange : blue;
        const o = ((k * H + j) * T + t) * 4;
        img.data[o] = cr;
        img.data[o + 1] = cg;
        img.data[o + 2] = cb;
        img.data[o + 3] = Math.round(a * 255);
      }
    }
  });
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  PANELS.forEach((p, k) => {
    const top = k * (PANEL_H + GAP);
    const cell = p.key === 'cell';
    ctx.drawImage(scratch, 0, k * H, T, H, LABEL_W, top, plotW, PANEL_H);
    ctx.strokeStyle = muted;
    ctx.lineWidth = 1;
    ctx.strokeRect(LABEL_W + 0.5, top + 0.5, plotW - 1, PANEL_H - 1);
    ctx.fillStyle = fg;
    ctx.fillText(p.label, 0, top + PANEL_H / 2 - 7);
    ctx.fillStyle = muted;
    ctx.fillText(cell ? `±${cmax.toFixed(2)}` : '0 … 1', 0, top + PANEL_H / 2 + 9);
  });
  if (r.given < T) {
    const x = LABEL_W + Math.round(r.given * cw) + 0.5;
    ctx.strokeStyle = fg;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, PANELS.length * (PANEL_H + GAP) - GAP);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.fillStyle = muted;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText('时间步 →', LABEL_W, height - 2);
  if (r.given < T) ctx.fillText('预测', LABEL_W + r.given * cw + 4, height - 2);
}

const scratches = new WeakMap<HTMLCanvasElement, HTMLCanvasElement>();
/** A detached canvas of `w` × `h` kept per heatmap canvas. */
function scratchFor(canvas: HTMLCanvasElement, w: number, h: number): HTMLCanvasElement {
  let s = scratches.get(canvas);
  if (!s) scratches.set(canvas, (s = canvas.ownerDocument.createElement('canvas')));
  if (s.width !== w || s.height !== h) {
    s.width = w;
    s.height = h;
  }
  return s;
}

/** A one-line summary for screen readers: the mean of each panel's values. */
export function heatmapSummary(r: LstmInspection): string {
  const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
  return `门与细胞状态热图（${r.units} 个单元 × ${r.steps} 个时间步）：遗忘门均值 ${mean(r.forget).toFixed(2)}，输入门 ${mean(r.input).toFixed(2)}，输出门 ${mean(r.output).toFixed(2)}，细胞状态 ${mean(r.cell).toFixed(2)}`;
}
