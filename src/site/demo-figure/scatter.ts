/**
 * The MLP playground's data set as a small inline SVG scatter, drawn at build time from the same seeded generator
 * the demo uses in the page (src/engine/data/datasets2d.ts), so the static figure shows exactly the points the
 * reader will train on.
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { MlpConfig } from '../../demos/mlp/config.js';
import { DATASETS_2D, generate2d, type Dataset2dName } from '../../engine/data/datasets2d.js';

const SIZE = 100;

/** The scatter of an MLP config's data set (an empty frame with a note for `custom`, whose points the reader places). */
export function datasetScatter(config: MlpConfig, label: (n: number) => string, emptyLabel: string): Element {
  const name = config.dataset;
  const points = isGenerated(name) ? generate2d(name, { n: config.points, noise: config.noise, seed: config.seed }) : undefined;
  // One path per class, each point a zero-length segment with a round cap: ~14 bytes a point instead of a
  // <circle> each (~60 bytes), which keeps 2000 points near 30 KB.
  const paths: string[][] = [[], []];
  if (points) {
    for (let i = 0; i < points.n; i++) {
      const x = ((points.x[2 * i]! + 1) / 2) * SIZE;
      const y = ((1 - points.x[2 * i + 1]!) / 2) * SIZE; // SVG's y grows downward; the plane's grows upward
      paths[points.labels[i]! > 0 ? 0 : 1]!.push(`M${round(x)} ${round(y)}h0`);
    }
  }
  const children: ElementContent[] = [
    el('rect', { x: '0', y: '0', width: String(SIZE), height: String(SIZE), fill: 'var(--diagram-surface, transparent)', stroke: 'var(--diagram-border, #999)', strokeWidth: '0.5' }, []),
  ];
  const colours = ['var(--diagram-positive, #1a7a35)', 'var(--diagram-negative, #c0262d)'];
  paths.forEach((d, k) => {
    if (d.length) children.push(el('path', { d: d.join(''), stroke: colours[k]!, strokeWidth: '2.6', strokeLinecap: 'round', fill: 'none', className: [`demo-class-${k === 0 ? 'positive' : 'negative'}`] }, []));
  });
  if (!points) children.push(el('text', { x: String(SIZE / 2), y: String(SIZE / 2), textAnchor: 'middle', fontSize: '7', fill: 'var(--diagram-fg, #222)' }, [{ type: 'text', value: emptyLabel }]));
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      className: ['demo-dataset'],
      viewBox: `0 0 ${SIZE} ${SIZE}`,
      width: '160',
      height: '160',
      role: 'img',
      ariaLabel: points ? label(points.n) : emptyLabel,
    },
    children,
  );
}

function isGenerated(name: string): name is Dataset2dName {
  return (DATASETS_2D as readonly string[]).includes(name);
}

const round = (v: number): string => String(Math.round(v * 10) / 10);

function el(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}
