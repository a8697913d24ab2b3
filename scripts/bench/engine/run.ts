/**
 * `npm run bench:engine [-- --quick] [-- --only mlp|cnn|lstm]`: our engine against its peers, each measured in
 * this same run on the same data (see types.ts for the protocol). Prints one table per workload with the ratio
 * to the baseline (plain loops for the MLP, ConvNetJS for the CNN, brain.js for the LSTM) and writes every row to
 * `bench-out/engine.json`.
 *
 * Contestants are adapter modules exporting `createContestants(workload)`. Ours (`ours-*.ts`) are written by the
 * engine engineer; until one exists, its table shows a "not available yet" row instead of failing the run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measure, type MeasureOptions } from './measure.js';
import { formatGoals, formatTable, median, withRatios, type BenchRow } from './report.js';
import type { Contestant, Workload, WorkloadKind } from './types.js';
import { makeCnnWorkload, makeLstmWorkload, makeMlpWorkload } from './workloads.js';

/** One adapter module of a workload. */
export interface Entry {
  /** Module specifier relative to this file. */
  readonly spec: string;
  /** Name shown if the module cannot be loaded. */
  readonly label: string;
  readonly baseline?: boolean;
  /** danlu's own adapter. */
  readonly ours?: boolean;
}

/** One table: a workload object, its contestants, timing. */
export interface Suite {
  readonly kind: WorkloadKind;
  readonly variant: string;
  readonly title: string;
  readonly unit: string;
  readonly metricName: string;
  readonly entries: readonly Entry[];
  readonly timing: MeasureOptions;
  readonly make: () => Workload;
  /** Whether rounds apply (not to the CNN, whose window is also its fixed training budget). */
  readonly repeatable: boolean;
}

const OURS = (kind: WorkloadKind): Entry => ({ spec: `./ours-${kind}.js`, label: 'danlu (ours)', ours: true });

function suites(quick: boolean): Suite[] {
  const short: MeasureOptions = quick ? { warmupMs: 300, windowMs: 1500 } : { warmupMs: 500, windowMs: 3000 };
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
      repeatable: true,
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
      repeatable: false,
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
      repeatable: true,
    },
  ];
}

/** Load an adapter module; `undefined` + reason when it is not there yet or fails to load. */
/** An adapter module, loaded or not. */
interface Loaded {
  create?: (w: Workload) => Contestant[] | Promise<Contestant[]>;
  missing?: boolean;
  error?: string;
}

async function load(entry: Entry): Promise<Loaded> {
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

/** What one contestant accumulated over the rounds. */
interface Tally {
  name: string;
  backend: string;
  throughputs: number[];
  metric?: number;
  trainedMs?: number;
  steps?: number;
  error?: string;
}

/**
 * Measure every contestant of a suite `rounds` times. Rounds go round-robin over the contestants, alternating
 * direction, so a burst of load from other processes on this shared machine lands on everyone rather than on
 * whoever happened to run at that moment; the table reports the median round. Each round builds fresh
 * contestants (createContestants again), so no adapter has to support setup() after dispose().
 */
export async function runSuite(suite: Suite, rounds: number): Promise<BenchRow[]> {
  const workload = suite.make();
  const base = { workload: suite.kind, variant: suite.variant, unit: suite.unit, metricName: suite.metricName };
  const loaded: Loaded[] = [];
  for (const entry of suite.entries) loaded.push(await load(entry));
  const tallies = new Map<string, Tally>();
  const failedEntries = new Map<number, string>();
  const emptyEntries = new Set<number>();
  for (let r = 0; r < rounds; r++) {
    const order = suite.entries.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const e of order) {
      const create = loaded[e]!.create;
      if (!create || failedEntries.has(e)) continue;
      let contestants: Contestant[];
      try {
        contestants = await create(workload);
      } catch (err) {
        failedEntries.set(e, (err as Error).message.split('\n')[0]!);
        continue;
      }
      if (contestants.length === 0) emptyEntries.add(e);
      for (const [k, c] of contestants.entries()) {
        const key = `${e}:${k}`;
        const tally = tallies.get(key) ?? { name: c.name, backend: '—', throughputs: [] };
        tallies.set(key, tally);
        if (tally.error) continue;
        process.stderr.write(`  ${suite.kind} ${suite.variant}${rounds > 1 ? ` round ${r + 1}/${rounds}` : ''}: ${c.name} … `);
        try {
          const m = await measure(c, suite.timing);
          tally.backend = c.backend;
          tally.throughputs.push(m.throughput);
          tally.trainedMs = Math.round(m.trainedMs);
          tally.steps = m.steps;
          if (m.metric !== undefined) tally.metric = m.metric;
          process.stderr.write(`${m.throughput.toFixed(0)} ${suite.unit} on ${c.backend}\n`);
        } catch (err) {
          tally.error = (err as Error).message.split('\n')[0]!;
          tally.backend = c.backend || '—';
          process.stderr.write(`failed: ${tally.error}\n`);
        }
      }
    }
  }
  const rows: BenchRow[] = [];
  suite.entries.forEach((entry, e) => {
    const flag = { ...(entry.baseline ? { baseline: true } : {}), ...(entry.ours ? { ours: true } : {}) };
    const l = loaded[e]!;
    if (!l.create) {
      rows.push({ ...base, ...flag, name: entry.label, backend: '—', status: l.missing ? 'unavailable' : 'error', note: l.missing ? `${entry.spec.replace(/\.js$/, '.ts')} not written yet` : l.error });
      return;
    }
    if (failedEntries.has(e)) {
      rows.push({ ...base, ...flag, name: entry.label, backend: '—', status: 'error', note: failedEntries.get(e) });
      return;
    }
    if (emptyEntries.has(e) && ![...tallies.keys()].some((k) => k.startsWith(`${e}:`))) {
      rows.push({ ...base, ...flag, name: entry.label, backend: '—', status: 'unavailable', note: 'no backend available here' });
      return;
    }
    for (const [key, t] of tallies) {
      if (!key.startsWith(`${e}:`)) continue;
      if (t.error || t.throughputs.length === 0) {
        rows.push({ ...base, ...flag, name: t.name, backend: t.backend, status: 'error', note: t.error ?? 'not measured' });
        continue;
      }
      rows.push({
        ...base,
        ...flag,
        name: t.name,
        backend: t.backend,
        status: 'ok',
        throughput: median(t.throughputs),
        rounds: t.throughputs.map((x) => Math.round(x)),
        ...(t.trainedMs === undefined ? {} : { trainedMs: t.trainedMs }),
        ...(t.steps === undefined ? {} : { steps: t.steps }),
        ...(t.metric === undefined ? {} : { metric: t.metric }),
      });
    }
  });
  return withRatios(rows);
}

function parseArgs(argv: readonly string[]): { quick: boolean; only?: WorkloadKind; out: string; rounds?: number; doc?: string } {
  let doc: string | undefined;
  let quick = false;
  let rounds: number | undefined;
  let only: WorkloadKind | undefined;
  let out = 'bench-out/engine.json';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--only') {
      const v = argv[++i];
      if (v !== 'mlp' && v !== 'cnn' && v !== 'lstm') throw new Error(`--only takes mlp, cnn or lstm, got ${v}`);
      only = v;
    } else if (a === '--rounds') {
      rounds = Number(argv[++i]);
      if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a positive integer, got ${argv[i]}`);
    } else if (a === '--out' && argv[i + 1]) out = argv[++i]!;
    else if (a === '--doc' && argv[i + 1]) doc = argv[++i]!;
    else throw new Error(`unknown option ${a}; usage: run.ts [--quick] [--only mlp|cnn|lstm] [--rounds N] [--out FILE] [--doc BENCHMARKS.md]`);
  }
  return { quick, out, ...(only ? { only } : {}), ...(rounds ? { rounds } : {}), ...(doc ? { doc } : {}) };
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
    // Other processes share this machine; the load average says how much they took while we measured.
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    loadAverageAtEnd: [] as number[],
  };
  console.log(`danlu engine benchmark — ${meta.date}, Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, load average ${meta.loadAverageAtStart.join(' ')}${args.quick ? ' (quick)' : ''}\n`);
  const all: BenchRow[] = [];
  const tables: string[] = [];
  for (const suite of suites(args.quick)) {
    if (args.only && suite.kind !== args.only) continue;
    const rounds = suite.repeatable ? (args.rounds ?? (args.quick ? 1 : 3)) : 1;
    const rows = await runSuite(suite, rounds);
    all.push(...rows);
    tables.push(formatTable(suite.title, rows));
    console.log(`${tables.at(-1)}\n`);
  }
  const goals = formatGoals(all);
  if (goals.length) console.log(`Goals (issue 3):\n${goals.join('\n')}\n`);
  meta.loadAverageAtEnd = loadavg().map((x) => Number(x.toFixed(2)));
  mkdirSync(args.out.replace(/\/[^/]*$/, '') || '.', { recursive: true });
  writeFileSync(args.out, `${JSON.stringify({ meta, rows: all }, null, 2)}\n`);
  console.log(`rows written to ${args.out}`);
  if (args.doc) {
    const end = meta.loadAverageAtEnd;
    const block = [
      `Run ${meta.date.slice(0, 16).replace('T', ' ')} UTC, \`${meta.command}\`, Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ` +
        `load average ${meta.loadAverageAtStart.join(' ')} at start, ${end.join(' ')} at end.`,
      '',
      ...tables.flatMap((t) => [t, '']),
      ...(goals.length ? ['Goals from issue 3 in this run:', '', ...goals, ''] : []),
    ].join('\n');
    replaceBlock(args.doc, block);
    console.log(`results written into ${args.doc}`);
  }
}

/** Replace the text between the engine markers of `file`, leaving the rest (other sections) untouched. */
function replaceBlock(file: string, block: string): void {
  const start = '<!-- bench:engine:start -->';
  const end = '<!-- bench:engine:end -->';
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} … ${end} block under "## Engine"; add one to receive the tables`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${block}\n${text.slice(b)}`);
}

// Run only as a script, so tests can import runSuite without starting a benchmark.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
