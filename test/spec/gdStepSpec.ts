// One specification of the GD step (docs/model.md §1), run against every implementation: the
// WASM kernels (SIMD and scalar builds, f32 and f64 storage) and the pure-TS reference.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { parseActivation } from '../../src/expr/index.js';
import type { StepInput, StepOutput } from '../reference/referenceGdStep.js';

export interface StepImplementation {
  name: string;
  /** Relative accuracy the implementation promises (f32 storage rounds inputs to f32). */
  tolerance: number;
  run(input: StepInput): Promise<StepOutput>;
}

export function randomInput(seed: string, d: number, n: number, p: number, activation: string): StepInput {
  const rng = seedrandom(seed);
  const gauss = () => {
    const u = 1 - rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  };
  const act = parseActivation(activation);
  return {
    X: Array.from({ length: n }, () => Array.from({ length: d }, gauss)),
    y: Array.from({ length: n }, gauss),
    W: Array.from({ length: p }, () => Array.from({ length: d }, gauss)),
    a: Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -1) / Math.sqrt(p)),
    act: act.ast,
    dact: act.derivative,
  };
}

const shifted = (input: StepInput, V: number[][], eps: number): StepInput => ({
  ...input,
  W: input.W.map((w, j) => Array.from(w, (v, i) => v + eps * V[j][i])),
});

export function gdStepSpec(impl: StepImplementation): void {
  describe(`GD step specification: ${impl.name}`, () => {
    it('G/√d is the gradient of the summed loss ½Σ(y − ŷ)² (central differences, smooth σ)', async () => {
      for (const activation of ['tanh', 'erf(u) + 0.1*u^2']) {
        const input = randomInput(`fd-${activation}`, 37, 25, 3, activation);
        const n = input.X.length;
        const d = input.W[0].length;
        const rng = seedrandom('direction');
        const V = input.W.map((w) => Array.from(w, () => rng() - 0.5));
        const { G } = await impl.run(input);
        let analytic = 0;
        for (let j = 0; j < V.length; j++) for (let i = 0; i < d; i++) analytic += (V[j][i] * G[j][i]) / Math.sqrt(d);
        // f32 storage rounds W + εV: a larger ε keeps the rounding below the tolerance.
        const eps = impl.tolerance > 1e-9 ? 1e-2 : 1e-5;
        const plus = (await impl.run(shifted(input, V, eps))).loss * n;
        const minus = (await impl.run(shifted(input, V, -eps))).loss * n;
        const numeric = (plus - minus) / (2 * eps);
        // Central differences: error O(ε²·L''') ≈ 1e-4 relative at ε = 1e-2.
        expect(Math.abs(numeric - analytic)).toBeLessThan(Math.max(2e-3, impl.tolerance * 1e3) * Math.abs(analytic) + 1e-9);
      }
    });

    it('a small step along −G/√d lowers the loss', async () => {
      const input = randomInput('descent', 41, 30, 2, 'relu');
      const d = input.W[0].length;
      const { G, loss } = await impl.run(input);
      const lr = 1e-3;
      const next = { ...input, W: input.W.map((w, j) => Array.from(w, (v, i) => v - (lr * G[j][i]) / Math.sqrt(d))) };
      expect((await impl.run(next)).loss).toBeLessThan(loss);
    });

    it('the order of the samples does not matter (to rounding)', async () => {
      const input = randomInput('order', 29, 40, 2, 'tanh');
      const perm = input.X.map((_, i) => input.X.length - 1 - i);
      const rev = { ...input, X: perm.map((i) => input.X[i]), y: perm.map((i) => input.y[i]) };
      const a = await impl.run(input);
      const b = await impl.run(rev);
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(10 * impl.tolerance * a.loss + 1e-15);
      const ga = a.G.flat();
      const gb = b.G.flat();
      const scale = ga.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      const diff = ga.reduce((m, g, i) => Math.max(m, Math.abs(g - gb[i])), 0);
      expect(diff).toBeLessThan(10 * impl.tolerance * scale + 1e-12);
    });

    it('zero second layer gives zero gradient and loss ½·mean y²', async () => {
      const input = { ...randomInput('zero-a', 19, 10, 2, 'relu'), a: [0, 0] };
      const { G, loss } = await impl.run(input);
      expect(G.flat().every((g) => g === 0)).toBe(true);
      const expected = (0.5 * Array.from(input.y).reduce((s, v) => s + v * v, 0)) / input.y.length;
      expect(Math.abs(loss - expected)).toBeLessThan(1e-12 * expected);
    });
  });
}
