// Symbolic derivatives (src/expr/differentiate.ts) against central finite differences, the
// clean forms the simplifier must give, and the WASM evaluation of derivative programs.
import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import { createBackend } from '../src/wasm/backend.js';
import {
  compileExpression, differentiate, evaluate, formatExpression, parseActivation, parseTarget, type Ast,
} from '../src/expr/index.js';
import { uploadExpression } from '../src/kernels/uploadExpression.js';
import { evalProgram } from '../src/kernels/evalProgram.js';

/**
 * Central difference (f(x+h) − f(x−h))/2h with h = 1e-5·max(1, |x|): truncation ~h²·f‴/6 and
 * rounding ~ε·|f|/h, both below 1e-8 relative for the smooth functions here; we allow
 * 1e-6·(1 + |f′|) + 1e-6·(1 + |f|) to cover the rounding term.
 */
function centralDifference(ast: Ast, x: number[], v: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x[v]));
  const xp = x.slice();
  const xm = x.slice();
  xp[v] += h;
  xm[v] -= h;
  return (evaluate(ast, xp) - evaluate(ast, xm)) / (xp[v] - xm[v]);
}

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Activations with the kinks to stay away from (|u − kink| > 0.01). */
const ACTIVATIONS: [string, number[]][] = [
  ['relu', [0]], ['tanh', []], ['erf', []], ['sign', [0]], ['abs', [0]], ['quadratic', []], ['linear', []],
  ['u^3/3 - max(u, -1)', [-1]], ['min(u, 0.5) + 2*max(u, -0.5)', [0.5, -0.5]], ['sqrt(1 + u^2)', []], ['exp(-u^2/2)', []],
  ['log(1 + exp(u))', []], ['1/(1 + exp(-u))', []], ['sin(u)*cos(2*u)', []], ['He3', []], ['He5(u)/10', []],
  ['abs(u)^1.5', [0]], ['u^-2', [0]], ['2^u', []], ['tanh(u)^3', []], ['erf(u/sqrt(2))', []], ['relu(u)^2', [0]],
  ['exp(sin(u))^u', []], ['-u^4 + 3*u', []], ['u/(1 + abs(u))', [0]], ['max(u, 0.1*u)', [0]],
];

// Each case draws its points from its own seeded stream, so that it sees the same points whether
// it runs alone or after the others.
describe('differentiate: activations against finite differences', () => {
  it.each(ACTIVATIONS)('%s: σ′ and σ″', (src, kinks) => {
    const rng = seedrandom(`expr-diff-1:${src}`);
    const p = parseActivation(src);
    let checked = 0;
    for (let t = 0; t < 60; t++) {
      const u = 1.5 * gaussian(rng);
      if (kinks.some((k) => Math.abs(u - k) < 0.01)) continue;
      checked++;
      for (const [f, df] of [[p.ast, p.derivative], [p.derivative, p.secondDerivative]] as const) {
        const exact = evaluate(df, [u]);
        const fd = centralDifference(f, [u], 0);
        expect(Math.abs(exact - fd)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(exact)) + 1e-6 * (1 + Math.abs(evaluate(f, [u]))));
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('differentiate: targets, each variable', () => {
  it.each([
    'paper-1', 'paper-2', 'paper-3', 'z1*z2*z3', 'tanh(z1 + z2^2 - z3)', 'He4(z1)*He2(z2) + He3(z3)', 'exp(z1)/(1 + z2^2)',
    'z1^z2', 'erf(z1*z2)', 'log(1 + z3^2)*cos(z1)', 'max(z1, z2) - min(z2, z3)', 'sqrt(1 + z1^2 + z2^2)',
  ])('%s', (src) => {
    const rng = seedrandom(`expr-diff-2:${src}`);
    const t = parseTarget(src);
    const grads = Array.from({ length: t.k }, (_, v) => differentiate(t.ast, v));
    for (let trial = 0; trial < 40; trial++) {
      const z = Array.from({ length: t.k }, () => gaussian(rng));
      if (src === 'z1^z2') z[0] = 0.2 + Math.abs(z[0]); // real powers need a positive base
      if (src.startsWith('max') && (Math.abs(z[0] - z[1]) < 0.01 || Math.abs(z[1] - z[2]) < 0.01)) continue;
      for (let v = 0; v < t.k; v++) {
        const exact = evaluate(grads[v], z);
        const fd = centralDifference(t.ast, z, v);
        expect(Math.abs(exact - fd)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(exact)) + 1e-6 * (1 + Math.abs(evaluate(t.ast, z))));
      }
    }
  });

  it('is zero for a variable that does not occur', () => {
    expect(differentiate(parseTarget('tanh(z1)').ast, 1)).toEqual({ type: 'num', value: 0 });
  });
});

describe('differentiate: clean symbolic forms', () => {
  const d1 = (s: string) => formatExpression(parseActivation(s).derivative);
  const d2 = (s: string) => formatExpression(parseActivation(s).secondDerivative);
  it('gives the textbook derivatives', () => {
    expect([d1('relu'), d2('relu')]).toEqual(['step(u)', '0']);
    expect([d1('sign'), d2('sign')]).toEqual(['0', '0']);
    expect([d1('abs'), d2('abs')]).toEqual(['sign(u)', '0']);
    expect([d1('quadratic'), d2('quadratic')]).toEqual(['2*u', '2']);
    expect([d1('linear'), d2('linear')]).toEqual(['1', '0']);
    expect(d1('tanh')).toBe('1 - tanh(u)^2');
    expect(d1('erf')).toBe('1.1283791670955126*exp(-u^2)');
    expect(d1('He3')).toBe('3*He2(u)');
    expect(d1('He1')).toBe('1');
    expect(d1('exp')).toBe('exp(u)');
    expect(d1('max(u, 0)')).toBe('step(u)');
    expect(d1('u^3')).toBe('3*u^2');
    expect(d1('-u')).toBe('-1');
  });

  it('relu′ is a clean step: 1 for u > 0, 0 for u ≤ 0, in WASM too', async () => {
    const b = await createBackend('scalar');
    const p = parseActivation('relu');
    const c = compileExpression(p.derivative, 1);
    expect(c.maxStack).toBe(1);
    expect(Array.from(c.code).length).toBe(4); // VAR u; UN step
    const prog = uploadExpression(b, c);
    const u = b.fromF64([-2, -1e-300, 0, -0, 1e-300, 3]);
    const out = b.alloc(48);
    const stack = b.alloc(48);
    evalProgram(b, prog, u, 6, 6, out, stack);
    expect(Array.from(b.readF64(out, 6))).toEqual([0, 0, 0, 0, 1, 1]);
  });
});

describe('constants of the derivatives', () => {
  it("erf′(0) = 2/√π to the last bit", async () => {
    const { parseActivation, evaluate } = await import('../src/expr/index.js');
    expect(evaluate(parseActivation('erf').derivative, [0])).toBe(2 / Math.sqrt(Math.PI));
  });
});
