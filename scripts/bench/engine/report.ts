/**
 * Rows of the engine benchmark and their text table. Kept apart from the runner so the formatting (and the
 * ratio arithmetic) can be tested without timing anything.
 */
import type { WorkloadKind } from './types.js';

/** One line of the table and one object in `bench-out/engine.json`. */
export interface BenchRow {
  readonly workload: WorkloadKind;
  /** Which configuration, e.g. `"batch 32"`. */
  readonly variant: string;
  readonly name: string;
  /** Backend that actually ran (`"—"` when nothing ran). */
  readonly backend: string;
  readonly status: 'ok' | 'unavailable' | 'error';
  /** `"examples/s"` or `"timesteps/s"`. */
  readonly unit: string;
  /** Median over the rounds. */
  readonly throughput?: number;
  /** Each round's throughput, rounded. */
  readonly rounds?: readonly number[];
  /** throughput ÷ the baseline row's throughput in the same table. */
  readonly ratio?: number;
  /** Whether this row is the table's baseline (ratio 1 by definition). */
  readonly baseline?: boolean;
  /** Quality after training: accuracy (MLP, CNN) or MSE (LSTM). */
  readonly metric?: number;
  readonly metricName: string;
  readonly trainedMs?: number;
  readonly steps?: number;
  /** Why a row is unavailable or failed. */
  readonly note?: string;
}

/** Fill in `ratio` for every measured row against the table's baseline row (if it was measured). */
export function withRatios(rows: readonly BenchRow[]): BenchRow[] {
  const base = rows.find((r) => r.baseline && r.status === 'ok' && r.throughput !== undefined);
  return rows.map((r) =>
    base && r.status === 'ok' && r.throughput !== undefined ? { ...r, ratio: r.throughput / base.throughput! } : { ...r },
  );
}

/** Median of a non-empty list (the table reports the median round). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Human-friendly throughput: 1.87 M, 249, 13.5. */
export function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e4) return `${(x / 1e3).toFixed(1)} k`;
  if (x >= 100) return x.toFixed(0);
  return x.toFixed(1);
}

function formatMetric(r: BenchRow): string {
  if (r.metric === undefined) return '';
  return r.metricName === 'accuracy' ? `${(r.metric * 100).toFixed(1)} %` : r.metric.toPrecision(3);
}

/** A Markdown table (readable as plain text too) of one workload variant's rows. */
export function formatTable(title: string, rows: readonly BenchRow[]): string {
  const unit = rows[0]?.unit ?? 'examples/s';
  const metricName = rows[0]?.metricName ?? 'metric';
  const head = ['contestant', 'backend', unit, '× baseline', metricName];
  const body = rows.map((r) => [
    r.baseline ? `${r.name} (baseline)` : r.name,
    r.backend,
    r.status === 'ok' && r.throughput !== undefined ? formatRate(r.throughput) : r.status === 'unavailable' ? 'not available yet' : 'error',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    r.status === 'ok' ? formatMetric(r) : (r.note ?? ''),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((line) => line[c]!.length)));
  // Numbers right-aligned in the text too, matching the Markdown alignment row.
  const line = (cells: string[]) => `| ${cells.map((cell, c) => (c === 2 || c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c >= 2 && c <= 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [`**${title}**`, '', line(head), rule, ...body.map(line)].join('\n');
}
