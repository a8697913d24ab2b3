/**
 * A tiny, safe arithmetic expression compiler for `plot` blocks. Note text is never passed to eval or
 * new Function: it is tokenised, parsed by precedence climbing into closures over a fixed table of functions.
 * We wrote it rather than depend on expr-eval (unmaintained since 2019, with a published code-injection
 * advisory) or mathjs (a large general CAS that loads slowly for a few one-line formulas).
 *
 * Grammar: expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ;
 * unary := '-' unary | '+' unary | power ; power := atom ('^' unary)? (right-associative, so -x^2 = -(x^2)) ;
 * atom := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'.
 */

/** A compiled expression: evaluates with the given variable values (x, y). */
export type Compiled = (vars: Readonly<Record<string, number>>) => number;

/** Thrown for an expression that does not parse; `column` is 0-based in the expression text. */
export class ExprError extends Error {
  override name = 'ExprError';
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The functions a plot may call, by name and arity (undefined = one or more). */
export const FUNCTIONS: Readonly<Record<string, { fn: (...a: number[]) => number; arity?: number }>> = {
  exp: { fn: Math.exp, arity: 1 },
  log: { fn: Math.log, arity: 1 },
  ln: { fn: Math.log, arity: 1 },
  log2: { fn: Math.log2, arity: 1 },
  log10: { fn: Math.log10, arity: 1 },
  sqrt: { fn: Math.sqrt, arity: 1 },
  abs: { fn: Math.abs, arity: 1 },
  sin: { fn: Math.sin, arity: 1 },
  cos: { fn: Math.cos, arity: 1 },
  tan: { fn: Math.tan, arity: 1 },
  tanh: { fn: Math.tanh, arity: 1 },
  sigmoid: { fn: sigmoid, arity: 1 },
  σ: { fn: sigmoid, arity: 1 },
  relu: { fn: (x) => Math.max(0, x), arity: 1 },
  softplus: { fn: (x) => Math.log1p(Math.exp(x)), arity: 1 },
  sign: { fn: Math.sign, arity: 1 },
  floor: { fn: Math.floor, arity: 1 },
  min: { fn: Math.min },
  max: { fn: Math.max },
  pow: { fn: Math.pow, arity: 2 },
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, π: Math.PI, e: Math.E };

/** Deepest parentheses a plot expression may nest (signs and powers: twice this). */
export const EXPR_DEPTH_LIMIT = 100;

type Token = { t: 'num'; v: number; at: number } | { t: 'name'; v: string; at: number } | { t: 'op'; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0], at: i });
      i += name[0].length;
      continue;
    }
    // Accept the typographic minus and times that writers paste from formulas.
    const op = ch === '−' ? '-' : ch === '×' || ch === '·' ? '*' : ch;
    if ('+-*/^(),'.includes(op)) {
      // `**` is accepted as a power, as in Python and JavaScript.
      if (op === '*' && src[i + 1] === '*') {
        out.push({ t: 'op', v: '^', at: i });
        i += 2;
        continue;
      }
      out.push({ t: 'op', v: op, at: i });
      i++;
      continue;
    }
    throw new ExprError(`unexpected character \`${ch}\` at column ${i + 1}`, i);
  }
  return out;
}

/**
 * Compiles `src` into a function of the named variables (e.g. `['x']` or `['x', 'y']`). Throws {@link ExprError}
 * naming the column and what was expected.
 */
export function compileExpr(src: string, variables: readonly string[]): Compiled {
  const tokens = tokenize(src);
  // The parser recurses once per level: bound the nesting before it starts, so a hostile plot says where instead
  // of exhausting the stack.
  let parens = 0;
  let deepest = 0;
  let over: number | undefined;
  for (const t of tokens) {
    if (t.t !== 'op') continue;
    if (t.v === '(') {
      parens++;
      deepest = Math.max(deepest, parens);
      if (parens > EXPR_DEPTH_LIMIT && over === undefined) over = t.at;
    } else if (t.v === ')') parens--;
  }
  if (over !== undefined) throw new ExprError(`parentheses nested ${deepest} deep at column ${over + 1}; the limit is ${EXPR_DEPTH_LIMIT}`, over);
  let depth = 0;
  let pos = 0;
  const peek = () => tokens[pos];
  const at = () => peek()?.at ?? src.length;
  const isOp = (v: string) => {
    const t = peek();
    return t?.t === 'op' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExprError(`expected \`${v}\` at column ${at() + 1}`, at());
    pos++;
  };

  const expr = (): Compiled => {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { v: string }).v;
      const l = left;
      const r = term();
      left = op === '+' ? (v) => l(v) + r(v) : (v) => l(v) - r(v);
    }
    return left;
  };
  const term = (): Compiled => {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { v: string }).v;
      const l = left;
      const r = unary();
      left = op === '*' ? (v) => l(v) * r(v) : (v) => l(v) / r(v);
    }
    return left;
  };
  const unary = (): Compiled => {
    // Chains of signs and powers (`- - - x`, `x^x^x`) recurse too.
    if (++depth > EXPR_DEPTH_LIMIT * 2) throw new ExprError(`the expression nests more than ${EXPR_DEPTH_LIMIT * 2} deep at column ${at() + 1}`, at());
    try {
      return unaryInner();
    } finally {
      depth--;
    }
  };
  const unaryInner = (): Compiled => {
    if (isOp('-')) {
      pos++;
      const u = unary();
      return (v) => -u(v);
    }
    if (isOp('+')) {
      pos++;
      return unary();
    }
    return power();
  };
  const power = (): Compiled => {
    const base = atom();
    if (isOp('^')) {
      pos++;
      const exp = unary();
      return (v) => Math.pow(base(v), exp(v));
    }
    return base;
  };
  const atom = (): Compiled => {
    const t = peek();
    if (!t) throw new ExprError('the expression ends too early', src.length);
    pos++;
    if (t.t === 'num') {
      const value = t.v;
      return () => value;
    }
    if (t.t === 'op') {
      if (t.v === '(') {
        const inner = expr();
        expect(')');
        return inner;
      }
      throw new ExprError(`unexpected \`${t.v}\` at column ${t.at + 1}`, t.at);
    }
    const name = t.v;
    if (isOp('(')) {
      const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!f) throw new ExprError(`unknown function \`${name}\`; known: ${Object.keys(FUNCTIONS).join(', ')}`, t.at);
      pos++;
      const args = [expr()];
      while (isOp(',')) {
        pos++;
        args.push(expr());
      }
      expect(')');
      if (f.arity !== undefined && args.length !== f.arity) {
        throw new ExprError(`\`${name}\` takes ${f.arity} argument${f.arity === 1 ? '' : 's'}, got ${args.length}`, t.at);
      }
      const fn = f.fn;
      if (args.length === 1) {
        const a = args[0]!;
        return (v) => fn(a(v));
      }
      return (v) => fn(...args.map((a) => a(v)));
    }
    if (variables.includes(name)) return (v) => v[name] ?? NaN;
    if (Object.hasOwn(CONSTANTS, name)) {
      const c = CONSTANTS[name]!;
      return () => c;
    }
    throw new ExprError(
      `unknown name \`${name}\` at column ${t.at + 1}; use ${variables.map((v) => `\`${v}\``).join(' or ')}, pi, e or a function call`,
      t.at,
    );
  };

  const result = expr();
  if (pos < tokens.length) throw new ExprError(`unexpected \`${String(tokens[pos]!.v)}\` at column ${at() + 1}`, at());
  return result;
}
