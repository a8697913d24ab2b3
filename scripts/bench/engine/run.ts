/**
 * `npm run bench:engine [-- --quick] [-- --only mlp|cnn|lstm]`: our engine against its peers, each measured in
 * this same run on the same data (see types.ts for the protocol). Prints one table per workload with the ratio
 * to the baseline (plain loops for the MLP, ConvNetJS for the CNN, brain.js for the LSTM) and writes every row to
 * `bench-out/engine.json`.
 *
 * Contestants are adapter modules exporting `createContestants(workload)`. Ours (`ours-*.ts`) are written by the
 * engine engineer; until one exists, its table shows a "not available yet" row instead of failing the run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measure, type MeasureOptions } from './measure.js';
import { formatTable, withRatios, type BenchRow } from './report.js';
import type { Contestant, Workload, WorkloadKind } from './types.js';
import { makeCnnWorkload, makeLstmWorkload, makeMlpWorkload } from './workloads.js';

/** One adapter module of a workload. */
interface Entry {
  /** Module specifier relative to this file. */
  readonly spec: string;
  /** Name shown if the module cannot be loaded. */
  readonly label: string;
  readonly baseline?: boolean;
}

/** One table: a workload object, its contestants, timing. */
interface Suite {
  readonly kind: WorkloadKind;
  readonly variant: string;
  readonly title: string;
  readonly unit: string;
  readonly metricName: string;
  readonly entries: readonly Entry[];
  readonly timing: MeasureOptions;
  readonly make: () => Workload;
}

const OURS = (kind: WorkloadKind): Entry => ({ spec: `./ours-${kind}.js`, label: 'danlu (ours)' });

function suites(quick: boolean): Suite[] {
  const short: MeasureOptions = quick ? { warmupMs: 300, windowMs: 1500 } : { warmupMs: 1000, windowMs: 5000 };
  // The CNN's window is also its training budget: accuracy is measured after warm-up + window = 60 s (full).
  const cnn: MeasureOptions = quick ? { warmupMs: 1000, windowMs: 4000 } : { warmupMs: 2000, windowMs: 58_000 };
  const mlpEntries: Entry[] = [
    { spec: './plain-mlp.js', label: 'plain Float32Array loops', baseline: true },
    OURS('mlp'),
    { spec: './peer-brain-mlp.js', label: 'brain.js NeuralNetwork' },
    { spec: './peer-tfjs-mlp.js', label: 'TensorFlow.js' },
  ];
  return [
    ...[32, 500].map((batch): Suite => ({
      kind: 'mlp',
      variant: `batch ${batch}`,
      title: `MLP 2-8-8-1 sigmoid, two spirals (500 points), SGD batch ${batch}`,
      unit: 'examples/s',
      metricName: 'accuracy',
      entries: mlpEntries,
      timing: short,
      make: () => makeMlpWorkload(batch),
    })),
    {
      kind: 'cnn',
      variant: 'mnist',
      title: `CNN (ConvNetJS MNIST demo net) on 7,000 train digits, batch 20; accuracy on 1,500 held-out digits after ${((cnn.warmupMs + cnn.windowMs) / 1000).toFixed(0)} s`,
      unit: 'examples/s',
      metricName: 'accuracy',
      entries: [
        { spec: './peer-convnetjs-cnn.js', label: 'ConvNetJS', baseline: true },
        OURS('cnn'),
        { spec: './peer-tfjs-cnn.js', label: 'TensorFlow.js' },
      ],
      timing: cnn,
      make: () => makeCnnWorkload(),
    },
    {
      kind: 'lstm',
      variant: 'sine',
      title: 'LSTM 1-20-1 (brain.js LSTMTimeStep size), 16 sine sequences × 20 steps, BPTT per sequence',
      unit: 'timesteps/s',
      metricName: 'MSE',
      entries: [
        { spec: './peer-brain-lstm.js', label: 'brain.js LSTMTimeStep', baseline: true },
        OURS('lstm'),
        { spec: './plain-lstm.js', label: 'plain Float32Array loops' },
      ],
      timing: short,
      make: () => makeLstmWorkload(),
    },
  ];
}

/** Load an adapter module; `undefined` + reason when it is not there yet or fails to load. */
async function load(entry: Entry): Promise<{ create?: (w: Workload) => Contestant[] | Promise<Contestant[]>; missing?: boolean; error?: string }> {
  const file = fileURLToPath(new URL(entry.spec.replace(/\.js$/, '.ts'), import.meta.url));
  if (!existsSync(file)) return { missing: true };
  try {
    // A variable specifier keeps tsc from requiring ours-*.ts to exist at type-check time.
    const mod = (await import(entry.spec)) as { createContestants?: unknown };
    if (typeof mod.createContestants !== 'function') return { error: `${entry.spec} does not export createContestants` };
    return { create: mod.createContestants as (w: Workload) => Contestant[] | Promise<Contestant[]> };
  } catch (e) {
    return { error: `could not load ${entry.spec}: ${(e as Error).message.split('\n')[0]}` };
  }
}

async function runSuite(suite: Suite): Promise<BenchRow[]> {
  const workload = suite.make();
  const rows: BenchRow[] = [];
  const base = { workload: suite.kind, variant: suite.variant, unit: suite.unit, metricName: suite.metricName };
  for (const entry of suite.entries) {
    const loaded = await load(entry);
    const flag = entry.baseline ? { baseline: true } : {};
    if (!loaded.create) {
      rows.push({ ...base, ...flag, name: entry.label, backend: '—', status: loaded.missing ? 'unavailable' : 'error', note: loaded.missing ? `${entry.spec.replace(/\.js$/, '.ts')} not written yet` : loaded.error });
      continue;
    }
    let contestants: Contestant[];
    try {
      contestants = await loaded.create(workload);
    } catch (e) {
      rows.push({ ...base, ...flag, name: entry.label, backend: '—', status: 'error', note: (e as Error).message });
      continue;
    }
    if (contestants.length === 0) {
      rows.push({ ...base, ...flag, name: entry.label, backend: '—', status: 'unavailable', note: 'no backend available here' });
    }
    for (const c of contestants) {
      process.stderr.write(`  ${suite.kind} ${suite.variant}: ${c.name} … `);
      try {
        const m = await measure(c, suite.timing);
        process.stderr.write(`${m.throughput.toFixed(0)} ${suite.unit} on ${c.backend}\n`);
        rows.push({ ...base, ...flag, name: c.name, backend: c.backend, status: 'ok', throughput: m.throughput, trainedMs: Math.round(m.trainedMs), steps: m.steps, ...(m.metric === undefined ? {} : { metric: m.metric }) });
      } catch (e) {
        process.stderr.write(`failed: ${(e as Error).message}\n`);
        rows.push({ ...base, ...flag, name: c.name, backend: c.backend || '—', status: 'error', note: (e as Error).message.split('\n')[0] });
      }
    }
  }
  return withRatios(rows);
}

function parseArgs(argv: readonly string[]): { quick: boolean; only?: WorkloadKind; out: string } {
  let quick = false;
  let only: WorkloadKind | undefined;
  let out = 'bench-out/engine.json';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--only') {
      const v = argv[++i];
      if (v !== 'mlp' && v !== 'cnn' && v !== 'lstm') throw new Error(`--only takes mlp, cnn or lstm, got ${v}`);
      only = v;
    } else if (a === '--out' && argv[i + 1]) out = argv[++i]!;
    else throw new Error(`unknown option ${a}; usage: run.ts [--quick] [--only mlp|cnn|lstm] [--out FILE]`);
  }
  return { quick, out, ...(only ? { only } : {}) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cpu = cpus();
  const meta = {
    date: new Date().toISOString(),
    command: `npm run bench:engine${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    quick: args.quick,
  };
  console.log(`danlu engine benchmark — ${meta.date}, Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}${args.quick ? ' (quick)' : ''}\n`);
  const all: BenchRow[] = [];
  for (const suite of suites(args.quick)) {
    if (args.only && suite.kind !== args.only) continue;
    const rows = await runSuite(suite);
    all.push(...rows);
    console.log(`${formatTable(suite.title, rows)}\n`);
  }
  mkdirSync(args.out.replace(/\/[^/]*$/, '') || '.', { recursive: true });
  writeFileSync(args.out, `${JSON.stringify({ meta, rows: all }, null, 2)}\n`);
  console.log(`rows written to ${args.out}`);
}

await main();
