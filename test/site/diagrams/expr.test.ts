import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileExpr, ExprError } from '../../../src/site/diagrams/expr.js';

const ev = (src: string, x = 0, y = 0) => compileExpr(src, ['x', 'y'])({ x, y });

test('precedence: ^ binds tighter than unary minus, * before +, right-associative power', () => {
  assert.equal(ev('-x^2', 3), -9);
  assert.equal(ev('1 + 2 * 3'), 7);
  assert.equal(ev('2^3^2'), 512);
  assert.equal(ev('(1 + 2) * 3'), 9);
  assert.equal(ev('x ** 2', 4), 16);
  assert.equal(ev('2 − 3 × 4'), -10);
});

test('functions and constants', () => {
  assert.equal(ev('sigmoid(0)'), 0.5);
  assert.equal(ev('σ(x) * (1 - σ(x))', 0), 0.25);
  assert.equal(ev('max(1, x, 3)', 5), 5);
  assert.equal(ev('relu(-2) + abs(-2)'), 2);
  assert.ok(Math.abs(ev('cos(pi)') + 1) < 1e-12);
  assert.ok(Math.abs(ev('ln(e)') - 1) < 1e-12);
  assert.equal(ev('x^4 - 2*x^2 + 0.3*x + y^2', 1, 2), 1 - 2 + 0.3 + 4);
});

test('no way out of the sandbox: unknown names, properties and code are parse errors', () => {
  for (const src of ['constructor', 'x.constructor', 'process.exit(1)', 'toString(x)', '__proto__', 'alert`1`', 'x; 1', 'eval("1")']) {
    assert.throws(() => compileExpr(src, ['x']), ExprError, src);
  }
});

test('errors say where and what', () => {
  assert.throws(() => compileExpr('1 + ', ['x']), /ends too early/);
  assert.throws(() => compileExpr('foo(x)', ['x']), /unknown function `foo`/);
  assert.throws(() => compileExpr('x + z', ['x']), /unknown name `z` at column 5/);
  assert.throws(() => compileExpr('(x + 1', ['x']), /expected `\)`/);
  assert.throws(() => compileExpr('pow(x)', ['x']), /takes 2 arguments/);
});
