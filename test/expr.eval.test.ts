// The WASM column interpreter (assembly/expr.ts evalProgram) against the TypeScript reference
// evaluator, the SIMD build against the scalar build bit for bit, tiny and large len,
// strided variables, and Hermite orthogonality.
import { describe, it, expect, beforeAll } from 'vitest';
import seedrandom from 'seedrandom';
import { createBackend, type Backend } from '../src/wasm/backend.js';
import { compileExpression, evaluate, parseActivation, parseTarget, type Ast } from '../src/expr/index.js';
import { uploadExpression } from '../src/kernels/uploadExpression.js';
import { evalProgram } from '../src/kernels/evalProgram.js';

/** Runs `ast` in WASM at the points of `cols` (nVars columns of len), variable stride `stride`. */
function runWasm(b: Backend, ast: Ast, nVars: number, cols: Float64Array[], stride = cols[0]?.length ?? 0): Float64Array {
  const len = cols.length ? cols[0].length : 0;
  const compiled = compileExpression(ast, nVars);
  const prog = uploadExpression(b, compiled);
  const vars = b.calloc(8 * Math.max(1, nVars * stride));
  const view = b.f64(vars);
  cols.forEach((c, v) => view.set(c, v * stride));
  const out = b.alloc(8 * Math.max(1, len));
  const stack = b.alloc(8 * Math.max(1, compiled.maxStack * len));
  evalProgram(b, prog, vars, stride, len, out, stack);
  const r = b.readF64(out, len);
  for (const id of [stack, out, vars]) b.free(id);
  prog.free();
  return r;
}

function normals(rng: () => number, n: number, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - rng();
    a[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  }
  return a;
}

const bits = (a: Float64Array) => new BigUint64Array(a.buffer, a.byteOffset, a.length);

/** Expressions whose every operation is exact IEEE arithmetic: WASM must equal TS bit for bit. */
const EXACT = [
  'z1 + z1*z2', 'z1 - z2 - z3', 'z1/z2', '2/z1 - z3/3', '-z1^2', 'z1^3 - 3*z1', 'z1^-2', 'z2^0', 'z1^7*z2^2',
  'He3(z2)', 'He10(z1)', 'He0(z1) + He1(z2) + He2(z3)', 'He5(z1)*He4(z2)', 'min(z1, z2)', 'max(z1, -0.25)', 'min(2, z3)',
  'relu(z1)', 'relu(-z1 + z2)', 'sign(z1)', 'step(z2)', 'abs(z1 - z2)', 'sqrt(abs(z1))', 'sqrt(1 + z2^2)',
  '(z1 + z2)*(z1 - z2)/(1 + z3^2)', 'z1*(z2*(z3*(z1 + 1) - 2) + 3)', '((z1 + 1)*(z2 + 2)) - ((z3 + 3)*(z1 - z2))',
  '(z1 - 1)/(z2*z3 + 2)^2 - (z3 + z1)/(z2 - 5)', 'pi*z1 + e', '1.5', 'z2',
  'z1^z2^0 + (z1*z2)^3', 'max(z1*z2, min(z2, z3)) - min(z1 + z2, max(z3, 0))',
];

/** Expressions with transcendental functions: WASM (AssemblyScript Math) vs JS Math, relative 1e-12. */
const TRANSCENDENTAL = [
  'tanh(z1 + He3(z2))', 'tanh(z1) + tanh(z2)', 'exp(z1)', 'exp(-z1^2/2)', 'log(abs(z1) + 1e-3)', 'log(1 + z2^2)',
  'sin(z1)', 'cos(3*z2)', 'sin(z1)*cos(z2) - cos(z1)*sin(z2)', 'erf(z1)', 'erf(2*z2)*z1', 'erf(z1/sqrt(2))',
  'abs(z1)^0.5', '2^z1', 'abs(z2)^z1', 'abs(z1)^1.5 + abs(z2)^-0.3', 'exp(z3)^z1', 'tanh(exp(z1) - log(abs(z2)))',
  'sign(z1*z2*z3)', 'relu(tanh(z1))*exp(-z2^2)', 'erf(z3)^2 + sin(He4(z1))', '1/(1 + exp(-z1))',
  'tanh(1)*z1 + log(2)', 'max(sin(z1), cos(z2))',
];

describe('evalProgram (WASM) against evaluate (TS)', () => {
  let simd: Backend;
  let scalar: Backend;
  const rng = seedrandom('expr-eval-1'); // consumed here only, at collection: the shared columns
  const len = 1037; // crosses the interpreter's 512-point blocks and leaves an odd SIMD tail
  const stride = len + 5;
  const cols = [normals(rng, len, 1.5), normals(rng, len, 1.5), normals(rng, len, 1.5)];
  const point = (i: number) => cols.map((c) => c[i]);

  beforeAll(async () => {
    simd = await createBackend('simd');
    scalar = await createBackend('scalar');
  });

  it.each(EXACT)('%s: identical bits to the TS reference, both builds', (src) => {
    const ast = parseTarget(src).ast;
    const ref = Float64Array.from({ length: len }, (_, i) => evaluate(ast, point(i)));
    const a = runWasm(simd, ast, 3, cols, stride);
    const b = runWasm(scalar, ast, 3, cols, stride);
    expect(bits(a)).toEqual(bits(ref));
    expect(bits(b)).toEqual(bits(ref));
  });

  it.each(TRANSCENDENTAL)('%s: within 1e-12 relative of the TS reference; SIMD = scalar bit for bit', (src) => {
    const ast = parseTarget(src).ast;
    const a = runWasm(simd, ast, 3, cols, stride);
    const b = runWasm(scalar, ast, 3, cols, stride);
    expect(bits(a)).toEqual(bits(b));
    let worst = 0;
    for (let i = 0; i < len; i++) {
      const r = evaluate(ast, point(i));
      expect(Number.isFinite(r)).toBe(true);
      worst = Math.max(worst, Math.abs(a[i] - r) / Math.max(1e-300, Math.abs(r)));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('activations and their derivatives at tiny len (the fused GD kernel evaluates p = 2 points)', () => {
    // Its own stream: the points do not depend on which tests ran before.
    const rng = seedrandom('expr-eval-tiny');
    for (const name of ['relu', 'tanh', 'erf', 'sign', 'abs', 'quadratic', 'linear', 'max(u, 0.1*u)', 'He3']) {
      const p = parseActivation(name);
      for (const ast of [p.ast, p.derivative, p.secondDerivative]) {
        for (const n of [1, 2, 3]) {
          const u = normals(rng, n);
          const a = runWasm(simd, ast, 1, [u]);
          const b = runWasm(scalar, ast, 1, [u]);
          expect(bits(a)).toEqual(bits(b));
          for (let i = 0; i < n; i++) {
            const r = evaluate(ast, [u[i]]);
            expect(Math.abs(a[i] - r)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r)));
          }
        }
      }
    }
  });

  it('defines the kinks and special values as documented', () => {
    const u = Float64Array.from([0, -0, 1, -1, Infinity, -Infinity]);
    const run = (s: string) => Array.from(runWasm(simd, parseActivation(s).ast, 1, [u]));
    expect(run('sign(u)')).toEqual([0, -0, 1, -1, 1, -1]);
    expect(run('step(u)')).toEqual([0, 0, 1, 0, 1, 0]);
    expect(run('relu(u)')).toEqual([0, 0, 1, 0, Infinity, 0]);
    const erf = run('erf(u)');
    expect([erf[0], erf[1], erf[4], erf[5]]).toEqual([0, -0, 1, -1]);
    // erf(1) = 0.84270079294971486934… (A&S table 7.1); within 2 ulp
    expect(Math.abs(erf[2] - 0.8427007929497149)).toBeLessThanOrEqual(2.3e-16);
    expect(erf[3]).toBe(-erf[2]);
    expect(run('u^0')).toEqual([1, 1, 1, 1, 1, 1]);
    // Signed zeros, infinities and NaN: the SIMD lanes and the scalar path agree bit for bit
    const special = Float64Array.from([0, -0, Infinity, -Infinity, NaN, 1e-310, -1e-310, 2, -2]);
    for (const s of ['min(u, -u)', 'max(u, -u)', 'relu(u)', 'step(u)', 'sign(u)', 'abs(u)', 'sqrt(u)', '-u', 'u^3', 'u^-1', 'He4(u)', 'u*0 + 1/u']) {
      const ast = parseActivation(s).ast;
      expect(bits(runWasm(simd, ast, 1, [special]))).toEqual(bits(runWasm(scalar, ast, 1, [special])));
    }
    const nan = runWasm(scalar, parseActivation('sign(u) + step(u) + relu(u) + erf(u)').ast, 1, [Float64Array.from([NaN])]);
    expect(Number.isNaN(nan[0])).toBe(true);
  });

  it('uses the output as stack slot 0 and stays within maxStack·len of scratch', () => {
    const ast = parseTarget('(z1 + z2)*(z1 - z2) + (z1*z2 - 1)*(z2 + exp(z1))').ast;
    const compiled = compileExpression(ast, 2);
    const n = 700;
    const b = scalar;
    const rng = seedrandom('expr-eval-stack');
    const prog = uploadExpression(b, compiled);
    const vars = b.fromF64([...normals(rng, n), ...normals(rng, n)]);
    const out = b.alloc(8 * n);
    const stack = b.alloc(8 * (compiled.maxStack * n + 64));
    const guard = b.f64(stack, compiled.maxStack * n + 64);
    guard.fill(7.25);
    evalProgram(b, prog, vars, n, n, out, stack);
    const after = b.f64(stack, compiled.maxStack * n + 64);
    for (let i = compiled.maxStack * n; i < after.length; i++) expect(after[i]).toBe(7.25);
    const v = b.readF64(vars, 2 * n);
    const o = b.readF64(out, n);
    for (let i = 0; i < n; i++) expect(Math.abs(o[i] - evaluate(ast, [v[i], v[n + i]]))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(o[i])));
    // len 0 writes nothing
    b.f64(out, 1)[0] = 3.5;
    evalProgram(b, prog, vars, n, 0, out, stack);
    expect(b.f64(out, 1)[0]).toBe(3.5);
    for (const id of [stack, out, vars]) b.free(id);
    prog.free();
  });

  it('keeps the stack shallow: deeper operand first, constants and variables fused', () => {
    expect(compileExpression(parseTarget('tanh(z1 + He3(z2))').ast, 2).maxStack).toBe(1);
    expect(compileExpression(parseTarget('z1 + z1*z2').ast, 2).maxStack).toBe(1);
    expect(compileExpression(parseTarget('z1 - (z2 - (z3 - (z1 - z2)))').ast, 3).maxStack).toBe(1);
    expect(compileExpression(parseTarget('(z1 + z2)*(z1 - z2)').ast, 2).maxStack).toBe(2);
    // a left-deep chain with non-leaf right operands needs 2 however long it is
    expect(compileExpression(parseTarget('tanh(z1) + tanh(z2) + tanh(z3) + tanh(z1*z2)').ast, 3).maxStack).toBe(2);
    // constants fold exactly at compile time
    expect(Array.from(compileExpression(parseTarget('2*3 + z1*0').ast, 1).consts).sort()).toEqual([0, 6]);
    expect(() => compileExpression(parseTarget('z3').ast, 2)).toThrow(RangeError);
  });

  it('is deterministic run after run and across fresh instances', async () => {
    const ast = parseTarget('tanh(z1 + He3(z2)) + erf(z3)*sin(z1)').ast;
    const first = runWasm(simd, ast, 3, cols, stride);
    const again = runWasm(simd, ast, 3, cols, stride);
    const fresh = runWasm(await createBackend('simd'), ast, 3, cols, stride);
    expect(bits(again)).toEqual(bits(first));
    expect(bits(fresh)).toEqual(bits(first));
  });

  it('Hermite polynomials are orthogonal: E[He_m He_n] = n! δ_mn under N(0, 1)', () => {
    // Trapezoid rule on [-14, 14] with h = 0.02: spectrally accurate for Gaussian-weighted
    // polynomials (error far below 1e-12 relative).
    const h = 0.02;
    const n = Math.round(28 / h) + 1;
    const x = Float64Array.from({ length: n }, (_, i) => -14 + i * h);
    const w = x.map((t) => (h * Math.exp(-t * t / 2)) / Math.sqrt(2 * Math.PI));
    let fact = 1;
    for (let a = 0; a <= 10; a++) {
      if (a > 0) fact *= a;
      for (let b2 = 0; b2 <= a; b2++) {
        const vals = runWasm(simd, parseTarget(`He${a}(z1)*He${b2}(z1)`).ast, 1, [x]);
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i] * vals[i];
        if (a === b2) expect(Math.abs(s - fact) / fact).toBeLessThan(1e-10);
        else expect(Math.abs(s)).toBeLessThan(1e-9 * Math.sqrt(fact));
      }
    }
  });
});
