import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearDiagramCache, diagramStats, renderDiagram } from '../../../src/site/diagrams/render.js';

const NN = 'input 1x28x28\nconv 8 k5 p2\npool 2';

test('two renders of the same source are byte-identical, ids derive from the source', async () => {
  clearDiagramCache();
  const a = (await renderDiagram('nn', NN)).result;
  clearDiagramCache();
  const b = (await renderDiagram('nn', NN)).result;
  assert.ok(a.ok && b.ok);
  assert.equal(a.svg, b.svg);
  assert.match(a.id, /^d[0-9a-f]{8}$/);
  const other = (await renderDiagram('nn', NN + '\nrelu')).result;
  assert.notEqual(other.id, a.id);
});

test('the second render of a source is a cache hit, counted in diagramStats()', async () => {
  clearDiagramCache();
  const first = await renderDiagram('plot', 'x: -1 .. 1\nf: x^2');
  const second = await renderDiagram('plot', 'x: -1 .. 1\nf: x^2');
  assert.equal(first.cached, false);
  assert.equal(second.cached, true);
  assert.equal(second.result, first.result, 'the very same result object');
  const stats = diagramStats().plot!;
  assert.equal(stats.count, 2);
  assert.equal(stats.cached, 1);
  assert.ok(stats.renderMs >= first.ms - 1e-9);
});

test('content errors come back as results (also cached), not exceptions', async () => {
  clearDiagramCache();
  const r = await renderDiagram('nn', 'input 1x28x28\nconv 8 k5 s2');
  assert.equal(r.result.ok, false);
  assert.ok(!r.result.ok && r.result.error.ruleId === 'diagram-nn-shape');
  assert.equal((await renderDiagram('nn', 'input 1x28x28\nconv 8 k5 s2')).cached, true);
  assert.equal(diagramStats().nn!.errors, 1);
});

test('the hast copy has the svg element with its title and desc, without positions', async () => {
  clearDiagramCache();
  const r = (await renderDiagram('nn', NN)).result;
  assert.ok(r.ok);
  const svg = r.hast[0]!;
  assert.ok(svg.type === 'element' && svg.tagName === 'svg');
  assert.equal(svg.position, undefined);
  assert.deepEqual(
    svg.children.slice(0, 2).map((c) => c.type === 'element' && c.tagName),
    ['title', 'desc'],
  );
});
