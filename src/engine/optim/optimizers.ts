import type { Engine } from '../engine.js';
import type { Param } from '../nn/layer.js';
import { keep, Tensor } from '../tensor.js';

/**
 * Clamps every gradient entry to [−maxAbs, maxAbs] in place (brain.js clips its LSTM at ±5 the same way): a cheap
 * guard against the occasional exploding BPTT step in a demo. With a resident engine the clamp is a kernel (the
 * gradients stay on the device); otherwise a host loop.
 */
export function clipGradients(params: readonly Param[], maxAbs: number, e?: Engine): void {
  if (e?.resident) {
    for (const p of params) e.clip(p.grad, p.grad, maxAbs, p.name);
    return;
  }
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      if (v > maxAbs) g[i] = maxAbs;
      else if (v < -maxAbs) g[i] = -maxAbs;
    }
  }
}

/** Validates a learning rate (finite, ≥ 0) and returns it. */
export function checkLearningRate(lr: number): number {
  if (!Number.isFinite(lr) || lr < 0) throw new RangeError(`optimizer: learning rate must be a finite number ≥ 0, got ${lr}`);
  return lr;
}

/** Updates parameters from their gradients; state (velocities, moments) is kept per parameter. */
export interface Optimizer {
  readonly name: string;
  /** Gradient clamp applied before each update (0 = off). */
  clip: number;
  /** Learning rate used by the next {@link step}. */
  readonly lr: number;
  /**
   * Changes the learning rate from the next step on (a demo's slider moves it while training); keeps the moments and
   * velocities, so training continues rather than restarts. Throws a RangeError unless `lr` is finite and ≥ 0.
   */
  setLearningRate(lr: number): void;
  /** One update of every parameter from its current gradient. */
  step(e: Engine, params: readonly Param[]): void;
  /** Serializable settings (saved with the weights). */
  config(): Record<string, number | string>;
}

/** Plain gradient descent: p ← p − lr·g. */
export class SGD implements Optimizer {
  readonly name = 'sgd';
  /** Clamp gradients to ±clip before the update (0 = off). */
  clip = 0;
  /** @param lr learning rate */
  constructor(public lr = 0.1) {}
  /** p ← p − lr·g. */
  step(e: Engine, params: readonly Param[]): void {
    if (this.clip > 0) clipGradients(params, this.clip, e);
    for (const p of params) e.axpby(p.value, p.grad, p.value, 1, -this.lr, p.name);
  }
  /** Sets the learning rate for the next steps (see {@link Optimizer.setLearningRate}). */
  setLearningRate(lr: number): void {
    this.lr = checkLearningRate(lr);
  }
  /** Settings. */
  config() {
    return { name: this.name, lr: this.lr, clip: this.clip };
  }
}

/** Momentum (heavy ball): v ← μ·v − lr·g; p ← p + v. */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  private readonly v = new Map<Param, Tensor>();
  /** Clamp gradients to ±clip before the update (0 = off). */
  clip = 0;
  /** @param lr learning rate @param mu momentum coefficient */
  constructor(
    public lr = 0.05,
    public mu = 0.9,
  ) {}
  /** One momentum update. */
  step(e: Engine, params: readonly Param[]): void {
    if (this.clip > 0) clipGradients(params, this.clip, e);
    for (const p of params) {
      let v = this.v.get(p);
      if (!v) this.v.set(p, (v = keep(Tensor.zeros(p.value.shape))));
      e.axpby(v, p.grad, v, this.mu, -this.lr, p.name);
      e.add(p.value, v, p.value, p.name);
    }
  }
  /** Sets the learning rate for the next steps (see {@link Optimizer.setLearningRate}). */
  setLearningRate(lr: number): void {
    this.lr = checkLearningRate(lr);
  }
  /** Settings. */
  config() {
    return { name: this.name, lr: this.lr, mu: this.mu, clip: this.clip };
  }
}

/**
 * Adam (Kingma & Ba): m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr_t·m/(√v + ε) with the bias
 * corrections folded into lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ), as in the paper's efficient form.
 */
export class Adam implements Optimizer {
  readonly name = 'adam';
  private readonly state = new Map<Param, { m: Tensor; v: Tensor }>();
  private t = 0;
  /** Clamp gradients to ±clip before the update (0 = off). */
  clip = 0;
  /** Hyper-parameters with the paper's defaults. */
  constructor(
    public lr = 0.001,
    public beta1 = 0.9,
    public beta2 = 0.999,
    public eps = 1e-8,
  ) {}
  /** One Adam update. */
  step(e: Engine, params: readonly Param[]): void {
    if (this.clip > 0) clipGradients(params, this.clip, e);
    this.t++;
    const lrt = (this.lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    for (const p of params) {
      let s = this.state.get(p);
      if (!s) this.state.set(p, (s = { m: keep(Tensor.zeros(p.value.shape)), v: keep(Tensor.zeros(p.value.shape)) }));
      e.axpby(s.m, p.grad, s.m, this.beta1, 1 - this.beta1, p.name);
      e.emaSquare(s.v, p.grad, s.v, this.beta2);
      e.adamApply(p.value, s.m, s.v, p.value, lrt, this.eps);
    }
  }
  /** Sets the learning rate for the next steps (see {@link Optimizer.setLearningRate}). */
  setLearningRate(lr: number): void {
    this.lr = checkLearningRate(lr);
  }
  /** Settings. */
  config() {
    return { name: this.name, lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, clip: this.clip };
  }
}

/** Optimizer settings accepted by the models. */
export type OptimizerSpec = (
  | { name: 'sgd'; lr?: number }
  | { name: 'momentum'; lr?: number; mu?: number }
  | { name: 'adam'; lr?: number; beta1?: number; beta2?: number; eps?: number }
) & {
  /** Clamp every gradient entry to ±clip before each update. */
  clip?: number;
};

/** Builds an optimizer from a spec (or returns the instance given). */
export function createOptimizer(spec: OptimizerSpec | Optimizer): Optimizer {
  if ('step' in spec) return spec;
  const o =
    spec.name === 'sgd' ? new SGD(spec.lr) : spec.name === 'momentum' ? new Momentum(spec.lr, spec.mu) : new Adam(spec.lr, spec.beta1, spec.beta2, spec.eps);
  o.clip = spec.clip ?? 0;
  return o;
}
