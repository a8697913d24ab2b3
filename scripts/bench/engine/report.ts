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
  /** Whether this row is danlu's engine (an `ours-*.ts` adapter). */
  readonly ours?: boolean;
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

/**
 * The issue's goals checked against one run's rows, one line per goal: MLP best ours ≥ 0.9× plain loops and
 * ahead of brain.js and TF.js (per batch size); CNN ≥ 1000 examples/s and ≥ 95 % held-out accuracy in the
 * budget; LSTM ≥ 2× brain.js. Goals whose workload was not run are left out.
 */
export function formatGoals(rows: readonly BenchRow[]): string[] {
  const lines: string[] = [];
  const ok = (r: BenchRow) => r.status === 'ok' && r.throughput !== undefined;
  const mark = (pass: boolean) => (pass ? '✅' : '❌');
  const variants = [...new Set(rows.map((r) => `${r.workload}\u0000${r.variant}`))];
  for (const key of variants) {
    const [workload, variant] = key.split('\u0000') as [BenchRow['workload'], string];
    const table = rows.filter((r) => r.workload === workload && r.variant === variant);
    const ours = table.filter((r) => r.ours && ok(r));
    if (ours.length === 0) {
      if (table.some((r) => r.ours)) lines.push(`- ${workload} ${variant}: danlu not measured (see table)`);
      continue;
    }
    const best = ours.reduce((a, b) => (b.throughput! > a.throughput! ? b : a));
    const ratio = best.ratio;
    if (workload === 'mlp') {
      const peers = table.filter((r) => !r.ours && !r.baseline && ok(r));
      const bestPeer = Math.max(0, ...peers.map((r) => r.throughput!));
      lines.push(
        `- MLP ${variant}: best danlu (${best.backend}) ${ratio === undefined ? '?' : ratio.toFixed(2)}× plain loops, goal ≥ 0.9× ${mark((ratio ?? 0) >= 0.9)}; ` +
          `${(best.throughput! / Math.max(bestPeer, 1e-9)).toFixed(2)}× the fastest of brain.js/TF.js, goal > 1× ${mark(best.throughput! > bestPeer)}`,
      );
    } else if (workload === 'cnn') {
      const bestAcc = ours.reduce((a, b) => ((b.metric ?? 0) > (a.metric ?? 0) ? b : a));
      lines.push(
        `- CNN: best danlu ${formatRate(best.throughput!)} examples/s (${best.backend}), goal ≥ 1000/s ${mark(best.throughput! >= 1000)}; ` +
          `best held-out accuracy ${((bestAcc.metric ?? 0) * 100).toFixed(1)} % (${bestAcc.backend}), goal ≥ 95 % ${mark((bestAcc.metric ?? 0) >= 0.95)}`,
      );
    } else {
      lines.push(`- LSTM: best danlu (${best.backend}) ${ratio === undefined ? '?' : ratio.toFixed(2)}× brain.js, goal ≥ 2× ${mark((ratio ?? 0) >= 2)}`);
    }
  }
  return lines;
}
