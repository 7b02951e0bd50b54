// The expression language at its size limits (src/expr/limits.ts): no stage recurses along
// the input, repeated sub-expressions and derivatives are shared (so their size stays
// proportional to the expression), shared nodes are computed once by the WASM program, and
// what exceeds a documented limit is an ExpressionError that names it. Error messages quote a
// window of the source with the column in code points.
import { beforeAll, describe, expect, it } from 'vitest';
import { OptionRangeError } from '../src/errors.js';
import { expressionError } from './helpers/expressionError.js';
import {
  OP, UNARY_CODE, compileExpression, differentiate, evaluate, foldConstants, formatExpression, parseActivation, parseTarget, type Ast,
} from '../src/expr/index.js';
import { MAX_EXPRESSION_LENGTH, MAX_FORMATTED_LENGTH, MAX_NESTING_DEPTH, MAX_NODES, MAX_PROGRAM_LENGTH } from '../src/expr/limits.js';
import { reduceAst } from '../src/expr/reduceAst.js';
import { evalProgram } from '../src/kernels/evalProgram.js';
import { uploadExpression } from '../src/kernels/uploadExpression.js';
import { OPTION_RANGES } from '../src/options/optionRanges.js';

const MAX_K = OPTION_RANGES.k.max;
import { createBackend, type Backend } from '../src/wasm/backend.js';

/** Distinct nodes of a DAG (shared nodes once). */
function countMemo(a: Ast): number {
  const memo = new Map<Ast, number>();
  reduceAst<number>(a, () => 0, memo);
  return memo.size;
}

/**
 * σ at `xs` by the WASM interpreter. With `scratch` given, the stack buffer has exactly that
 * many doubles followed by a guard that must stay untouched.
 */
function runWasm(b: Backend, ast: Ast, xs: number[], scratch?: number): Float64Array {
  const compiled = compileExpression(ast, 1);
  const prog = uploadExpression(b, compiled);
  const vars = b.fromF64(xs);
  const out = b.alloc(8 * xs.length);
  const doubles = scratch ?? compiled.maxStack * xs.length;
  const stack = b.alloc(8 * (doubles + 64));
  b.f64(stack, doubles + 64).fill(7.25, doubles);
  evalProgram(b, prog, vars, xs.length, xs.length, out, stack);
  const r = b.readF64(out, xs.length);
  expect(Array.from(b.f64(stack, doubles + 64).subarray(doubles))).toEqual(Array(64).fill(7.25));
  for (const id of [stack, out, vars]) b.free(id);
  prog.free();
  return r;
}

let backend: Backend;
beforeAll(async () => {
  backend = await createBackend('scalar');
});

describe('long expressions: no recursion along the input', () => {
  const SUM = Array(4000).fill('z1').join('+');

  it('a flat sum of 4 000 terms parses, folds, differentiates, formats, evaluates and compiles', () => {
    const t = parseTarget(SUM);
    expect(t.k).toBe(1);
    expect(evaluate(t.ast, [0.5])).toBe(2000);
    expect(foldConstants(t.ast).type).toBe('binary');
    expect(formatExpression(t.ast)).toBe(Array(4000).fill('z1').join(' + '));
    expect(evaluate(differentiate(t.ast, 0), [0.5])).toBe(4000);
    const c = compileExpression(t.ast, 1);
    expect(c.maxStack).toBe(1);
    // VAR z1, then 3 999 fused "top + z1" instructions of 3 words.
    expect(c.code.length).toBe(2 + 3 * 3999);
    const a = parseActivation(SUM.replaceAll('z1', 'u'));
    expect(formatExpression(a.derivative)).toBe('4000');
    expect(Array.from(runWasm(backend, a.ast, [0.5, -2]))).toEqual([2000, -8000]);
  });

  it('accepts 33 333 terms in exactly MAX_EXPRESSION_LENGTH characters', () => {
    const src = `${Array(33_333).fill('z2').join('+')}  `;
    expect(src.length).toBe(MAX_EXPRESSION_LENGTH);
    const t = parseTarget(src);
    expect(evaluate(t.ast, [0, 1])).toBe(33_333);
    expect(compileExpression(t.ast, 2).code.length).toBe(2 + 3 * 33_332);
  });

  it('names MAX_EXPRESSION_LENGTH above it, quoting a window, not the input', () => {
    const e = expressionError(() => parseTarget(`${'z1+'.repeat(40_000)}z1`));
    expect(e.message).toContain(`above the limit of ${MAX_EXPRESSION_LENGTH} (MAX_EXPRESSION_LENGTH)`);
    expect(e.message.length).toBeLessThan(300);
  });

  it('names MAX_NESTING_DEPTH for 10 000 parentheses, signs or powers', () => {
    for (const src of ['('.repeat(10_000) + 'z1' + ')'.repeat(10_000), '-'.repeat(10_000) + 'z1', Array(10_000).fill('z1').join('^'), 'tanh('.repeat(10_000) + 'z1' + ')'.repeat(10_000)]) {
      const e = expressionError(() => parseTarget(src));
      expect(e.message).toContain(`nested more than ${MAX_NESTING_DEPTH} levels deep (MAX_NESTING_DEPTH)`);
      expect(e.message.length).toBeLessThan(300);
    }
    expect(parseTarget('tanh('.repeat(MAX_NESTING_DEPTH - 1) + 'z1' + ')'.repeat(MAX_NESTING_DEPTH - 1)).k).toBe(1);
  });
});

describe('shared sub-expressions: cost proportional to the expression', () => {
  it('1 400 sin(u) factors: σ′ and σ″ have a few nodes per factor and compute sin(u) once', () => {
    const a = parseActivation(Array(1400).fill('sin(u)').join('*'));
    const n = countMemo(foldConstants(a.ast));
    // Without sharing σ′ alone would have 1 400² ≈ 2·10⁶ terms; with it, a bounded number per factor.
    expect(countMemo(a.derivative)).toBeLessThan(10 * 1400);
    expect(countMemo(a.secondDerivative)).toBeLessThan(30 * 1400);
    expect(n).toBe(2 + 1399); // u, sin(u) and the 1 399 partial products
    const c = compileExpression(a.ast, 1);
    // UN sin appears once: the shared column is read by the 1 399 products.
    // VAR u; UN sin; STORE s; then 1 399 fused "top * column s" of 3 words.
    expect(Array.from(c.code.slice(0, 6))).toEqual([OP.VAR, 0, OP.UN, UNARY_CODE.sin, OP.STORE, c.maxStack - 1]);
    expect(c.code.length).toBe(6 + 3 * 1399);
    expect(compileExpression(a.secondDerivative, 1).code.length).toBeLessThan(60 * 1400);
  });

  it('shared programs give the bits of the evaluation of the same formula without sharing', () => {
    // sin(u)^k by repeated multiplication (POWI) and sin(u)·sin(u)·… (a shared column) are the
    // same IEEE products in the same order: (((s·s)·s)·s).
    const xs = [-2.5, -1, -0.3, 0, 0.7, 1.9, 3.1];
    for (const k of [2, 3, 5, 9]) {
      const shared = runWasm(backend, parseActivation(Array(k).fill('sin(u)').join('*')).ast, xs);
      const powi = runWasm(backend, parseActivation(`sin(u)^${k}`).ast, xs);
      expect(Array.from(shared)).toEqual(Array.from(powi));
    }
  });

  it('shared columns: the bits of the unshared program, in both builds, within (maxStack − 1)·512 doubles of scratch', async () => {
    // Each template has a sub-expression S used several times; "unshared" writes its k-th use with
    // u replaced by an exact identity of u (u + 0, u − 0, u·1, u/1, …: the same double for every
    // u ≠ −0), which differ in structure and so are not shared. Same operations on the same
    // values, so the bits must be equal; 1 300 points make three blocks of 512.
    const templates: [string, string][] = [
      ['S*S + sin(S) - S^S', 'tanh(u)'],
      ['max(S, 0.5)*exp(S) + S/(1 + S*S)', 'sin(u)*cos(u)'],
      ['He3(S) + He2(S)*S - min(S, S*S)', 'erf(u/2) + log(1 + u*u)'],
    ];
    const pads = ['u', 'u + 0', 'u - 0', 'u*1', 'u/1', '(u + 0)*1', '(u - 0)*1', '(u*1)/1', '(u + 0)/1', '(u - 0)/1'];
    const n = 1300;
    const xs = Array.from({ length: n }, (_, i) => -3.1 + (6.3 * i) / n);
    const simd = await createBackend('simd');
    for (const [template, sub] of templates) {
      let k = 0;
      const shared = parseActivation(template.replaceAll('S', `(${sub})`));
      const unshared = parseActivation(template.replace(/S/g, () => `(${sub.replaceAll('u', `(${pads[k++]})`)})`));
      const compiled = compileExpression(shared.ast, 1);
      expect(Array.from(compiled.code)).toContain(OP.STORE);
      for (const b of [backend, simd]) {
        const a = runWasm(b, shared.ast, xs, (compiled.maxStack - 1) * 512);
        expect(Array.from(a)).toEqual(Array.from(runWasm(b, unshared.ast, xs)));
      }
      expect(Array.from(runWasm(simd, shared.ast, xs))).toEqual(Array.from(runWasm(backend, shared.ast, xs)));
    }
  });

  it('names MAX_NODES when σ, σ′ and σ″ together would exceed it', () => {
    const e = expressionError(() => parseActivation(Array(40_000).fill('u').join('/'), { option: 'activation' }));
    expect(e.message).toBe(`activation: expression and its derivatives would have more than ${MAX_NODES} distinct nodes (MAX_NODES)`);
    expect(e.position).toBe(-1);
  });

  it('names MAX_PROGRAM_LENGTH and MAX_FORMATTED_LENGTH for a DAG whose tree is exponential', () => {
    // Compiled deepest first: the doubling chain d (seed cos u) is emitted first, then the 40
    // values h_i, kept in columns for their second use in r (32 columns: all there are); the
    // chain x (seed tanh u), x_{j+1} = (x_j + j)·(x_j − j), must then be recomputed at each use
    // of x_j: 2^30 instructions.
    const u: Ast = { type: 'var', index: 0, name: 'u' };
    const num = (value: number): Ast => ({ type: 'num', value });
    const bin = (op: '+' | '-' | '*', left: Ast, right: Ast): Ast => ({ type: 'binary', op, left, right });
    const chain = (seed: Ast): Ast => {
      let x = seed;
      for (let j = 1; j <= 30; j++) x = bin('*', bin('+', x, num(j)), bin('-', x, num(j)));
      return x;
    };
    const held = Array.from({ length: 40 }, (_, i): Ast => ({ type: 'call', fn: 'sin', args: [bin('+', u, num(i + 1))] }));
    const h = held.reduce((s, x) => bin('+', s, x));
    const r = [...held].reverse().reduce((s, x) => bin('*', s, x));
    const d = chain({ type: 'call', fn: 'cos', args: [u] });
    const x = chain({ type: 'call', fn: 'tanh', args: [u] });
    const ast = bin('+', bin('+', bin('+', h, d), x), r);
    const e = expressionError(() => compileExpression(ast, 1, 'activation'));
    expect(e.message).toBe(`activation: compiled program would be longer than ${MAX_PROGRAM_LENGTH} words (MAX_PROGRAM_LENGTH)`);
    expect(expressionError(() => formatExpression(x)).message).toContain('(MAX_FORMATTED_LENGTH)');
    expect(MAX_FORMATTED_LENGTH).toBeGreaterThan(0);
    expect(evaluate(x, [0.1])).toBeTypeOf('number');
  });
});

describe('error messages: a window, code points, typed limits', () => {
  it('quotes at most 40 characters on each side of the error in a 100 000-character input', () => {
    const src = `${'z1+'.repeat(20_000)}$${'+z1'.repeat(13_000)}`;
    const e = expressionError(() => parseTarget(src));
    expect(e.position).toBe(60_000);
    expect(e.message).toBe(`target: unexpected character '$' at column 60001 of '…${src.slice(60_000 - 40, 60_000 + 41)}…'`);
    expect(e.source).toBe(src);
  });

  it('shows a non-BMP character whole and counts columns in code points', () => {
    const e = expressionError(() => parseTarget('z1 + \u{1d4cd} + z2'));
    expect(e.message).toBe("target: unexpected character '\u{1d4cd}' at column 6 of 'z1 + \u{1d4cd} + z2'");
    const f = expressionError(() => parseActivation('\u00b7\u00b7 u'));
    expect(f.column).toBe(1);
    const g = expressionError(() => parseTarget('z1\u00b7z2 + \u{1f600}'));
    expect([g.position, g.column]).toEqual([8, 9]);
    expect(g.message).toContain("'\u{1f600}'");
    // A window never cuts a surrogate pair in two.
    const long = `${'\u{1f600}'.repeat(30)}z1 + ${'\u{1f600}'.repeat(30)}`;
    const h = expressionError(() => parseTarget(`z1 + ${long.repeat(2)}`));
    // With the u flag a pair is one code point: only a lone half matches the class.
    expect(/[\ud800-\udfff]/u.test(h.message)).toBe(false);
  });

  it(`z99999999999999999999 is an ExpressionError naming the range of k (${MAX_K})`, () => {
    const e = expressionError(() => parseTarget('z99999999999999999999'));
    expect(e.message).toBe(`target: variable 'z99999999999999999999' needs k = 99999999999999999999, above the limit of ${MAX_K} directions (the range of k) at column 1 of 'z99999999999999999999'`);
    expect(parseTarget(`z${MAX_K}`).k).toBe(MAX_K);
    expect(expressionError(() => parseTarget(`z${MAX_K + 1}`)).message).toContain('(the range of k)');
    expect(() => parseTarget('z1', { k: MAX_K + 1 })).toThrow(OptionRangeError);
  });

  it('clips a 100 000-digit name in the message', () => {
    const e = expressionError(() => parseTarget(`x${'1'.repeat(90_000)}`));
    expect(e.message.length).toBeLessThan(300);
  });
});
