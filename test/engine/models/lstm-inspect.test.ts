/**
 * What the LSTM demo reads: per timestep the forget/input/output gates, the candidate, the cell and the hidden
 * state, and the head's output, for one sequence and for timesteps predicted ahead on the model's own outputs.
 * Checked against the LSTM equations computed by hand from the weights, on the fused reference path, the layered
 * reference kernels and gpu.js cpu; checked not to disturb training; and the softmax (character) head.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/engine/backend/gpu/register.js';
import { createLSTM, type LSTMModel, type LstmInspection } from '../../../src/engine/models/lstm.js';
import { Tensor } from '../../../src/engine/tensor.js';
import { checkParamGradients, engineFor, randomTensor } from '../oracle.js';

const sigma = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * The textbook LSTM, one gate at a time: f = σ(W_f·[h₋₁, x] + b_f), i = σ(W_i·[h₋₁, x] + b_i),
 * o = σ(W_o·[h₋₁, x] + b_o), g = tanh(W_g·[h₋₁, x] + b_g), c = f⊙c₋₁ + i⊙g, h = o⊙tanh c, y = h·W_y + b_y.
 * The engine stores W·[h, x] as x·Wx + h·Wh with columns [i | f | o | g].
 */
function byHand(m: LSTMModel, xs: Float32Array, T: number) {
  const D = m.config.inputs, H = m.config.hidden, O = m.config.outputs;
  const [wx, wh, b, hw, hb] = m.params().map((p) => p.value.data) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const gate = (k: number, j: number, x: ArrayLike<number>, h: number[]): number => {
    let s = b[k * H + j]!;
    for (let i = 0; i < D; i++) s += wx[i * 4 * H + k * H + j]! * x[i]!;
    for (let i = 0; i < H; i++) s += wh[i * 4 * H + k * H + j]! * h[i]!;
    return s;
  };
  let h = new Array<number>(H).fill(0), c = new Array<number>(H).fill(0);
  const out = { input: [] as number[], forget: [] as number[], output: [] as number[], candidate: [] as number[], cell: [] as number[], hidden: [] as number[], y: [] as number[] };
  for (let t = 0; t < T; t++) {
    const x = xs.subarray(t * D, (t + 1) * D);
    const ig: number[] = [], fg: number[] = [], og: number[] = [], gg: number[] = [];
    for (let j = 0; j < H; j++) {
      ig.push(sigma(gate(0, j, x, h)));
      fg.push(sigma(gate(1, j, x, h)));
      og.push(sigma(gate(2, j, x, h)));
      gg.push(Math.tanh(gate(3, j, x, h)));
    }
    c = c.map((cp, j) => fg[j]! * cp + ig[j]! * gg[j]!);
    h = c.map((cv, j) => og[j]! * Math.tanh(cv));
    const y: number[] = [];
    for (let o = 0; o < O; o++) {
      let s = hb[o]!;
      for (let j = 0; j < H; j++) s += h[j]! * hw[j * O + o]!;
      y.push(s);
    }
    if (m.softmax) {
      const mx = Math.max(...y), e = y.map((v) => Math.exp(v - mx)), sum = e.reduce((a, v) => a + v, 0);
      out.y.push(...e.map((v) => v / sum));
    } else out.y.push(...y);
    out.input.push(...ig);
    out.forget.push(...fg);
    out.output.push(...og);
    out.candidate.push(...gg);
    out.cell.push(...c);
    out.hidden.push(...h);
  }
  return out;
}

function assertClose(name: string, got: Float32Array, want: ArrayLike<number>, tol: number): void {
  assert.equal(got.length, want.length, `${name}: length`);
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i]! - want[i]!) <= tol, `${name}[${i}]: ${got[i]} vs ${want[i]}`);
}

function assertMatchesHand(m: LSTMModel, r: LstmInspection, tol: number): void {
  const want = byHand(m, r.x, r.steps);
  for (const k of ['forget', 'input', 'output', 'candidate', 'cell', 'hidden', 'y'] as const) assertClose(k, r[k], want[k], tol);
}

/** Sine windows [T, N, 1] → next value, a few Adam steps so the weights are no longer the initial ones. */
function trained(m: LSTMModel, steps = 5): void {
  const T = 12, N = 3, xs = Tensor.zeros([T, N, 1]), ys = Tensor.zeros([T, N, 1]);
  for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) {
    xs.data[t * N + n] = Math.sin(n + 0.4 * t);
    ys.data[t * N + n] = Math.sin(n + 0.4 * (t + 1));
  }
  for (let i = 0; i < steps; i++) m.trainBatch(xs, ys);
}

const PATHS = [
  { name: 'reference, fused', backend: 'reference', fused: true, tol: 1e-5 },
  { name: 'reference, layered kernels', backend: 'reference', fused: false, tol: 1e-5 },
  { name: 'gpu.js cpu', backend: 'gpu.js-cpu', fused: false, tol: 1e-4 },
] as const;

for (const p of PATHS) {
  test(`inspect gives the gates, candidate, cell and hidden state of the LSTM equations per timestep (${p.name})`, () => {
    const m = createLSTM({ inputs: 2, hidden: 4, outputs: 2, fused: p.fused }, { seed: 3, backend: engineFor(p.backend) });
    assert.equal(Boolean(m.fused), p.fused);
    const xs = randomTensor([9, 2], 11);
    const r = m.inspect(xs);
    assert.equal(r.steps, 9);
    assert.equal(r.forget.length, 9 * 4);
    assertMatchesHand(m, r, p.tol);
    // The gates are where they should be: σ in (0, 1), the candidate in (−1, 1), and not all alike.
    for (const v of [...r.forget, ...r.input, ...r.output]) assert.ok(v > 0 && v < 1);
    assert.ok(new Set(r.forget).size > 9, 'forget gates vary over units and time');
  });

  test(`inspect predicts ahead on its own outputs: x(t) = y(t − 1) past the data (${p.name})`, () => {
    const m = createLSTM({ inputs: 1, hidden: 6, outputs: 1, fused: p.fused }, { seed: 2, backend: engineFor(p.backend) });
    trained(m);
    const xs = Tensor.from(Array.from({ length: 10 }, (_, t) => Math.sin(0.4 * t)), [10, 1, 1]);
    const r = m.inspect(xs, { ahead: 7 });
    assert.equal(r.steps, 17);
    assert.equal(r.given, 10);
    for (let t = 0; t < 10; t++) assert.equal(r.x[t], xs.data[t]);
    for (let t = 10; t < 17; t++) assert.equal(r.x[t], r.y[t - 1], `fed back at ${t}`);
    assertMatchesHand(m, r, p.tol);
  });

  test(`inspect between training steps changes nothing in training (${p.name})`, () => {
    const a = createLSTM({ inputs: 1, hidden: 5, outputs: 1, fused: p.fused }, { seed: 7, backend: engineFor(p.backend) });
    const b = createLSTM({ inputs: 1, hidden: 5, outputs: 1, fused: p.fused }, { seed: 7, backend: engineFor(p.backend) });
    const xs = randomTensor([8, 2, 1], 4), ys = randomTensor([8, 2, 1], 5);
    const probe = randomTensor([13, 1], 6);
    for (let i = 0; i < 4; i++) {
      const la = a.trainBatch(xs, ys);
      a.inspect(probe, { ahead: 3 });
      a.forward(randomTensor([5, 1, 1], 9));
      const lb = b.trainBatch(xs, ys);
      assert.equal(la, lb, `loss at step ${i}`);
    }
    a.params().forEach((q, i) => assert.deepEqual(q.value.data, b.params()[i]!.value.data, q.name));
  });
}

test('fused and layered paths give the same inspection after the same training', () => {
  const cfg = { inputs: 1, hidden: 7, outputs: 1 };
  const f = createLSTM({ ...cfg, fused: true }, { seed: 5 });
  const l = createLSTM({ ...cfg, fused: false }, { seed: 5 });
  trained(f, 8);
  trained(l, 8);
  const xs = Tensor.from(Array.from({ length: 15 }, (_, t) => Math.cos(0.3 * t)), [15, 1]);
  const rf = f.inspect(xs, { ahead: 5 }), rl = l.inspect(xs, { ahead: 5 });
  for (const k of ['forget', 'input', 'output', 'candidate', 'cell', 'hidden', 'y', 'x'] as const) assertClose(k, rf[k], rl[k], 1e-4);
});

test('inspect refuses a batch, and predicting ahead without a feed when inputs ≠ outputs', () => {
  const m = createLSTM({ inputs: 2, hidden: 3, outputs: 1 });
  assert.throws(() => m.inspect(randomTensor([4, 2, 2], 1)), /\[T, 2\] or \[T, 1, 2\]/);
  assert.throws(() => m.inspect(randomTensor([4, 2], 1), { ahead: 2 }), /feed function/);
  const r = m.inspect(randomTensor([4, 2], 1), { ahead: 2, feed: (y) => [y[0]!, 0] });
  assert.equal(r.x[4 * 2], r.y[3]);
});

/** One-hot sequences over a small alphabet: x(t) = char t, target = char t + 1. */
function charBatch(text: string, T: number, N: number): { xs: Tensor; ys: Tensor; alphabet: string[] } {
  const alphabet = [...new Set(text)].sort();
  const V = alphabet.length, xs = Tensor.zeros([T, N, V]), ys = Tensor.zeros([T, N, V]);
  for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) {
    const a = alphabet.indexOf(text[(n * 3 + t) % text.length]!), b = alphabet.indexOf(text[(n * 3 + t + 1) % text.length]!);
    xs.data[(t * N + n) * V + a] = 1;
    ys.data[(t * N + n) * V + b] = 1;
  }
  return { xs, ys, alphabet };
}

for (const backend of ['reference', 'gpu.js-cpu']) {
  test(`a softmax head trains with cross-entropy: BPTT matches finite differences (${backend})`, () => {
    const { xs, ys } = charBatch('abcab', 5, 2);
    const m = createLSTM({ inputs: 3, hidden: 3, outputs: 3, output: 'softmax', fused: false }, { seed: 4, backend: engineFor(backend) });
    checkParamGradients(() => m.computeGradients(xs, ys), () => m.computeGradients(xs, ys), m.params(), 10);
  });
}

test('the fused softmax step computes the layered softmax cross-entropy loss and gradients', () => {
  const { xs, ys } = charBatch('hello world ', 9, 3);
  const cfg = { inputs: 8, hidden: 6, outputs: 8, output: 'softmax' as const };
  const f = createLSTM({ ...cfg, fused: true }, { seed: 2 }), l = createLSTM({ ...cfg, fused: false }, { seed: 2 });
  const lf = f.computeGradients(xs, ys), ll = l.computeGradients(xs, ys);
  // Before training every class is about equally likely: −log(1/8) per timestep.
  assert.ok(Math.abs(lf - Math.log(8)) < 0.5, `initial loss ${lf}`);
  assert.ok(Math.abs(lf - ll) < 1e-5, `${lf} vs ${ll}`);
  f.params().forEach((p, i) => assertClose(p.name, p.grad.data, l.params()[i]!.grad.data, 1e-5));
});

test('a softmax LSTM learns "hello world " and its greedy continuation spells it', () => {
  const text = 'hello world ';
  const { xs, ys, alphabet } = charBatch(text, 12, 4);
  const m = createLSTM({ inputs: alphabet.length, hidden: 16, outputs: alphabet.length, output: 'softmax' }, { seed: 1, optimizer: { name: 'adam', lr: 0.03 } });
  let loss = Infinity;
  for (let i = 0; i < 300 && loss > 0.05; i++) loss = m.trainBatch(xs, ys);
  assert.ok(loss < 0.05, `loss ${loss}`);
  const prefix = Tensor.zeros([5, alphabet.length]);
  [...'hello'].forEach((ch, t) => (prefix.data[t * alphabet.length + alphabet.indexOf(ch)] = 1));
  const r = m.inspect(prefix, { ahead: 7 });
  let out = '';
  for (let t = 4; t < 11; t++) {
    const p = r.y.subarray(t * alphabet.length, (t + 1) * alphabet.length);
    out += alphabet[p.indexOf(Math.max(...p))];
    assertClose('probabilities sum', Float32Array.of(p.reduce((a, v) => a + v, 0)), [1], 1e-5);
  }
  assert.equal(out, ' world ');
  assertMatchesHand(m, r, 1e-5);
});
