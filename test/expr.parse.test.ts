// Parser of the expression language: precedence, associativity, numbers,
// aliases, pretty-printing round trip, and every kind of bad input with its position.
import { describe, it, expect } from 'vitest';
import { expressionError } from './helpers/expressionError.js';
import { OptionRangeError, OptionTypeError } from '../src/errors.js';
import {
  type Ast,
  evaluate,
  formatExpression,
  parseActivation,
  parseTarget,
  TARGET_ALIASES,
} from '../src/expr/index.js';

/** Fully parenthesised prefix form: shows the tree the parser built. */
function sexpr(a: Ast): string {
  switch (a.type) {
    case 'num':
      return a.name ?? String(a.value);
    case 'var':
      return a.name;
    case 'neg':
      return `(neg ${sexpr(a.arg)})`;
    case 'binary':
      return `(${a.op} ${sexpr(a.left)} ${sexpr(a.right)})`;
    case 'call':
      return `(${a.fn} ${a.args.map(sexpr).join(' ')})`;
    case 'hermite':
      return `(He${a.n} ${sexpr(a.arg)})`;
  }
}

const act = (s: string) => sexpr(parseActivation(s).ast);
const tgt = (s: string) => sexpr(parseTarget(s).ast);

describe('parseExpression: structure', () => {
  it.each([
    ['1 + 2*3', '(+ 1 (* 2 3))'],
    ['1*2 + 3', '(+ (* 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8/4/2', '(/ (/ 8 4) 2)'],
    ['8/4*2', '(* (/ 8 4) 2)'],
    ['2^3^2', '(^ 2 (^ 3 2))'],
    ['-u^2', '(neg (^ u 2))'],
    ['-u^2^3', '(neg (^ u (^ 2 3)))'],
    ['2^-u', '(^ 2 (neg u))'],
    ['2^-u^2', '(^ 2 (neg (^ u 2)))'],
    ['-2*u', '(* (neg 2) u)'],
    ['u*-2', '(* u (neg 2))'],
    ['+u', 'u'],
    ['--u', '(neg (neg u))'],
    ['-(u)', '(neg u)'],
    ['(1 + u)*2', '(* (+ 1 u) 2)'],
    ['u^2*3', '(* (^ u 2) 3)'],
    ['(u^2)^3', '(^ (^ u 2) 3)'],
    ['1 - -u', '(- 1 (neg u))'],
    ['min(u, 1) + max(-u, u^2)', '(+ (min u 1) (max (neg u) (^ u 2)))'],
    ['He3(u) + He0(u) + He10(2*u)', '(+ (+ (He3 u) (He0 u)) (He10 (* 2 u)))'],
    ['tanh(sign(relu(abs(exp(log(sqrt(erf(sin(cos(u))))))))))', '(tanh (sign (relu (abs (exp (log (sqrt (erf (sin (cos u))))))))))'],
    ['2 ** 3', '(^ 2 3)'],
    ['2 \u2212 u', '(- 2 u)'],
    ['2\u00b7u', '(* 2 u)'],
    ['  u\t*\n2 ', '(* u 2)'],
    ['pi*e', '(* pi e)'],
    ['step(u)', '(step u)'],
  ])('%s', (src, tree) => {
    expect(act(src)).toBe(tree);
  });

  it('reads numbers in every written form', () => {
    const cases: [string, number][] = [
      ['1e-3', 1e-3], ['.5', 0.5], ['2.', 2], ['1E+2', 100], ['3.25e2', 325], ['0.000125', 0.000125], ['12345678901234567890', 12345678901234567890],
    ];
    for (const [s, v] of cases) expect(evaluate(parseActivation(s).ast, [0])).toBe(v);
    expect(evaluate(parseActivation('pi').ast, [0])).toBe(Math.PI);
    expect(evaluate(parseActivation('e').ast, [0])).toBe(Math.E);
  });

  it('gives the values that precedence implies', () => {
    const v = (s: string, u = 0) => evaluate(parseActivation(s).ast, [u]);
    expect(v('2^3^2')).toBe(512);
    expect(v('-2^2')).toBe(-4);
    expect(v('(-2)^2')).toBe(4);
    expect(v('2^-1')).toBe(0.5);
    expect(v('1 - 2 - 3')).toBe(-4);
    expect(v('-u^2', 3)).toBe(-9);
    expect(v('He3(u)', 2)).toBe(2);
    expect(v('He4(u)', 3)).toBe(81 - 6 * 9 + 3);
    expect(v('sign(u)', 0)).toBe(0);
    expect(v('step(u)', 0)).toBe(0);
    expect(v('relu(u)', -1)).toBe(0);
  });
});

describe('parseTarget and parseActivation', () => {
  it('infers k from the largest index, or takes it from the options', () => {
    const t = parseTarget('z1 + z3^2');
    expect(t.k).toBe(3);
    expect(t.variables).toEqual([1, 3]);
    expect(t.ast).toEqual(parseTarget('z1 + z3^2', { k: 3 }).ast);
    expect(parseTarget('z2', { k: 5 }).k).toBe(5);
    expect(parseTarget('1.5').k).toBe(1);
    expect(parseTarget('1.5').variables).toEqual([]);
    const z12 = parseTarget('z12');
    expect(z12.k).toBe(12);
    expect((z12.ast as { index: number }).index).toBe(11);
  });

  it('expands the three targets of docs/model.md §5', () => {
    expect(TARGET_ALIASES['paper-1']).toBe('z1 + z1*z2');
    const t1 = parseTarget('paper-1');
    expect([t1.source, t1.k, t1.alias]).toEqual(['z1 + z1*z2', 2, 'paper-1']);
    expect(tgt('paper-2')).toBe('(tanh (+ z1 (He3 z2)))');
    expect(tgt('paper-3')).toBe('(+ (tanh z1) (tanh z2))');
    // He₃(z) = z³ − 3z (docs/model.md §5)
    const z = [0.3, -1.7];
    const he3 = z[1] * (z[1] * z[1] - 1) - 2 * z[1]; // the recurrence, in its operation order
    expect(evaluate(parseTarget('paper-2').ast, z)).toBe(Math.tanh(z[0] + he3));
    expect(Math.abs(he3 - (z[1] ** 3 - 3 * z[1]))).toBeLessThan(1e-15 * 5);
  });

  it('reads activation names and aliases', () => {
    expect(parseActivation('relu').source).toBe('relu(u)');
    expect(parseActivation(' tanh ').alias).toBe('tanh');
    for (const name of ['relu', 'tanh', 'erf', 'sign', 'abs']) expect(act(name)).toBe(`(${name} u)`);
    expect(act('quadratic')).toBe('(^ u 2)');
    expect(act('linear')).toBe('u');
    expect(act('He3')).toBe('(He3 u)');
    expect(parseActivation('relu(u)').alias).toBeUndefined();
  });
});

describe('formatExpression', () => {
  const sources = [
    '1 + 2*3', '(1 + 2)*3', '1 - (2 - 3)', '1 - 2 - 3', '8/(4/2)', '2^3^2', '(2^3)^2', '-u^2', '(-u)^2', '2^-u',
    '-(u*2)', '-u*2', 'u - -u', '-(-u)', 'min(u, -1)/max(u, 2)', 'He3(u - 1)^2', 'tanh(u)^-1', '(-2)^u', '1e-7*u', 'pi*u + e',
    'u/(u*u)', 'u*(u/u)', 'u - (u + u)', 'abs(u)^0.5',
  ];
  it.each(sources)('round-trips %s', (src) => {
    const ast = parseActivation(src).ast;
    const text = formatExpression(ast);
    expect(sexpr(parseActivation(text).ast)).toBe(sexpr(ast));
  });

  it('round-trips derivatives and writes them readably', () => {
    for (const src of ['tanh', 'erf', 'u^3/3 - max(u, -1)', 'sqrt(1 + u^2)', 'u^u', 'He5(u)*sin(u)']) {
      const p = parseActivation(src);
      for (const d of [p.derivative, p.secondDerivative]) {
        expect(sexpr(parseActivation(formatExpression(d)).ast)).toBe(sexpr(d));
      }
    }
    expect(formatExpression(parseTarget('tanh(z1+He3(z2))').ast)).toBe('tanh(z1 + He3(z2))');
  });
});

describe('errors say where and what was expected', () => {
  it.each([
    ['tanh(z1 + ', 10, 'expected a number, a variable, a function call or \'(\' but found end of input'],
    ['tanh(z1 + z2', 12, "expected ')' (to close the '(' of tanh(…) opened at column 5) but found end of input"],
    ['(z1 + z2', 8, "expected ')' (to close the '(' opened at column 1)"],
    ['tnh(z1)', 0, "unknown function 'tnh' (did you mean 'tanh'?) (known: tanh, sign, relu, abs, exp, log, sqrt, erf, sin, cos, step, min, max, He0…He10)"],
    ['foo(z1)', 0, "unknown function 'foo' (known:"],
    ['x + 1', 0, "unknown variable 'x' (targets use z1…zk)"],
    ['z1 + u', 5, "unknown variable 'u' (targets use z1…zk)"],
    ['z0 + z1', 0, "unknown variable 'z0'"],
    ['z01', 0, "write 'z1' instead of 'z01'"],
    ['', 0, 'empty expression'],
    ['   ', 0, 'empty expression'],
    ['min(z1)', 0, "function 'min' takes 2 arguments (got 1)"],
    ['z2 * max(z1, z2, 3)', 5, "function 'max' takes 2 arguments (got 3)"],
    ['tanh(z1, z2)', 0, "function 'tanh' takes 1 argument (got 2)"],
    ['He11(z1)', 0, 'Hermite degree 11 is above 10'],
    ['2z1', 1, "expected an operator (+ - * / ^) before 'z1' (there is no implicit multiplication"],
    ['2 (z1)', 2, 'expected an operator'],
    ['z1 + )', 5, "found ')'"],
    ['z1)', 2, "unmatched ')'"],
    ['z1 $ 2', 3, "unexpected character '$'"],
    ['tanh z1', 5, "expected '(' after function 'tanh' but found 'z1'"],
    ['z1 * * z2', 5, "found '*'"],
    ['z1,z2', 2, "unexpected ','"],
    ['1e999*z1', 0, "number '1e999' is too large"],
  ])('%j', (src, pos, msg) => {
    const e = expressionError(() => parseTarget(src));
    expect(e.position).toBe(pos);
    expect(e.message).toContain(msg);
    expect(e.message).toContain(`at column ${pos + 1} of '${src}'`);
    expect(e.option).toBe('target');
    expect(e.source).toBe(src);
  });

  it('checks indices against a given k and a maximum', () => {
    const a = expressionError(() => parseTarget('z1 + z3', { k: 2 }));
    expect([a.position, a.message]).toEqual([5, "target: variable 'z3' is above k = 2 (use z1…z2) at column 6 of 'z1 + z3'"]);
    const b = expressionError(() => parseTarget('z7*z1', { maxK: 6, option: 'analyze.target' }));
    expect(b.option).toBe('analyze.target');
    expect(b.message).toContain("variable 'z7' needs k = 7, above the maximum of 6 directions");
    expect(() => parseTarget('z1', { k: 0 })).toThrow(OptionRangeError);
    expect(() => parseTarget('z1', { k: 1.5 })).toThrow(OptionRangeError);
    expect(() => parseTarget('z1', { k: 7, maxK: 6 })).toThrow(OptionRangeError);
    expect(() => parseTarget(42 as unknown as string)).toThrow(OptionTypeError);
    expect(() => parseActivation(undefined as unknown as string)).toThrow(OptionTypeError);
  });

  it('words activation errors for u', () => {
    const e = expressionError(() => parseActivation('relu(z1)'));
    expect(e.message).toBe("activation: unknown variable 'z1' (activations use u) at column 6 of 'relu(z1)'");
    const f = expressionError(() => parseActivation('tanhh', { option: 'act' }));
    expect(f.message).toContain("act: unknown variable 'tanhh'");
  });

  it('rejects absurd nesting with an ExpressionError, not a stack overflow', () => {
    const deep = '('.repeat(5000) + 'z1' + ')'.repeat(5000);
    expect(expressionError(() => parseTarget(deep)).message).toContain('nested more than 200 levels');
    expect(expressionError(() => parseTarget('-'.repeat(5000) + 'z1')).message).toContain('nested more than 200 levels');
    expect(parseTarget('('.repeat(150) + 'z1' + ')'.repeat(150)).k).toBe(1);
  });
});
