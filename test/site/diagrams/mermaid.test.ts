import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMermaid, spaceFlowchartArrows } from '../../../src/site/diagrams/mermaid.js';
import { DiagramError } from '../../../src/site/diagrams/types.js';

// Each required diagram type, with the labels that must appear in the SVG.
const CASES: [string, string, string[]][] = [
  ['Flowchart', '%% title: Backprop\nflowchart LR\n  x[input] --> h[hidden] --> y((loss))\n  y -. grad .-> h', ['input', 'hidden', 'loss', 'grad']],
  ['Sequence diagram', 'sequenceDiagram\n  Trainer->>Model: forward(x)\n  Model-->>Trainer: loss', ['Trainer', 'Model', 'forward(x)']],
  ['Class diagram', 'classDiagram\n  class Layer {\n    +forward(x)\n  }\n  Layer <|-- Conv2d', ['Layer', 'Conv2d', 'forward(x)']],
  ['State diagram', 'stateDiagram-v2\n  [*] --> Training\n  Training --> Evaluating: epoch end', ['Training', 'Evaluating', 'epoch end']],
  ['Entity-relationship diagram', 'erDiagram\n  NOTE ||--o{ TAG : has', ['NOTE', 'TAG', 'has']],
];

for (const [type, src, labels] of CASES) {
  test(`${type}: inline SVG with its labels, title/desc, scoped styles and no remote fonts`, () => {
    const { svg, desc } = renderMermaid(src, 'dmer');
    for (const l of labels) assert.ok(svg.includes(`>${l}<`), `${type}: label ${l}`);
    assert.match(svg, /^<svg [^>]*class="diagram-mermaid" id="dmer" role="img" aria-labelledby="dmer-title dmer-desc"/);
    assert.ok(svg.includes('<desc id="dmer-desc">'));
    assert.ok(desc.startsWith(type), desc);
    assert.ok(!svg.includes('googleapis'), 'no web font import');
    assert.ok(!svg.includes("'Inter'"), 'no named web font');
    assert.ok(!/^\s*(svg|text) \{/m.test(svg), 'no global selectors in the inline <style>');
    assert.ok(svg.includes('--fg:var(--diagram-fg, #222)'), 'theme colours from custom properties');
    // Every id is prefixed, and every reference points to a prefixed id.
    for (const m of svg.matchAll(/\bid="([^"]*)"/g)) assert.ok(m[1]!.startsWith('dmer'), m[1]);
    for (const m of svg.matchAll(/url\(#([^)]*)\)/g)) assert.ok(m[1]!.startsWith('dmer-'), m[1]);
  });
}

test('a %% title: comment gives the caption; without one the type is the SVG title', () => {
  assert.equal(renderMermaid(CASES[0]![1], 'd1').title, 'Backprop');
  const plain = renderMermaid('flowchart TD\n  A --> B', 'd2');
  assert.equal(plain.title, undefined);
  assert.ok(plain.svg.includes('<title id="d2-title">Flowchart</title>'));
});

test('A-->B without spaces draws two nodes and an edge (works around beautiful-mermaid#140)', () => {
  assert.equal(spaceFlowchartArrows('graph LR\n  A-->B\n  C[a-->b]-.->D'), 'graph LR\n  A -->B\n  C[a-->b] -.->D');
  const { svg, desc } = renderMermaid('flowchart LR\n  A-->B', 'd3');
  assert.equal(desc, 'Flowchart with 2 elements: A, B.');
  assert.ok(svg.includes('class="edge"'));
});

test('an unknown diagram type or a parse failure is a diagram-mermaid error with the reason', () => {
  assert.throws(
    () => renderMermaid('pie title Pets\n  "Dogs" : 386', 'd4'),
    (e: unknown) => e instanceof DiagramError && e.ruleId === 'diagram-mermaid' && /unknown mermaid diagram type `pie title Pets`/.test(e.message),
  );
});
