// analyze(): targets written in more variables than they depend on (docs/model.md §7,
// "irrelevant directions"). The relevant subspace is found first; directions outside it enter
// no exponent, leap, level, symmetric list, student verdict or sample complexity.
// Bands: the relevant subspace is the range of the Hermite gradient Gram R, whose numerical
// error (fine minus coarse rule) is at most 5e-5 in √λ on these targets against a gap of ≥ 0.29
// in √λ (λ ≥ 0.085), so each basis vector is off by an angle ≤ ‖ΔR‖/λ ≲ 1e-3 at worst and the
// product rule's permutation and sign symmetries make it exact for all but the rotated target:
// |⟨v, expected⟩| > 1 − 1e-6 (an angle below 1.4e-3) and components along irrelevant vectors
// below 1e-3. The numerical targets are deterministic (quadrature), so no seed enters.
import { describe, expect, it } from 'vitest';
import { analyze, formatAnalysis, type Analysis } from '../src/analyze/index.js';

const S = Math.SQRT1_2;
const T = 1 / Math.sqrt(3);
const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0);
/** Squared norm of the projection of v on span(basis) (orthonormal). */
const inSpan = (basis: number[][], v: number[]) => basis.reduce((s, b) => s + dot(b, v) ** 2, 0);

/** No verdict of the analysis mentions a direction with a component outside the relevant subspace. */
function onlyRelevant(a: Analysis) {
  const vectors = [
    ...a.singlePass.steps.flatMap((s) => s.vectors), ...a.singlePass.unreached,
    ...a.multiPass.levels.flat(), ...a.multiPass.hard.map((h) => h.direction),
    ...(a.singlePass.student?.directions.map((d) => d.direction) ?? []),
  ];
  for (const v of vectors) for (const w of a.irrelevant) expect(Math.abs(dot(v, w))).toBeLessThan(1e-3);
  // Every decision is consistent with its threshold (as in test/analyze.test.ts).
  for (const d of a.decisions) expect(d.nonZero).toBe(Math.abs(d.value) > d.tolerance);
  // The relevant and irrelevant vectors together are an orthonormal basis of R^k.
  const all = [...a.relevant, ...a.irrelevant];
  expect(all).toHaveLength(a.k);
  all.forEach((u, i) => all.forEach((v, j) => expect(Math.abs(dot(u, v) - (i === j ? 1 : 0))).toBeLessThan(1e-9)));
}

describe('analyze: irrelevant directions are found and kept out of every verdict', () => {
  it('tanh(z1 + z2): single-index along (z1 + z2)/√2, n ~ d, no symmetric direction', async () => {
    const a = await analyze('tanh(z1 + z2)');
    expect(a.relevant).toHaveLength(1);
    expect(Math.abs(dot(a.relevant[0], [S, S]))).toBeGreaterThan(1 - 1e-6);
    expect(Math.abs(dot(a.irrelevant[0], [S, -S]))).toBeGreaterThan(1 - 1e-6);
    expect(a.singlePass.sampleComplexity).toBe('n ~ d');
    expect(a.singlePass.leapExponent).toBe(1);
    expect(a.singlePass.unreached).toEqual([]);
    expect(a.multiPass.levels).toHaveLength(1);
    expect(a.multiPass.hard).toEqual([]);
    expect(a.singlePass.student!.directions.map((d) => d.learnt)).toEqual([true]);
    expect(formatAnalysis(a)).toMatch(/irrelevant \(f\* does not depend on them; no verdict counts them\): \(z1 − z2\)\/√2/);
    onlyRelevant(a);
  });

  it('relu(z1 − z2) with k = 3: relevant (z1 − z2)/√2; (z1 + z2)/√2 and z3 irrelevant', async () => {
    const a = await analyze('relu(z1 - z2)', { k: 3 });
    expect(a.k).toBe(3);
    expect(a.relevant).toHaveLength(1);
    expect(Math.abs(dot(a.relevant[0], [S, -S, 0]))).toBeGreaterThan(1 - 1e-6);
    expect(a.irrelevant).toHaveLength(2);
    expect(inSpan(a.irrelevant, [0, 0, 1])).toBeGreaterThan(1 - 1e-6);
    expect(inSpan(a.irrelevant, [S, S, 0])).toBeGreaterThan(1 - 1e-6);
    expect(a.singlePass.sampleComplexity).toBe('n ~ d');
    expect(a.multiPass.hard).toEqual([]);
    onlyRelevant(a);
  });

  it('sign(z1 + z2 + z3): single-index along (1,1,1)/√3; a jump, so no derivative is used', async () => {
    const a = await analyze('sign(z1 + z2 + z3)');
    expect(a.relevant).toHaveLength(1);
    expect(Math.abs(dot(a.relevant[0], [T, T, T]))).toBeGreaterThan(1 - 1e-6);
    expect(a.irrelevant).toHaveLength(2);
    expect(a.singlePass.sampleComplexity).toBe('n ~ d');
    expect(a.singlePass.informationExponent).toBe(1);
    expect(a.multiPass.levels.flat()).toHaveLength(1);
    expect(a.multiPass.hard).toEqual([]);
    onlyRelevant(a);
  });

  it('exp((z1 − z2)/2): the exponential of a linear form is single-index', async () => {
    const a = await analyze('exp((z1 - z2)/2)');
    expect(a.relevant).toHaveLength(1);
    expect(Math.abs(dot(a.relevant[0], [S, -S]))).toBeGreaterThan(1 - 1e-6);
    expect(a.singlePass.sampleComplexity).toBe('n ~ d');
    expect(a.multiPass.hard).toEqual([]);
    onlyRelevant(a);
  });

  it('a rotation, tanh(0.6·z1 + 0.8·z2) + tanh(z3): the paper-3 target in rotated variables', async () => {
    const a = await analyze('tanh(0.6*z1 + 0.8*z2) + tanh(z3)');
    const v = [0.6, 0.8, 0];
    expect(a.relevant).toHaveLength(2);
    expect(inSpan(a.relevant, v)).toBeGreaterThan(1 - 1e-6);
    expect(inSpan(a.relevant, [0, 0, 1])).toBeGreaterThan(1 - 1e-6);
    expect(a.irrelevant).toHaveLength(1);
    expect(Math.abs(dot(a.irrelevant[0], [0.8, -0.6, 0]))).toBeGreaterThan(1 - 1e-6);
    // Inside it, exactly the verdicts of tanh(z1) + tanh(z2) (test/analyze.test.ts).
    const plus = [0.6 * S, 0.8 * S, S];
    const minus = [0.6 * S, 0.8 * S, -S];
    expect(a.singlePass.steps.map((s) => s.leap)).toEqual([1, 2]);
    expect(a.singlePass.sampleComplexity).toBe('n ~ d log d');
    expect(a.multiPass.levels).toHaveLength(1);
    expect(Math.abs(dot(a.multiPass.levels[0][0], plus))).toBeGreaterThan(1 - 1e-6);
    expect(a.multiPass.hard).toHaveLength(1);
    expect(Math.abs(dot(a.multiPass.hard[0].direction, minus))).toBeGreaterThan(1 - 1e-6);
    expect(a.multiPass.hard[0].order).toBe(2);
    onlyRelevant(a);
  }, 60_000);

  it('a direction reached only above the degree is not declared irrelevant: E[(f(z) − f(Pz))²] catches it', async () => {
    // He3(z1) + He8(z2) at degree 6: R sees z1 only; f(z) − f(P z) = He8(z2) − He8(0) ≠ 0.
    const a = await analyze('He3(z1) + He8(z2)');
    expect(a.irrelevant).toEqual([]);
    const check = a.decisions.find((d) => d.kind === 'relevant' && /f\*\(Pz\)/.test(d.what))!;
    expect(check.nonZero).toBe(true);
    // z2 is relevant and unreached up to degree 6: single-pass "never (no leap)" is then right.
    expect(a.singlePass.sampleComplexity).toBe('never (no leap)');
  });
});
