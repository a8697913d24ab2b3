import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderNn } from '../../../../src/site/diagrams/nn/render.js';

const LENET = 'title: Demo CNN\ninput 1x28x28\nconv 8 k5 s1 p2 relu\npool 2\nconv 16 k5 s1 p2 relu\npool 2\ndense 10 softmax';
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

test('one layer group and one box per layer, each with its output shape text', () => {
  const { svg, title } = renderNn(LENET, 'dtest');
  assert.equal(title, 'Demo CNN');
  assert.equal(count(svg, /<g class="nn-layer /g), 6);
  assert.equal(count(svg, /class="nn-box"/g), 6);
  for (const shape of ['1×28×28', '8×28×28', '8×14×14', '16×14×14', '16×7×7', '>10<']) assert.ok(svg.includes(shape), shape);
  assert.ok(svg.includes('conv 5×5, 16'));
  assert.ok(svg.includes('flatten 784'));
});

test('the SVG is accessible: role=img, <title>, and a <desc> listing layers with shapes', () => {
  const { svg, desc } = renderNn(LENET, 'dtest');
  assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="dtest-title dtest-desc"/);
  assert.ok(svg.includes('<title id="dtest-title">Demo CNN</title>'));
  assert.ok(svg.includes(`<desc id="dtest-desc">`));
  assert.match(desc, /2\. conv 8 k5 s1 p2 relu → 8×28×28; 3\. pool 2 → 8×14×14/);
});

test('colours are CSS custom properties with fallbacks; no hard-coded fill without a variable', () => {
  const { svg } = renderNn(LENET, 'dtest');
  assert.ok(svg.includes('var(--diagram-conv, '));
  assert.ok(svg.includes('var(--diagram-pool, '));
  assert.ok(svg.includes('var(--diagram-fg, '));
  const colours = [...svg.matchAll(/(?:fill|stroke)="([^"]*)"/g)].map((m) => m[1]!).filter((c) => c !== 'none');
  assert.ok(colours.length > 10);
  for (const c of colours) assert.match(c, /^var\(--diagram-/, c);
  assert.ok(!/font-family:(?!inherit)/.test(svg), 'fonts inherit from the page');
});

test('skip connections are arcs into ⊕ nodes, labelled with the projection', () => {
  const basic = renderNn('input 64x56x56 @x\nconv 64 k3 p1 bn relu\nconv 64 k3 p1 bn\nadd x\nrelu', 'dres').svg;
  assert.equal(count(basic, /class="nn-skip"/g), 1);
  assert.equal(count(basic, /class="nn-merge"/g), 1);
  assert.ok(basic.includes('>@x<'));
  assert.ok(basic.includes('url(#dres-arrow)') && basic.includes('id="dres-arrow"'));
  const proj = renderNn('input 256x57x57 @x\nconv 128 k1\nconv 128 k3 s2 p1\nconv 512 k1\nadd x conv 512 k1 s2', 'dp').svg;
  assert.ok(proj.includes('1×1 conv 512, s2 → 512×29×29'));
});

test('every nn example in the README renders', () => {
  const readme = readFileSync(new URL('../../../../src/site/diagrams/README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```nn\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 7, `found ${blocks.length} nn examples`);
  for (const b of blocks) assert.match(renderNn(b, 'dreadme').svg, /<\/svg>$/);
});

const UNET =
  'input 1x128x128\nconv 64 k3 p1 relu\nconv 64 k3 p1 relu @e1\npool 2\nconv 128 k3 p1 relu\nconv 128 k3 p1 relu @e2\npool 2\n' +
  'conv 256 k3 p1 relu\nconv 256 k3 p1 relu\nupconv 128 k2 s2\nconcat e2\nconv 128 k3 p1 relu\nconv 128 k3 p1 relu\n' +
  'upconv 64 k2 s2\nconcat e1\nconv 64 k3 p1 relu\nconv 64 k3 p1 relu\nconv 2 k1';

test('a network too wide for a page column is drawn top to bottom; `layout:` forces a direction', () => {
  const auto = renderNn(UNET, 'du').svg;
  assert.match(auto, /class="diagram-nn nn-vertical"/);
  const width = Number(/viewBox="0 0 ([\d.]+) /.exec(auto)![1]);
  assert.ok(width < 400, `vertical U-Net is narrow enough to keep its text readable (${width})`);
  assert.equal(count(auto, /class="nn-skip"/g), 2);
  assert.equal(count(auto, /class="nn-merge"/g), 2);
  assert.ok(auto.includes('>128×64×64</text>') && auto.includes('>2×128×128</text>'));
  assert.match(renderNn('layout: horizontal\n' + UNET, 'du').svg, /class="diagram-nn nn-horizontal"/);
  assert.match(renderNn('layout: vertical\n' + LENET, 'du').svg, /class="diagram-nn nn-vertical"/);
  assert.match(renderNn(LENET, 'du').svg, /class="diagram-nn nn-horizontal"/);
  assert.throws(() => renderNn('layout: diagonal\ninput 3', 'du'), /write `layout: horizontal` or `layout: vertical`/);
});
