// Accuracy of the single-pass theory (docs/model.md §6) with its default rule on the headline
// experiment (docs/model.md §5: ReLU student, p = k = 2, α = 3, η = 0.2, steps 0…6): the curve's
// own error must be far below the ~1e-3 simulation error bars of M at d = 5000, 32 seeds.
// Reference: the same recursion with a much finer rule (mz = 200 nodes per z axis, mu = 16
// kink-rule nodes per ξ_u axis, ~5 M points); the kink rule itself is checked against closed
// forms in test/gaussian.kinks.test.ts. Measured (max over steps and entries):
//   paper-1: M 7e-9, Q 2e-8, test error 7e-10; paper-2: M 9e-7, Q 8e-7, test error 5e-7;
//   paper-3: M 6e-8, Q 2e-7, test error 4e-8 (the fixed ξ_u rule before: M off by 1.4e-3,
//   2.2e-4 and 3.9e-5).
// Band: no Monte Carlo here (both curves are deterministic quadratures), so no false-alarm
// calculation applies; the tolerance 1e-5 is 1 % of the ~1e-3 simulation error bars the curve is
// compared with (the requirement), above the measured errors and 4× below the smallest error of
// the rule it replaced (3.9e-5, what the test must catch). History: committed once with these
// numbers, moved to the shared test helpers since, never changed after a failure.
import { describe, expect, it } from 'vitest';
import { paperStateEvolution } from './helpers/paperSingle.js';
import { loadBackend } from '../src/wasm/backend.js';
import { stateEvolution } from '../src/theory/stateEvolution.js';

const paper = (target: string, rule?: Record<string, unknown>) => paperStateEvolution(target, rule ? { rule } : {});

describe('single-pass theory accuracy on the paper targets (default rule vs a much finer rule)', () => {
  for (const target of ['z1 + z1*z2', 'tanh(z1 + He3(z2))', 'tanh(z1) + tanh(z2)']) {
    it(`${target}: M, Q and test error within 1e-5 at every step; the error estimate bounds the error`, async () => {
      const b = await loadBackend();
      const r = stateEvolution(b, paper(target));
      expect(r.method).toBe('quadrature');
      const ref = stateEvolution(b, paper(target, { mz: 200, mu: 16, coarse: false }));
      for (let t = 0; t <= 6; t++) {
        let dM = 0;
        let dQ = 0;
        for (let j = 0; j < 2; j++) {
          for (let l = 0; l < 2; l++) {
            dM = Math.max(dM, Math.abs(r.M[t][j][l] - ref.M[t][j][l]));
            dQ = Math.max(dQ, Math.abs(r.Q[t][j][l] - ref.Q[t][j][l]));
          }
        }
        const dT = Math.abs(r.testError[t] - ref.testError[t]);
        expect(dM).toBeLessThan(1e-5);
        expect(dQ).toBeLessThan(1e-5);
        expect(dT).toBeLessThan(1e-5);
        // The coarse-companion estimate over-estimates (it measures the coarser rule).
        expect(dM).toBeLessThanOrEqual(Math.max(r.quadratureError.M[t], 1e-9));
        expect(dT).toBeLessThanOrEqual(Math.max(r.quadratureError.testError[t], 1e-9));
      }
    });
  }
});
