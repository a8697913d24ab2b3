import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNn } from '../../../../src/site/diagrams/nn/parse.js';
import { computeShapes, formatShape } from '../../../../src/site/diagrams/nn/shapes.js';
import { DiagramError } from '../../../../src/site/diagrams/types.js';

const shapes = (src: string) => computeShapes(parseNn(src)).map((l) => formatShape(l.output));

/** Runs `fn`, asserts it throws a DiagramError and returns it. */
function error(fn: () => unknown): DiagramError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DiagramError, `expected a DiagramError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a DiagramError');
}

test('the demo CNN on 28×28: every output shape from N = (W − F + 2P)/S + 1', () => {
  assert.deepEqual(shapes('input 1x28x28\nconv 8 k5 s1 p2 relu\npool 2\nconv 16 k5 s1 p2 relu\npool 2\ndense 10 softmax'), [
    '1×28×28',
    '8×28×28',
    '8×14×14',
    '16×14×14',
    '16×7×7',
    '10',
  ]);
});

test('conv 16 k5 on 14×14 without padding gives 16×10×10', () => {
  assert.deepEqual(shapes('input 8x14x14\nconv 16 k5'), ['8×14×14', '16×10×10']);
});

test('a non-integer N is diagram-nn-shape naming the layer, its line and the arithmetic', () => {
  const err = error(() => shapes('# demo\ninput 1x28x28\nconv 8 k5 p2\npool 2\nconv 16 k5 s2'));
  assert.equal(err.ruleId, 'diagram-nn-shape');
  assert.equal(err.line, 4);
  assert.match(err.message, /^layer 4 `conv 16 k5 s2` \(height\): /);
  assert.match(err.message, /\(14 − 5 \+ 2·0\)\/2 \+ 1 = 5\.5 is not an integer/);
});

test('ConvNetJS’s pool 3 s3 on the 14×14 map is refused (ConvNetJS floors to 4)', () => {
  const err = error(() => shapes('input 1x28x28\nconv 8 k5 p2\npool 2\nconv 16 k5 p2\npool 3 s3\ndense 10'));
  assert.equal(err.line, 4);
  assert.match(err.message, /layer 5 `pool 3 s3`.*4\.667 is not an integer/);
  // On ConvNetJS's 24×24 crops the same net fits.
  assert.deepEqual(shapes('input 1x24x24\nconv 8 k5 p2\npool 2\nconv 16 k5 p2\npool 3 s3\ndense 10').slice(-2), ['16×4×4', '10']);
});

test('a kernel larger than the padded input is a shape error', () => {
  const err = error(() => shapes('input 3x4x4\nconv 8 k7'));
  assert.match(err.message, /layer 2 `conv 8 k7`.*kernel F=7 is larger than the padded input W\+2P=4/);
});

test('residual add: identity shortcut keeps the shape, projection shortcut is computed, mismatches are errors', () => {
  assert.deepEqual(shapes('input 64x56x56 @x\nconv 64 k3 p1 bn relu\nconv 64 k3 p1 bn\nadd x\nrelu').slice(-2), ['64×56×56', '64×56×56']);
  const proj = computeShapes(parseNn('input 256x57x57 @x\nconv 128 k1\nconv 128 k3 s2 p1\nconv 512 k1\nadd x conv 512 k1 s2'));
  assert.equal(formatShape(proj[4]!.shortcut!), '512×29×29');
  const err = error(() => shapes('input 64x56x56 @x\nconv 128 k3 p1\nadd x'));
  assert.equal(err.ruleId, 'diagram-nn-shape');
  assert.match(err.message, /cannot add @x \(64×56×56\) to 128×56×56.*add x conv 128 k1 s1/);
});

test('U-Net: up-conv doubles the size (checked against the forward formula), concat adds channels', () => {
  const out = shapes(
    'input 1x64x64\nconv 16 k3 p1 @e1\npool 2\nconv 32 k3 p1\nupconv 16 k2 s2\nconcat e1\nconv 16 k3 p1\nconv 2 k1',
  );
  assert.deepEqual(out, ['1×64×64', '16×64×64', '16×32×32', '32×32×32', '16×64×64', '32×64×64', '16×64×64', '2×64×64']);
  const err = error(() => shapes('input 1x64x64 @a\npool 2\nconcat a'));
  assert.match(err.message, /height and width must match/);
});

test('dense flattens C×H×W; LSTM maps T×D to T×H with seq, to H without', () => {
  const layers = computeShapes(parseNn('input 16x7x7\ndense 10'));
  assert.equal(layers[1]!.flattened, 784);
  assert.deepEqual(shapes('input 35x128\nlstm 256 seq\nlstm 64\ndense 10'), ['35×128', '35×256', '64', '10']);
  assert.match(error(() => shapes('input 784\nlstm 32')).message, /needs a T×D sequence input but gets 784/);
  assert.match(error(() => shapes('input 784\nconv 3 k3')).message, /needs a C×H×W input but gets 784/);
});

test('syntax errors are diagram-nn-syntax with the line inside the block', () => {
  const cases: [string, number, RegExp][] = [
    ['input 1x28x28\nconvolution 8 k5', 1, /unknown layer `convolution`/],
    ['input 1x28x28\nconv 8 q5', 1, /unknown option `q5`/],
    ['input 1x28x28\nconv 8', 1, /give the kernel size/],
    ['title: x\n\nconv 8 k3', 2, /the first layer must be `input`/],
    ['input 1x28x28\nadd y', 1, /no earlier layer is named @y/],
    ['input 1x28x28 @a\nconv 4 k3 p1 @a', 1, /already used/],
  ];
  for (const [src, line, re] of cases) {
    const err = error(() => parseNn(src));
    assert.equal(err.ruleId, 'diagram-nn-syntax', src);
    assert.equal(err.line, line, src);
    assert.match(err.message, re);
  }
});
