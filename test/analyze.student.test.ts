// The student-level single-pass prediction (docs/model.md §7, last paragraphs): for the paper's
// targets (§5, α = 3, η = 0.2, 6 steps, p = 2, M⁰ = 0) it must agree with the single-pass
// state evolution that reproduce prints beside the simulations, for the ReLU and the tanh
// student. The agreement is checked against theory({ method: 'single-pass' }) run separately,
// on the direction u₁⊥ that the table uses.
// Band: "moves" ⇔ max over steps and neurons of |M_j·u₁⊥| > 1e-3. The recursion's own error
// estimate at these settings is below 6e-4 per entry of M (fine minus coarse rule, both
// activations), and the movement the paper reports for the tanh student on tanh(z1 + He3(z2))
// is about 1e-2 (docs/model.md §7); a direction kept at 0 by the selection rule sits at the
// rounding level (< 1e-8 for every target here), so 1e-3 separates the two by > 5 decades on
// the "stays" side and 10× on the "moves" side. No seed enters (quadrature throughout).
import { describe, expect, it } from 'vitest';
import { analyze, predictDirection } from '../src/analyze/index.js';
import { formatTable } from '../src/node/reproduce.js';
import type { ReproduceResult } from '../src/reproduce/reproducePaper.js';
import { PAPER_TARGETS } from '../src/reproduce/paperTargets.js';
import { theory } from '../src/theory/theory.js';

const MOVES = 1e-3;

/** Per paper target: does the student move along u₁⊥ in single pass? */
const EXPECTED: Record<string, Record<string, boolean>> = {
  // ReLU: σ′ = ½ + odd. z1 + z1z2: h(s) = E[f* z2 | z1 = s] = s is odd → moves; tanh(z1 + He3(z2))
  // is odd → h even → drift 0; tanh z1 + tanh z2: h ≡ 0 by the z1 ↔ z2 symmetry.
  relu: { 'z1 + z1*z2': true, 'tanh(z1 + He3(z2))': false, 'tanh(z1) + tanh(z2)': false },
  // tanh: σ′ even. h odd (z1 + z1z2) → drift 0; h even (tanh(z1 + He3(z2))) → moves; h ≡ 0.
  tanh: { 'z1 + z1*z2': false, 'tanh(z1 + He3(z2))': true, 'tanh(z1) + tanh(z2)': false },
};

describe('analyze: single-pass verdict of the student agrees with the state evolution', () => {
  for (const activation of ['relu', 'tanh'] as const) {
    for (const target of PAPER_TARGETS) {
      const moves = EXPECTED[activation][target];
      it(`${activation} student, ${target}: u₁⊥ ${moves ? 'moves' : 'stays at 0'}`, async () => {
        const [a, se] = await Promise.all([analyze(target, { activation }), theory({ method: 'single-pass', target, activation })]);
        const basis = se.orthogonalBasis![0];
        const reached = Math.max(...se.orthogonalOverlap.mean.flat(2).map(Math.abs));
        expect(reached > MOVES).toBe(moves);
        const st = a.singlePass.student!;
        expect(st.activation).toBe(`${activation}(u)`);
        expect(predictDirection(a, basis).singlePass).toBe(`${activation}(u): ${moves ? 'moves in O(1) steps' : 'stays at 0'}`);
        // u₁ is always learnt, and listed first.
        expect(st.directions[0].learnt).toBe(true);
        expect(Math.abs(st.directions[0].direction.reduce((s, x, i) => s + x * se.direction![i], 0))).toBeGreaterThan(1 - 1e-6);
        // Every verdict is a recorded decision.
        const learnt = a.decisions.filter((d) => d.kind === 'learnt');
        expect(learnt.map((d) => d.nonZero)).toEqual(st.directions.map((d) => d.learnt));
        for (const d of learnt) expect(d.nonZero).toBe(d.value > d.tolerance);
      }, 60_000);
    }
  }

  it('tanh(z1 + He3(z2)): ReLU stays by the selection rule; tanh reaches about 1e-2 at step 6', async () => {
    const relu = await analyze('paper-2');
    const still = relu.singlePass.student!.directions.find((d) => !d.learnt)!;
    expect(still.reason).toMatch(/Hermite selection rule: h\(s\) = .* is even and σ′ − E σ′ is odd/);
    const tanh = await analyze('paper-2', { activation: 'tanh' });
    const value = tanh.decisions.filter((d) => d.kind === 'learnt')[1].value;
    expect(value).toBeGreaterThan(5e-3);
    expect(value).toBeLessThan(2e-2);
  }, 60_000);

  it("reproduce's table: the single-pass column prints the student verdict, multi-pass the level", async () => {
    const a = await analyze('paper-2');
    const target = 'tanh(z1 + He3(z2))';
    const row = (schedule: 'multi-pass' | 'single-pass') => ({ target, schedule, neuron: 0, simulation: 0, se: 1, theory: 0, theorySe: null });
    const r = {
      config: { d: 2000, alpha: 3, p: 2, lr: 0.2, steps: 6, seeds: 32, samples: 1e6, seed: 0, activation: 'relu', engines: { 'multi-pass': 'explicit', 'single-pass': 'reduced' } },
      targets: [{ target, dmft: { orthogonalBasis: [[0.6406486230641085, 0.7678341889796664]] } }],
      table: [row('multi-pass'), row('single-pass')],
    } as unknown as ReproduceResult;
    const lines = formatTable(r, new Map([[target, a]])).split('\n');
    expect(lines[2]).toMatch(/multi-pass .*in U₁: O\(1\) steps$/);
    expect(lines[3]).toMatch(/single-pass .*relu\(u\): stays at 0$/);
  }, 60_000);
});
