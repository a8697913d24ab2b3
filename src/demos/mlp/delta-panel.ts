/**
 * The δ panel: for the chosen example, the seed note's two formulas with this example's numbers put in,
 * δ_k = (o_k − t_k)·o_k(1 − o_k) at the output and δ_j = o_j(1 − o_j)·Σ_k δ_k w_jk for each unit of the last
 * hidden layer, recomputed from the current weights as the network trains. Every number carries its full value in
 * `data-value`, so a test can check the arithmetic the reader sees.
 */
import { button, el } from '../ui/controls.js';
import type { MLPExampleTrace } from '../../engine/models/mlp.js';

/** What the panel shows for one example. */
export interface DeltaView {
  trace: MLPExampleTrace & { x: [number, number]; t: number };
  /** w_jk from each unit of the last hidden layer to the output. */
  weights: number[];
  activation: string;
  /** 'training' or 'test' point, and its number. */
  where: string;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-3 ? v.toPrecision(3) : v.toExponential(2)).replace('-', '−');

function num(v: number, role?: string): HTMLSpanElement {
  const s = el('span', 'demo-num', fmt(v));
  s.dataset.value = String(v);
  if (role) s.dataset.role = role;
  return s;
}

/** `base` with a subscript. */
function sub(base: string, index: string): DocumentFragment {
  const f = document.createDocumentFragment();
  f.append(base, el('sub', '', index));
  return f;
}

/** The derivative of the hidden activation in terms of o_j, as the note writes it for the sigmoid. */
function derivative(activation: string, oj: number): { text: DocumentFragment; value: number } {
  const f = document.createDocumentFragment();
  if (activation === 'tanh') {
    f.append('(1 − ', num(oj), '²)');
    return { text: f, value: 1 - oj * oj };
  }
  if (activation === 'relu') {
    f.append('[', num(oj), ' > 0]');
    return { text: f, value: oj > 0 ? 1 : 0 };
  }
  f.append(num(oj), '·(1 − ', num(oj), ')');
  return { text: f, value: oj * (1 - oj) };
}

/** The panel and its update function. */
export interface DeltaPanel {
  element: HTMLElement;
  /** Shows an example (or the hint when there is none). */
  show(view: DeltaView | undefined): void;
}

/** Builds the panel; `onMove(+1 | −1)` picks the next or previous point (the keyboard way to choose). */
export function createDeltaPanel(onMove: (by: number) => void): DeltaPanel {
  const element = el('section', 'mlp-delta');
  element.setAttribute('aria-label', 'δ values of one example');
  const head = el('h4', 'mlp-delta-title', 'δ of one example');
  const nav = el('div', 'demo-row');
  const where = el('span', 'mlp-delta-where demo-muted', 'Click or tap a point, or step through them:');
  nav.append(button('◀', () => onMove(-1), { aria: 'previous point' }), button('▶', () => onMove(1), { aria: 'next point' }), where);
  const body = el('div', 'mlp-delta-body');
  element.append(head, nav, body);

  const show = (v: DeltaView | undefined): void => {
    if (!v) {
      body.replaceChildren();
      where.textContent = 'Click or tap a point, or step through them:';
      element.dataset.chosen = '';
      return;
    }
    element.dataset.chosen = v.where;
    const { trace } = v;
    const t = trace.t;
    where.textContent = `${v.where}: x = (${fmt(trace.x[0])}, ${fmt(trace.x[1])}), t = ${t}`;
    const L = trace.deltas.length;
    const ok = trace.activations[L]![0]!, dk = trace.deltas[L - 1]![0]!;

    const out = el('p', 'mlp-formula');
    out.append(sub('δ', 'k'), ' = (', sub('o', 'k'), ' − ', sub('t', 'k'), ')·', sub('o', 'k'), '(1 − ', sub('o', 'k'), ') = (');
    out.append(num(ok, 'o-k'), ' − ', num(t, 't-k'), ')·', num(ok), '·(1 − ', num(ok), ') = ', num(dk, 'delta-k'));
    const rows: HTMLElement[] = [out];

    if (L >= 2) {
      const hidden = trace.activations[L - 1]!, dj = trace.deltas[L - 2]!;
      const f = el('p', 'mlp-formula');
      f.append(sub('δ', 'j'), ' = ');
      if (v.activation === 'sigmoid') f.append(sub('o', 'j'), '(1 − ', sub('o', 'j'), ')');
      else if (v.activation === 'tanh') f.append('(1 − ', sub('o', 'j'), '²)');
      else f.append('[', sub('o', 'j'), ' > 0]');
      f.append('·Σ', el('sub', '', 'k'), ' ', sub('δ', 'k'), ' ', sub('w', 'jk'));
      if (v.activation !== 'sigmoid') f.append(el('span', 'demo-muted', ` (the note's sigmoid has o_j(1 − o_j); ${v.activation} changes only this factor)`));
      const table = el('table', 'mlp-delta-table');
      const caption = el('caption', 'demo-muted', `last hidden layer, ${hidden.length} units`);
      const headRow = el('tr');
      const th = (...parts: (string | Node)[]) => {
        const c = el('th');
        c.append(...parts);
        return c;
      };
      headRow.append(th('j'), th(v.activation === 'sigmoid' ? sub('o', 'j') : 'f′', v.activation === 'sigmoid' ? '(1 − ' : '', v.activation === 'sigmoid' ? sub('o', 'j') : '', v.activation === 'sigmoid' ? ')' : ''), th('· ', sub('δ', 'k'), ' · ', sub('w', 'jk')), th('= ', sub('δ', 'j')));
      table.append(caption, el('thead'), el('tbody'));
      table.tHead!.append(headRow);
      hidden.forEach((oj, j) => {
        const tr = el('tr');
        const d = derivative(v.activation, oj);
        const c1 = el('td'); c1.append(d.text);
        const c2 = el('td'); c2.append('· ', num(dk), ' · ', num(v.weights[j] ?? NaN, 'w-jk'));
        const c3 = el('td'); c3.append('= ', num(dj[j]!, 'delta-j'));
        tr.append(el('td', 'demo-num', String(j + 1)), c1, c2, c3);
        table.tBodies[0]!.append(tr);
      });
      rows.push(f, table);
      if (L > 2) {
        const more = el('p', 'demo-muted mlp-delta-more');
        more.append('Earlier layers take the same step one layer down: ');
        for (let l = L - 3; l >= 0; l--) {
          more.append(`layer ${l + 1}: `);
          trace.deltas[l]!.forEach((d, j) => more.append(j ? ', ' : '', num(d)));
          more.append(l ? '; ' : '.');
        }
        rows.push(more);
      }
    } else {
      rows.push(el('p', 'demo-muted', 'No hidden layer: the output’s δ is the whole story (add a layer to see δ_j).'));
    }
    body.replaceChildren(...rows);
  };
  show(undefined);
  return { element, show };
}
