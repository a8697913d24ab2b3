/**
 * The sine plot: the noisy data as dots, the clean sine faintly, the model's one-step predictions as a solid line
 * over the data, and its continuation on its own outputs past the data as a dashed line.
 */
import type { LstmInspection } from '../../engine/models/lstm.js';
import { cssColor, fitCanvas } from '../ui/index.js';
import { columns } from './heatmap.js';
import { cleanSine } from './sequences.js';

/**
 * Draws the shown sequence `data` (x(0..T−1) and the last target x(T)) and the inspection `r` of it: y(t) predicts
 * x(t + 1), so predictions sit one step right of their inputs.
 */
export function drawSine(canvas: HTMLCanvasElement, data: readonly number[], r: LstmInspection | null): void {
  const { ctx, width, height } = fitCanvas(canvas);
  if (!ctx || width === 0 || height === 0) return;
  ctx.clearRect(0, 0, width, height);
  const fg = cssColor(canvas, '--fg', '#1f2328'), muted = cssColor(canvas, '--fg-muted', '#5a6069');
  const blue = cssColor(canvas, '--c-blue', '#1d5fbf'), orange = cssColor(canvas, '--c-orange', '#a84a00');
  const total = r ? r.steps + 1 : data.length;
  const pad = 6;
  // Column centres shared with the heatmap below, so a timestep's point sits over its gates.
  const { left, cw } = columns(width, total - 1);
  const px = (k: number) => left + (k + 0.5) * cw;
  const py = (v: number) => height / 2 - (Math.max(-1.6, Math.min(1.6, v)) / 1.6) * (height / 2 - pad);
  ctx.fillStyle = muted;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const v of [1, 0, -1]) ctx.fillText(String(v), left - 18, py(v));
  ctx.strokeStyle = muted;
  ctx.globalAlpha = 0.35;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(left, py(0));
  ctx.lineTo(width - pad, py(0));
  ctx.stroke();
  ctx.beginPath();
  for (let k = 0; k < total; k++) (k ? ctx.lineTo : ctx.moveTo).call(ctx, px(k), py(cleanSine(k)));
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.fillStyle = fg;
  for (let k = 0; k < data.length; k++) {
    ctx.beginPath();
    ctx.arc(px(k), py(data[k]!), 2.2, 0, 2 * Math.PI);
    ctx.fill();
  }
  if (!r) return;
  ctx.lineWidth = 2;
  ctx.strokeStyle = blue;
  ctx.beginPath();
  for (let t = 0; t < r.given; t++) (t ? ctx.lineTo : ctx.moveTo).call(ctx, px(t + 1), py(r.y[t]!));
  ctx.stroke();
  if (r.steps > r.given) {
    ctx.strokeStyle = orange;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(px(r.given), py(r.y[r.given - 1]!));
    for (let t = r.given; t < r.steps; t++) ctx.lineTo(px(t + 1), py(r.y[t]!));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.strokeStyle = muted;
    ctx.beginPath();
    ctx.moveTo(Math.round(left + r.given * cw) + 0.5, pad);
    ctx.lineTo(Math.round(left + r.given * cw) + 0.5, height - pad);
    ctx.stroke();
  }
}
