import assert from 'node:assert/strict';
import { test } from 'node:test';
import { niceTicks, parsePlot, renderPlot } from '../../../src/site/diagrams/plot.js';
import { DiagramError } from '../../../src/site/diagrams/types.js';

const SIGMOID = 'title: σ and σ′\nx: -6 .. 6\nf: σ(x) = 1 / (1 + exp(-x))\nf: σ′(x) = sigmoid(x) * (1 - sigmoid(x))\nmark: 0, 0.25 max slope';
const LOSS =
  'title: loss\nx: -1.8 .. 1.8\ny: -1.2 .. 1.2\ncontour: L(x,y) = x^4 - 2*x^2 + 0.3*x + y^2\nlevels: 12\nsection: y = 0\n' +
  'mark: -1.04, 0 global minimum\nmark: 0.96, 0 local minimum\nmark: 0.075, 0 saddle point';
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

test('sigmoid and its derivative: two curves, a legend with both labels, ticks, a mark, title and desc', () => {
  const { svg, desc, title } = renderPlot(SIGMOID, 'ptest');
  assert.equal(title, 'σ and σ′');
  assert.equal(count(svg, /class="plot-curve"/g), 2);
  assert.ok(svg.includes('>σ(x)</text>') && svg.includes('>σ′(x)</text>'));
  assert.ok(svg.includes('>−6</text>') && svg.includes('>6</text>'));
  assert.ok(svg.includes('>max slope</text>'));
  assert.match(svg, /role="img"/);
  assert.match(desc, /σ′\(x\) = sigmoid\(x\) \* \(1 - sigmoid\(x\)\) for x from −6 to 6/);
  for (const c of [...svg.matchAll(/(?:fill|stroke)="([^"]*)"/g)].map((m) => m[1]!).filter((c) => c !== 'none')) {
    assert.match(c, /^var\(--diagram-/, c);
  }
});

test('the sigmoid curve passes through (0, ½) and the derivative peaks at ¼ on the drawn scale', () => {
  // Auto range: y from min to max of both curves (0 … 1) padded by 5 %; the point x=0 is the middle sample.
  const spec = parsePlot(SIGMOID);
  assert.equal(spec.curves[0]!.fn({ x: 0 }), 0.5);
  assert.equal(spec.curves[1]!.fn({ x: 0 }), 0.25);
});

test('loss surface: contour levels, marks for minima and the saddle, and a cross-section panel', () => {
  const { svg, desc } = renderPlot(LOSS, 'ploss');
  assert.ok(count(svg, /class="plot-contour"/g) >= 10);
  for (const label of ['global minimum', 'local minimum', 'saddle point']) {
    // on the map and again on the cross-section
    assert.equal(count(svg, new RegExp(`>${label}</text>`, 'g')), 2, label);
  }
  assert.equal(count(svg, /class="plot-contour-mark"/g), 1, 'the level set through the saddle, and only there');
  assert.ok(svg.includes('cross-section at y = 0'));
  assert.ok(svg.includes('>L(x, 0)</text>'));
  assert.match(desc, /Contour map of L\(x,y\) = x\^4 .* with its cross-section at y = 0\. Marked points: global minimum at \(−1\.04, 0\)/);
});

test('contours of a bowl are closed loops around the minimum; the outermost is cut by the frame', () => {
  const { svg } = renderPlot('x: -1 .. 1\ny: -1 .. 1\ncontour: x^2 + y^2\nlevels: 4', 'pbowl');
  const paths = [...svg.matchAll(/class="plot-contour"[^>]* d="([^"]*)"/g)].map((m) => m[1]!);
  assert.equal(paths.length, 4);
  // Levels at the 1/8, 3/8, 5/8 and 7/8 quantiles: radii ≈ 0.4, 0.69, 0.89 fit in the square, ≈ 1.05 does not.
  for (const d of paths.slice(0, 3)) {
    assert.equal(count(d, /M/g), 1, 'one chained polyline per circle');
    const pts = [...d.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)];
    assert.deepEqual(pts[0]!.slice(1), pts[pts.length - 1]!.slice(1), 'closed');
  }
  assert.equal(count(paths[3]!, /M/g), 4, 'four arcs between the corners');
});

test('parse errors are diagram-plot with the line inside the block', () => {
  const cases: [string, number | undefined, RegExp][] = [
    ['x: -6 .. 6\nf: 1 / (1 + exp(-x)', 1, /expected `\)`/],
    ['x: 6 .. -6\nf: x', 0, /low < high/],
    ['x: -1 .. 1\nf: x + q', 1, /unknown name `q`/],
    ['x: -1 .. 1\ncolour: red', 1, /expected `key: value`/],
    ['f: x', undefined, /needs an x range/],
    ['x: -1 .. 1\ncontour: x*y', undefined, /needs a y range/],
  ];
  for (const [src, line, re] of cases) {
    assert.throws(
      () => renderPlot(src, 'perr'),
      (err: unknown) => err instanceof DiagramError && err.ruleId === 'diagram-plot' && err.line === line && re.test(err.message),
      src,
    );
  }
});

test('nice ticks are multiples of 1, 2, 2.5 or 5 × 10^k covering the range', () => {
  assert.deepEqual(niceTicks(-6, 6), [-6, -4, -2, 0, 2, 4, 6]);
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});
