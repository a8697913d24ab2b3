/**
 * The one oracle helper (tinygrad's helper_test_op): compares an op's backward pass to central finite differences of
 * L = Σ out ⊙ r for a random r, on any engine. Tests call it once per op.
 */
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import type { Param } from '../../src/engine/nn/layer.js';
import type { DiffOp } from '../../src/engine/ops/types.js';
import { Rng } from '../../src/engine/random.js';
import { Tensor } from '../../src/engine/tensor.js';

const shared = new Map<string, Engine>();
/** One engine per backend name, shared across tests (gpu.js kernels compile once). */
export function engineFor(name: string): Engine {
  let e = shared.get(name);
  if (!e) shared.set(name, (e = new Engine(name)));
  return e;
}

/**
 * Values at least 0.025 from 0 (relu's kink) and pairwise 0.05 apart (so max-pool never ties), in a seeded random
 * order: both are more than the finite-difference step away, so the numeric derivative is the true one.
 */
export function kinkFree(shape: number[], seed = 1): Tensor {
  const t = Tensor.zeros(shape);
  const perm = new Rng(seed).permutation(t.size);
  const mid = Math.floor(t.size / 2);
  for (let i = 0; i < t.size; i++) t.data[i] = (perm[i]! - mid + 0.5) * 0.05;
  return t;
}

/** Seeded uniform tensor in [lo, hi). */
export function randomTensor(shape: number[], seed = 1, lo = -1, hi = 1): Tensor {
  const rng = new Rng(seed);
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(lo, hi);
  return t;
}

/**
 * Asserts that `op.backward` matches finite differences for every input (or those in `wrt`).
 * float32 forward passes limit the precision, hence eps 1e-2 and a 2 % relative tolerance.
 */
export function checkOpGradients<A>(op: DiffOp<A>, inputs: Tensor[], attrs: A, engine: Engine = engineFor('reference'), wrt?: number[]): void {
  const outShape = op.outShape(inputs.map((t) => t.shape), attrs);
  const out = Tensor.zeros(outShape);
  const r = randomTensor(outShape, 99);
  const loss = (): number => {
    op.forward(engine, inputs, attrs, out);
    let s = 0;
    for (let i = 0; i < out.size; i++) s += out.data[i]! * r.data[i]!;
    return s;
  };
  loss();
  const grads = inputs.map((t, i) => (!wrt || wrt.includes(i) ? Tensor.zeros(t.shape) : null));
  op.backward(engine, inputs, attrs, out, r, grads);
  const eps = 1e-2;
  grads.forEach((g, which) => {
    if (!g) return;
    const x = inputs[which]!;
    for (let i = 0; i < x.size; i++) {
      const keep = x.data[i]!;
      x.data[i] = keep + eps;
      const up = loss();
      x.data[i] = keep - eps;
      const down = loss();
      x.data[i] = keep;
      const numeric = (up - down) / (2 * eps);
      const analytic: number = g.data[i]!;
      if (Math.abs(numeric - analytic) > 2e-2 * Math.max(1, Math.abs(numeric))) {
        assert.fail(`${op.name} on ${engine.backend.name}: d/d input${which}[${i}] analytic ${analytic} vs numeric ${numeric}`);
      }
    }
  });
}

/**
 * Model-level check: `lossAndGrads()` must fill `params[*].grad` and return the loss; compares `samples` random
 * entries of every parameter with finite differences of `loss()`.
 */
export function checkParamGradients(lossAndGrads: () => number, loss: () => number, params: readonly Param[], samples = 12, tol = 3e-2): void {
  lossAndGrads();
  const analytic = params.map((p) => p.grad.data.slice());
  const rng = new Rng(3);
  const eps = 1e-2;
  params.forEach((p, pi) => {
    for (let s = 0; s < Math.min(samples, p.value.size); s++) {
      const i = rng.int(p.value.size);
      const keep = p.value.data[i]!;
      p.value.data[i] = keep + eps;
      const up = loss();
      p.value.data[i] = keep - eps;
      const down = loss();
      p.value.data[i] = keep;
      const numeric = (up - down) / (2 * eps);
      const a = analytic[pi]![i]!;
      if (Math.abs(numeric - a) > tol * Math.max(1e-2, Math.abs(numeric)) + 2e-4) {
        assert.fail(`${p.name}[${i}]: analytic ${a} vs numeric ${numeric}`);
      }
    }
  });
}
