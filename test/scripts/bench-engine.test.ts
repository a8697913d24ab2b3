import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlainMlp, createContestants as plainMlpContestants } from '../../scripts/bench/engine/plain-mlp.js';
import { PlainLstm } from '../../scripts/bench/engine/plain-lstm.js';
import { measure } from '../../scripts/bench/engine/measure.js';
import { formatGoals, formatTable, median, withRatios, type BenchRow } from '../../scripts/bench/engine/report.js';
import { makeLstmWorkload, makeMlpWorkload, makeSpirals } from '../../scripts/bench/engine/workloads.js';
import type { Contestant, CnnWorkload } from '../../scripts/bench/engine/types.js';

/** Central finite difference of `loss` with respect to `p[k]`. */
function numericGrad(p: Float32Array, k: number, loss: () => number, h = 1e-3): number {
  const old = p[k]!;
  p[k] = old + h;
  const up = loss();
  p[k] = old - h;
  const down = loss();
  p[k] = old;
  return (up - down) / (2 * h);
}

test('plain MLP baseline: gradients match finite differences and the seed note’s δ formulas', () => {
  const net = new PlainMlp([2, 3, 2], 5);
  const x = new Float32Array([0.3, -0.7, 0.9, 0.1]);
  const t = new Float32Array([1, 0, 0, 1]);
  const loss = () => {
    let sum = 0;
    for (let e = 0; e < 2; e++) {
      const o = net.forward(x, 2 * e);
      for (let k = 0; k < 2; k++) sum += 0.5 * (o[k]! - t[2 * e + k]!) ** 2;
    }
    return sum / 2;
  };
  net.computeGradients(x, t, 2, 0, 2);
  const analytic = net.gradW.map((g) => Float32Array.from(g));
  net.weights.forEach((w, l) => {
    for (let k = 0; k < w.length; k++) {
      assert.ok(Math.abs(numericGrad(w, k, loss) - analytic[l]![k]!) < 1e-3, `layer ${l} weight ${k}`);
    }
  });
  // δ_k = (o_k − t_k)·o_k(1 − o_k) and δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk, on one example.
  net.computeGradients(x, t, 2, 0, 1);
  const o = net.outputs[2]!;
  const h = net.outputs[1]!;
  for (let k = 0; k < 2; k++) assert.ok(Math.abs(net.deltas[2]![k]! - (o[k]! - t[k]!) * o[k]! * (1 - o[k]!)) < 1e-6);
  for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let k = 0; k < 2; k++) s += net.deltas[2]![k]! * net.weights[1]![k * 3 + j]!;
    assert.ok(Math.abs(net.deltas[1]![j]! - h[j]! * (1 - h[j]!) * s) < 1e-6);
    // ∂L/∂w_ij = δ_j·o_i for the first layer.
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(net.gradW[0]![j * 2 + i]! - net.deltas[1]![j]! * x[i]!) < 1e-6);
  }
});

test('plain MLP baseline learns the spirals beyond chance with the benchmark’s settings', async () => {
  const w = makeMlpWorkload(32);
  const [c] = plainMlpContestants(w);
  await c!.setup();
  const before = await c!.evaluate!();
  assert.equal(await c!.trainSteps(3000), 3000 * 32);
  const after = await c!.evaluate!();
  assert.ok(after > 0.6 && after > before, `accuracy ${before} → ${after}`);
});

test('plain LSTM baseline: BPTT gradients match finite differences', () => {
  const net = new PlainLstm(2, 3, 2, 11);
  const T = 4;
  const xs = Float32Array.from({ length: T * 2 }, (_, i) => Math.sin(i));
  const ys = Float32Array.from({ length: T * 2 }, (_, i) => Math.cos(i) * 0.5);
  const loss = () => {
    const out = net.forward(xs, T);
    let s = 0;
    for (let i = 0; i < out.length; i++) s += 0.5 * (out[i]! - ys[i]!) ** 2;
    return s;
  };
  net.forward(xs, T);
  net.backward(xs, ys, T);
  const analytic = net.grads.map((g) => Float32Array.from(g));
  net.params.forEach((p, n) => {
    for (let k = 0; k < p.length; k++) {
      const num = numericGrad(p, k, loss);
      assert.ok(Math.abs(num - analytic[n]![k]!) < 2e-3, `param ${n}[${k}]: numeric ${num} vs analytic ${analytic[n]![k]}`);
    }
  });
});

test('workloads are deterministic and fair: spirals balanced and interleaved, LSTM sequences in range', () => {
  const a = makeSpirals(500);
  assert.deepEqual(a, makeSpirals(500));
  assert.notDeepEqual(a.inputs, makeSpirals(500, 7).inputs);
  assert.equal(a.targets.reduce((s, v) => s + v, 0), 250);
  assert.deepEqual([...a.targets.subarray(0, 4)], [0, 1, 0, 1]);
  assert.ok(a.inputs.every((v) => Math.abs(v) <= 1.05));
  const l = makeLstmWorkload();
  assert.equal(l.sequences.length, 16);
  assert.ok(l.sequences.every((s) => s.length === l.seqLength * l.inputSize && s.every((v) => v >= 0.1 - 1e-6 && v <= 0.9 + 1e-6)));
});

test('measure: warm-up then a fixed window on the injected clock; evaluate and dispose are called', async () => {
  let clock = 0;
  const calls: string[] = [];
  const fake: Contestant = {
    name: 'fake',
    backend: 'test',
    async setup() {
      calls.push('setup');
    },
    async trainSteps(n) {
      clock += n; // 1 ms per step
      return n * 10; // 10 examples per step
    },
    async evaluate() {
      calls.push('evaluate');
      return 0.5;
    },
    dispose() {
      calls.push('dispose');
    },
  };
  const m = await measure(fake, { warmupMs: 100, windowMs: 1000, targetCallMs: 16, now: () => clock });
  assert.deepEqual(calls, ['setup', 'evaluate', 'dispose']);
  assert.ok(m.elapsedMs >= 1000 && m.elapsedMs < 1000 + 2 * m.stepsPerCall + 1);
  assert.equal(m.processed, m.steps * 10);
  assert.ok(Math.abs(m.throughput - 10_000) < 1e-6, `10 examples per ms is 10k/s, got ${m.throughput}`);
  assert.equal(m.metric, 0.5);
  assert.ok(m.stepsPerCall >= 8 && m.stepsPerCall <= 32, `call size adapts to ~16 ms, got ${m.stepsPerCall}`);

  const disposed: string[] = [];
  const broken: Contestant = { ...fake, trainSteps: async () => { throw new Error('boom'); }, dispose: () => { disposed.push('x'); } };
  await assert.rejects(measure(broken, { warmupMs: 1, windowMs: 1, now: () => clock }), /boom/);
  assert.deepEqual(disposed, ['x']);
});

test('report: ratios against the measured baseline; missing contestants print "not available yet"', () => {
  const base = { workload: 'mlp', variant: 'batch 32', unit: 'examples/s', metricName: 'accuracy' } as const;
  const rows: BenchRow[] = withRatios([
    { ...base, name: 'plain', backend: 'js', status: 'ok', throughput: 2_000_000, baseline: true, metric: 0.64 },
    { ...base, name: 'danlu (ours)', backend: '—', status: 'unavailable', ours: true, note: './ours-mlp.ts not written yet' },
    { ...base, name: 'peer', backend: 'tfjs-cpu', status: 'ok', throughput: 160_000, metric: 0.5 },
  ]);
  assert.equal(rows[0]!.ratio, 1);
  assert.equal(rows[1]!.ratio, undefined);
  assert.equal(rows[2]!.ratio, 0.08);
  const table = formatTable('MLP', rows);
  assert.match(table, /\| plain \(baseline\) +\| js +\| +2\.00 M \| +1\.00× \| 64\.0 %/);
  assert.match(table, /danlu \(ours\) +\| — +\| not available yet \| +\| \.\/ours-mlp\.ts not written yet/);
  assert.match(table, /160\.0 k \| +0\.08×/);
  assert.deepEqual(formatGoals(rows), ['- mlp batch 32: danlu not measured (see table)']);
  const measured = withRatios([
    rows[0]!,
    { ...base, name: 'danlu', backend: 'reference', status: 'ok', throughput: 1_900_000, ours: true },
    { ...base, name: 'danlu', backend: 'gpu.js cpu', status: 'ok', throughput: 900_000, ours: true },
    rows[2]!,
  ]);
  assert.deepEqual(formatGoals(measured), [
    '- MLP batch 32: best danlu (reference) 0.95× plain loops, goal ≥ 0.9× ✅; 11.88× the fastest of brain.js/TF.js, goal > 1× ✅',
  ]);
  const lstm = { workload: 'lstm', variant: 'sine', unit: 'timesteps/s', metricName: 'MSE' } as const;
  assert.deepEqual(
    formatGoals(withRatios([
      { ...lstm, name: 'brain.js', backend: 'js', status: 'ok', throughput: 78_000, baseline: true },
      { ...lstm, name: 'danlu', backend: 'webasm', status: 'ok', throughput: 117_000, ours: true },
    ])),
    ['- LSTM: best danlu (webasm) 1.50× brain.js, goal ≥ 2× ❌'],
  );
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});

test('every peer adapter sets up and trains a step on tiny inputs', { timeout: 60_000 }, async () => {
  const mlp = makeMlpWorkload(8, 16);
  const lstm = { ...makeLstmWorkload(6, 2) };
  // A tiny synthetic digit set: enough to exercise shapes, not to learn.
  const digits = (count: number) => ({
    count,
    rows: 28,
    cols: 28,
    pixels: Uint8Array.from({ length: count * 784 }, (_, i) => (i * 37) % 256),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
  });
  const cnn: CnnWorkload = { kind: 'cnn', seed: 1, learningRate: 0.01, momentum: 0.9, batchSize: 2, train: digits(4), test: digits(3) };
  const cases: [string, unknown, number][] = [
    ['peer-brain-mlp', mlp, 8],
    ['peer-tfjs-mlp', mlp, 8],
    ['peer-brain-lstm', lstm, 5],
    ['plain-lstm', lstm, 5],
    ['peer-convnetjs-cnn', cnn, 2],
  ];
  for (const [mod, workload, perStep] of cases) {
    const { createContestants } = (await import(`../../scripts/bench/engine/${mod}.js`)) as { createContestants: (w: unknown) => Contestant[] };
    for (const c of createContestants(workload)) {
      await c.setup();
      assert.equal(await c.trainSteps(2), 2 * perStep, `${mod} on ${c.backend}`);
      const metric = await c.evaluate?.();
      assert.ok(metric === undefined || Number.isFinite(metric), `${mod} metric ${metric}`);
      await c.dispose?.();
    }
  }
  // TF.js CNN on cpu only: its wasm backend has no Conv2DBackpropFilter kernel.
  const { createContestants } = await import('../../scripts/bench/engine/peer-tfjs-cnn.js');
  const [tfCpu] = createContestants(cnn);
  await tfCpu!.setup();
  assert.equal(tfCpu!.backend, 'tfjs-cpu');
  assert.equal(await tfCpu!.trainSteps(1), 2);
  const acc = await tfCpu!.evaluate!();
  assert.ok(acc >= 0 && acc <= 1);
  await tfCpu!.dispose?.();
});

test('runner: a missing ours-*.ts gives a "not available yet" row, a broken module an error row, the rest run', async () => {
  const { runSuite } = await import('../../scripts/bench/engine/run.js');
  const rows = await runSuite(
    {
      kind: 'mlp',
      variant: 'batch 8',
      title: 'tiny',
      unit: 'examples/s',
      metricName: 'accuracy',
      entries: [
        { spec: './plain-mlp.js', label: 'plain', baseline: true },
        { spec: './ours-not-written.js', label: 'danlu (ours)', ours: true },
        { spec: './types.js', label: 'no factory' },
      ],
      timing: { warmupMs: 1, windowMs: 5 },
      make: () => makeMlpWorkload(8, 16),
      repeatable: true,
    },
    2,
  );
  assert.equal(rows.length, 3);
  assert.equal(rows[0]!.status, 'ok');
  assert.equal(rows[0]!.ratio, 1);
  assert.equal(rows[0]!.rounds?.length, 2);
  assert.ok(rows[0]!.metric! >= 0 && rows[0]!.metric! <= 1);
  assert.deepEqual([rows[1]!.status, rows[1]!.name, rows[1]!.ours, rows[1]!.note], ['unavailable', 'danlu (ours)', true, './ours-not-written.ts not written yet']);
  assert.equal(rows[2]!.status, 'error');
  assert.match(rows[2]!.note!, /does not export createContestants/);
});
