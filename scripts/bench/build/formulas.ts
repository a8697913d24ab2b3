/**
 * The formula pool the benchmark corpus draws from.
 *
 * Real deep-learning notes keep writing the same few hundred formulas (the sigmoid and its derivative, the chain
 * rule for one weight, the conv output size, Adam's update) with small changes of letters and indices. The pool
 * reproduces that: templates with a few slots, expanded with a fixed seed into a few hundred distinct TeX strings,
 * so that a build which caches renders by TeX sees the hit rate it would see on real notes, no better.
 */
import { createRandom, type Random } from './random.js';

/** A display formula and the environment it is written in (the corpus promises at least one `align*` a note). */
export interface DisplayFormula {
  /** TeX without the `$$` fences; may span several lines. */
  tex: string;
  /** The outermost environment, or `null` for a plain one-line equation. */
  env: 'align*' | 'aligned' | 'cases' | 'bmatrix' | null;
}

/** The pools a corpus draws from: distinct inline TeX, and distinct display formulas (some of them `align*`). */
export interface FormulaPool {
  inline: readonly string[];
  display: readonly DisplayFormula[];
  /** The subset of `display` whose environment is `align*`. */
  align: readonly DisplayFormula[];
}

const letters = ['x', 'h', 'z', 'a', 'o', 'u', 'v'] as const;
const indexTriples = [
  ['i', 'j', 'k'],
  ['j', 'k', 'l'],
  ['p', 'q', 'r'],
  ['m', 'n', 'k'],
] as const;
const layerTriples = [
  ['I', 'J', 'K'],
  ['l-1', 'l', 'l+1'],
  ['1', '2', '3'],
  ['L-2', 'L-1', 'L'],
] as const;
const dims = [16, 32, 64, 128, 256, 512, 768, 1024] as const;
const learningRates = ['10^{-3}', '3\\times 10^{-4}', '0.1', '0.01', '10^{-5}', '5\\times 10^{-4}'] as const;
const steps = ['t', 'k', 'n'] as const;

type Template<R> = (r: Random) => R;

/** Inline formula templates: each call may return a different variant. */
const inlineTemplates: readonly Template<string>[] = [
  (r) => {
    const x = r.pick(letters);
    return `\\sigma(${x}) = \\frac{1}{1+e^{-${x}}}`;
  },
  (r) => {
    const x = r.pick(letters);
    return `\\frac{d}{d${x}}\\sigma(${x}) = \\sigma(${x})\\left(1-\\sigma(${x})\\right)`;
  },
  (r) => {
    const [i, j] = r.pick(indexTriples);
    return `w^{${r.pick(layerTriples)[1]}}_{${i}${j}}`;
  },
  (r) => {
    const [i, j] = r.pick(indexTriples);
    return `\\frac{\\partial L}{\\partial w_{${i}${j}}}`;
  },
  (r) => {
    const [, j, k] = r.pick(indexTriples);
    const [, J, K] = r.pick(layerTriples);
    return `\\delta_${j}^{${J}} = o_${j}(1-o_${j})\\sum_${k} \\delta_${k}^{${K}} w_{${j}${k}}`;
  },
  (r) => {
    const [, j, k] = r.pick(indexTriples);
    return `\\delta_${k}^{K} = (o_${k}-t_${k})o_${k}(1-o_${k})` + (r.chance(0.5) ? `, \\; j \\ne ${k}` : '');
  },
  () => 'N=(W-F+2P)/S+1',
  (r) => {
    const W = r.pick([28, 32, 56, 64, 112, 224, 227]);
    const F = r.pick([1, 3, 5, 7, 11]);
    const P = r.pick([0, 1, 2, 3]);
    const S = r.pick([1, 2, 4]);
    const N = Math.floor((W - F + 2 * P) / S) + 1;
    return `\\frac{${W} - ${F} + 2\\cdot ${P}}{${S}} + 1 = ${N}`;
  },
  (r) => `${r.pick(letters)} \\in \\mathbb{R}^{${r.pick(dims)}}`,
  (r) => `W \\in \\mathbb{R}^{${r.pick(dims)} \\times ${r.pick(dims)}}`,
  (r) => `\\eta = ${r.pick(learningRates)}`,
  (r) => `\\hat{y} = f(${r.pick(letters)};\\theta)`,
  (r) => {
    const [i] = r.pick(indexTriples);
    return `\\mathcal{L}(\\theta) = \\frac{1}{N}\\sum_{${i}=1}^{N} \\ell(\\hat{y}_${i}, y_${i})`;
  },
  (r) => {
    const [i, j] = r.pick(indexTriples);
    return `\\operatorname{softmax}(z)_${i} = \\frac{e^{z_${i}}}{\\sum_${j} e^{z_${j}}}`;
  },
  (r) => `\\|\\nabla_\\theta \\mathcal{L}\\|_2 \\le ${r.pick([0.5, 1, 5, 10])}`,
  () => '\\theta \\leftarrow \\theta - \\eta \\nabla_\\theta \\mathcal{L}',
  (r) => {
    const [i] = r.pick(indexTriples);
    return `\\boldsymbol{\\mu}_B = \\frac{1}{m}\\sum_{${i}=1}^{m} x_${i}`;
  },
  (r) => {
    const [i] = r.pick(indexTriples);
    const f = r.pick(['sin', 'cos']);
    return `PE_{(pos,2${i}${f === 'cos' ? '+1' : ''})} = \\${f}\\left(pos / 10000^{2${i}/d_{\\text{model}}}\\right)`;
  },
  (r) => {
    const t = r.pick(steps);
    return `\\mathbf{h}_${t} = \\tanh(W_{hh}\\mathbf{h}_{${t}-1} + W_{xh}\\mathbf{x}_${t} + \\mathbf{b}_h)`;
  },
  (r) => {
    const g = r.pick(['f', 'i', 'o']);
    return `${g}_t = \\sigma(W_${g} [h_{t-1}, x_t] + b_${g})`;
  },
  (r) => {
    const x = r.pick(letters);
    return `\\operatorname{ReLU}(${x}) = \\max(0, ${x})`;
  },
  () => 'y = \\mathcal{F}(x, \\{W_i\\}) + x',
  () => '\\text{学习率}\\ \\eta',
  (r) => {
    const x = r.pick(['\\theta', 'w', 'x']);
    const t = r.pick(steps);
    return `${x}_{${t}+1} = ${x}_${t} - \\eta g_${t}`;
  },
  (r) => {
    const t = r.pick(steps);
    return `g_${t} = \\nabla_\\theta \\mathcal{L}(\\theta_{${t}-1})`;
  },
  (r) => {
    const t = r.pick(steps);
    return `m_${t} = \\beta_1 m_{${t}-1} + (1-\\beta_1) g_${t}`;
  },
  (r) => `\\epsilon = 10^{-${r.pick([5, 6, 7, 8])}}`,
  (r) => `p = ${r.pick([0.1, 0.2, 0.3, 0.5])}`,
  () => 'O(n^2 d)',
  () => '\\sqrt{d_k}',
  () => '\\operatorname{Attention}(Q,K,V)',
  (r) => `\\lambda \\|W\\|_2^2, \\ \\lambda = ${r.pick(['10^{-4}', '5\\times 10^{-4}', '0.01'])}`,
  (r) => {
    const [, j, k] = r.pick(indexTriples);
    return `\\frac{\\partial z_${k}}{\\partial o_${j}} = w_{${j}${k}}`;
  },
  (r) => {
    const [i, j] = r.pick(indexTriples);
    return `z_${j} = \\sum_${i} o_${i} w_{${i}${j}} + b_${j}`;
  },
  (r) => {
    const x = r.pick(letters);
    return `\\tanh'(${x}) = 1 - \\tanh^2(${x})`;
  },
  (r) => {
    const h = r.pick([7, 14, 28, 56, 112, 224]);
    return `H \\times W \\times C = ${h} \\times ${h} \\times ${r.pick(dims)}`;
  },
  (r) => {
    const k = r.pick([1, 3, 5, 7]);
    return `${k}\\times ${k}`;
  },
  () => '\\mathbb{E}_{x\\sim p_{\\text{data}}}[\\log D(x)]',
  () => '\\lambda_{\\min}(\\nabla^2 f) < 0 < \\lambda_{\\max}(\\nabla^2 f)',
  (r) => {
    const l = r.pick(['l', 'k']);
    return `\\prod_{${l}=1}^{L} \\sigma'(z_${l})\\, w_${l}`;
  },
  () => "\\sigma'(x) \\le \\frac{1}{4}",
  (r) => {
    const [i] = r.pick(indexTriples);
    return `\\hat{x}_${i} = \\frac{x_${i} - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}`;
  },
  (r) => `s = 2^{${r.pick([8, 10, 12, 14, 16])}}`,
];

/** Rows for the `align*` derivations; each template returns the rows between `\begin{align*}` and `\end{align*}`. */
const alignTemplates: readonly Template<string[]>[] = [
  // The chain rule for one weight, as in the seed note, with the letters varied.
  (r) => {
    const [i, j, k] = r.pick(indexTriples);
    return [
      `\\frac{\\partial L}{\\partial w_{${i}${j}}} &=\\frac{\\partial}{\\partial w_{${i}${j}}}\\frac{1}{2}\\sum_{${k}}(o_{${k}}-t_{${k}})^{2}`,
      `&= \\sum_${k}(o_${k}-t_${k})\\frac{\\partial o_${k}}{\\partial w_{${i}${j}}}`,
      `&= \\sum_${k}(o_${k}-t_${k})o_${k}(1-o_${k})\\frac{\\partial z_${k}}{\\partial w_{${i}${j}}}`,
      `&= \\sum_${k}(o_${k}-t_${k})o_${k}(1-o_${k})w_{${j}${k}}\\cdot\\frac{\\partial o_${j}}{\\partial w_{${i}${j}}}`,
    ];
  },
  (r) => {
    const [i, j, k] = r.pick(indexTriples);
    const [I, J, K] = r.pick(layerTriples);
    return [
      `\\frac{\\partial L}{\\partial w_{${i}${j}}} &= o_${j}(1-o_${j})o_${i} \\cdot\\sum_${k}\\delta _${k}^{${K}}\\cdot w_{${j}${k}}`,
      `&= \\delta_${j}^{${J}}\\cdot o_${i}^{${I}}`,
    ];
  },
  (r) => {
    const k = r.pick(['k', 'i', 'n']);
    return [
      `\\mathcal{L} &= \\frac{1}{2}\\sum_{${k}}(o_${k} - t_${k})^2`,
      `\\frac{\\partial \\mathcal{L}}{\\partial o_${k}} &= o_${k} - t_${k}`,
      `\\frac{\\partial \\mathcal{L}}{\\partial z_${k}} &= (o_${k} - t_${k})\\,\\sigma'(z_${k})`,
    ];
  },
  (r) => {
    const [i, j] = r.pick(indexTriples);
    return [
      `\\mathcal{L} &= -\\sum_${i} y_${i} \\log \\hat{y}_${i}, \\quad \\hat{y}_${i} = \\frac{e^{z_${i}}}{\\sum_${j} e^{z_${j}}}`,
      `\\frac{\\partial \\mathcal{L}}{\\partial z_${i}} &= \\hat{y}_${i} - y_${i}`,
    ];
  },
  (r) => {
    const t = r.pick(steps);
    const p = `${t}-1`;
    return [
      `f_${t} &= \\sigma(W_f[h_{${p}}, x_${t}] + b_f)`,
      `i_${t} &= \\sigma(W_i[h_{${p}}, x_${t}] + b_i)`,
      `\\tilde{c}_${t} &= \\tanh(W_c[h_{${p}}, x_${t}] + b_c)`,
      `c_${t} &= f_${t} \\odot c_{${p}} + i_${t} \\odot \\tilde{c}_${t}`,
      `o_${t} &= \\sigma(W_o[h_{${p}}, x_${t}] + b_o)`,
      `h_${t} &= o_${t} \\odot \\tanh(c_${t})`,
    ];
  },
  (r) => {
    const [i] = r.pick(indexTriples);
    return [
      `\\mu_B &= \\frac{1}{m}\\sum_{${i}=1}^{m} x_${i}`,
      `\\sigma_B^2 &= \\frac{1}{m}\\sum_{${i}=1}^{m} (x_${i} - \\mu_B)^2`,
      `\\hat{x}_${i} &= \\frac{x_${i} - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}`,
      `y_${i} &= \\gamma \\hat{x}_${i} + \\beta \\tag{BN}`,
    ];
  },
  (r) => {
    const L = r.pick(['L', 'n', 'N']);
    return [
      `\\frac{\\partial \\mathcal{L}}{\\partial h_1} &= \\frac{\\partial \\mathcal{L}}{\\partial h_${L}}\\prod_{l=2}^{${L}} \\frac{\\partial h_l}{\\partial h_{l-1}}`,
      `&= \\frac{\\partial \\mathcal{L}}{\\partial h_${L}}\\prod_{l=2}^{${L}} \\sigma'(z_l)\\, w_l`,
      `\\left|\\frac{\\partial \\mathcal{L}}{\\partial h_1}\\right| &\\le \\left(\\frac{1}{4}\\right)^{${L}-1} \\left|\\frac{\\partial \\mathcal{L}}{\\partial h_${L}}\\right|\\prod_{l} |w_l|`,
    ];
  },
  (r) => {
    const t = r.pick(steps);
    const mu = r.pick(['0.9', '0.99', '\\mu']);
    return [
      `v_${t} &= ${mu}\\, v_{${t}-1} + \\nabla_\\theta \\mathcal{L}(\\theta_{${t}-1})`,
      `\\theta_${t} &= \\theta_{${t}-1} - \\eta\\, v_${t}`,
    ];
  },
  (r) => {
    const W = r.pick([32, 64, 224]);
    const F = r.pick([3, 5, 7]);
    const P = (F - 1) / 2;
    const S = r.pick([1, 2]);
    const N = Math.floor((W - F + 2 * P) / S) + 1;
    return [
      `N &= \\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1`,
      `&= \\left\\lfloor \\frac{${W} - ${F} + 2\\times ${P}}{${S}} \\right\\rfloor + 1 = ${N}`,
    ];
  },
];

/** One-line display formulas (written `$$…$$`, in any of the fence styles). */
const lineTemplates: readonly Template<DisplayFormula>[] = [
  (r) => ({ tex: `N = \\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1 \\tag{${r.int(1, 9)}}`, env: null }),
  () => ({ tex: '\\mathbf{y} = \\mathcal{F}(\\mathbf{x}, \\{W_i\\}) + W_s\\mathbf{x}', env: null }),
  () => ({
    tex: '\\operatorname{Attention}(Q,K,V) = \\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V',
    env: null,
  }),
  () => ({
    tex: '\\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial y}\\cdot\\frac{\\partial y}{\\partial x}',
    env: null,
  }),
  () => ({ tex: '\\mathcal{L}_{\\text{Dice}} = 1 - \\frac{2|X\\cap Y|}{|X|+|Y|}', env: null }),
  (r) => ({
    tex: `\\tilde{g} = \\frac{\\nabla_\\theta (s\\cdot\\mathcal{L})}{s}, \\quad s = 2^{${r.pick([8, 12, 16])}}`,
    env: null,
  }),
  (r) => {
    const a = r.pick(['0.01', '0.1', '0.2', '\\alpha']);
    return {
      tex: `\\operatorname{LeakyReLU}(x) = \\begin{cases} x, & x > 0 \\\\ ${a}\\,x, & x \\le 0 \\end{cases}`,
      env: 'cases',
    };
  },
  (r) => {
    const [i] = r.pick(indexTriples);
    return {
      tex: `PE_{(pos,${i})} = \\begin{cases} \\sin\\left(pos/10000^{${i}/d}\\right), & ${i} \\text{ 为偶数} \\\\ \\cos\\left(pos/10000^{(${i}-1)/d}\\right), & ${i} \\text{ 为奇数} \\end{cases}`,
      env: 'cases',
    };
  },
  (r) => {
    const row = () => [r.int(-2, 2), r.int(-2, 2), r.int(-2, 2)].join(' & ');
    return { tex: `K = \\begin{bmatrix} ${row()} \\\\ ${row()} \\\\ ${row()} \\end{bmatrix}`, env: 'bmatrix' };
  },
];

/** `aligned` blocks, which users often close with `\end{aligned}$$` on one line. */
const alignedTemplates: readonly Template<string[]>[] = [
  (r) => {
    const t = r.pick(steps);
    return [
      `m_${t} &= \\beta_1 m_{${t}-1} + (1-\\beta_1) g_${t} \\\\`,
      `v_${t} &= \\beta_2 v_{${t}-1} + (1-\\beta_2) g_${t}^2 \\\\`,
      `\\hat{m}_${t} &= \\frac{m_${t}}{1-\\beta_1^${t}}, \\quad \\hat{v}_${t} = \\frac{v_${t}}{1-\\beta_2^${t}} \\\\`,
      `\\theta_${t} &= \\theta_{${t}-1} - \\eta \\frac{\\hat{m}_${t}}{\\sqrt{\\hat{v}_${t}} + \\epsilon}`,
    ];
  },
  (r) => {
    const x = r.pick(['x', 'h']);
    return [
      `\\operatorname{GELU}(${x}) &= ${x}\\,\\Phi(${x}) \\\\`,
      `&\\approx 0.5\\,${x}\\left(1 + \\tanh\\left[\\sqrt{2/\\pi}\\left(${x} + 0.044715\\,${x}^3\\right)\\right]\\right)`,
    ];
  },
];

/** Keeps drawing from a template list until `size` distinct results exist (or the templates run out of variants). */
function fill<R>(r: Random, templates: readonly Template<R>[], size: number, key: (v: R) => string): R[] {
  const seen = new Map<string, R>();
  for (let tries = 0; seen.size < size && tries < size * 50; tries++) {
    const value = r.pick(templates)(r);
    const k = key(value);
    if (!seen.has(k)) seen.set(k, value);
  }
  return r.shuffle([...seen.values()]);
}

/** The pool's own seed: fixed, so the pool is the same whatever the corpus seed or size. */
const POOL_SEED = 0x5eed_da1;

/**
 * Builds the formula pool: about 300 distinct inline formulas and about 100 distinct display formulas (about 60
 * of them `align*`). Deterministic.
 */
export function buildFormulaPool(): FormulaPool {
  const r = createRandom(POOL_SEED);
  const inline = fill(r, inlineTemplates, 300, (s) => s);
  const align = fill(r, alignTemplates, 60, (rows) => rows.join('\n')).map(
    (rows): DisplayFormula => ({ tex: `\\begin{align*}\n${rows.join('\\\\\n')}\n\\end{align*}`, env: 'align*' }),
  );
  const aligned = fill(r, alignedTemplates, 12, (rows) => rows.join('\n')).map(
    (rows): DisplayFormula => ({ tex: `\\begin{aligned}\n${rows.join('\n')}\n\\end{aligned}`, env: 'aligned' }),
  );
  const lines = fill(r, lineTemplates, 40, (f) => f.tex);
  return { inline, display: r.shuffle([...align, ...aligned, ...lines]), align };
}
