// The reduced engine (docs/model.md §8) against the explicit one at small d: the reduced process
// is exact in distribution at finite d, so for every entry of M, Q and the training error at
// every recorded step the two engines' seed samples must have the same mean AND the same spread.
//
// Pre-registered band (fixed before the first run). Per case, S = 400 seeds per engine
// (independent streams: the engines key their random numbers differently). For each entry x:
//  - mean: Welch z = (x̄_red − x̄_exp)/√(s²_red/S + s²_exp/S);
//  - spread: the Brown–Forsythe test, i.e. the same Welch z on the absolute deviations
//    |x − median| of each sample (robust to the skewed, heavy-tailed entries of Q and the loss).
// With S = 400 both z are N(0, 1) to within CLT error under "same law". The cases below make
// C ≤ C_MAX = 600 comparisons (counted, and checked, in the test); Bonferroni at a family-wise
// false-alarm rate of 1 %: per-test α = 0.01/600 = 1.7·10⁻⁵, two-sided → |z| < 4.3.
// Power: a mean shift of δ standard deviations gives E z = δ·√(S/2) = 14δ, so a shift of
// 0.42 SD (or a spread off by about 40 %) is caught with probability ≥ 95 %: dropping the
// Wishart term, the diagonal η²/d·GᵀG part, or using Σ instead of its Schur factor moves Q by
// several SD at these sizes. Entries that are constant in both engines (M⁰ = 0, Q⁰ = I) are not
// tested and not counted; they are checked exactly in the degenerate-case block.
// Seeds: 1 … 400 for both engines. Time: about 30 s on the shared 2-core machine.
// (The online-SGD cases are rank-deficient too: with n = 1, GᵀG has rank 1 < p = 2.)
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulateOptions } from '../src/options/SimulateOptions.js';
import { simulate } from '../src/simulate.js';
import { loadBackend } from '../src/wasm/backend.js';
import { engineSamples } from './helpers/engineSamples.js';
import { expectZFamily, meanAndSpreadZ, type EntryZ } from './helpers/twoSample.js';

const S = 400;
const C_MAX = 600;
const BAND = 4.3;

interface Case {
  name: string;
  options: SimulateOptions;
}

const CASES: Case[] = [
  { name: 'single-pass z1 + z1·z2, ReLU, p = 2, weight decay', options: { target: 'z1 + z1*z2', d: 200, n: 100, p: 2, lr: 0.5, steps: 3, weightDecay: 0.2, schedule: 'single-pass' } },
  { name: 'single-pass tanh z1 + tanh z2, tanh student, p = 3, label noise', options: { target: 'tanh(z1) + tanh(z2)', activation: 'tanh(u)', d: 150, n: 150, p: 3, lr: 0.8, steps: 3, labelNoise: 0.5, schedule: 'single-pass', secondLayer: 'ones' } },
  { name: 'single-pass tanh(z1 + He3(z2)), ReLU, p = 3, random init', options: { target: 'tanh(z1 + He3(z2))', d: 120, n: 60, p: 3, lr: 0.5, steps: 2, init: 'random', schedule: 'single-pass' } },
  { name: 'online SGD n = 1', options: { target: 'z1 + z1*z2', d: 100, n: 1, p: 2, lr: 2, steps: 100, record: [20, 50, 100], schedule: 'single-pass' } },
  { name: 'online SGD n = 1, each sample used twice', options: { target: 'z1 + z1*z2', d: 100, n: 1, p: 2, lr: 2, steps: 100, record: [21, 50, 100], schedule: 'resample:2' } },
  { name: 'resample:3, n = 12, m0 init, label noise', options: { target: 'tanh(z1 + He3(z2))', d: 100, n: 12, p: 2, lr: 1, steps: 7, record: [1, 2, 3, 5, 7], labelNoise: 0.2, init: { m0: [[0.3, 0], [0, 0.2]] }, schedule: 'resample:3' } },
  { name: 'resample:2, n = 90 near d − r = 96 (Bartlett chi-squares down to 7 dof)', options: { target: 'tanh(z1) + tanh(z2)', activation: 'tanh(u)', d: 100, n: 90, p: 2, lr: 0.5, steps: 4, schedule: 'resample:2' } },
  { name: 'tiny d = 5 (d − r < p), single-pass', options: { target: 'z1 + z1*z2', d: 5, n: 10, p: 2, lr: 0.3, steps: 2, schedule: 'single-pass' } },
  { name: 'tiny d = 5 (d − r < n), resample:2', options: { target: 'z1 + z1*z2', d: 5, n: 6, p: 2, lr: 0.3, steps: 2, schedule: 'resample:2' } },
];

describe('reduced engine vs explicit engine (same law at finite d)', () => {
  const results: (EntryZ & { name: string })[] = [];

  beforeAll(async () => {
    const b = await loadBackend();
    for (const c of CASES) {
      const red = engineSamples(b, c.options, 'reduced', S);
      const exp = engineSamples(b, c.options, 'explicit', S);
      expect([...red.keys()]).toEqual([...exp.keys()]);
      const constant = (v: number[]) => v.every((a) => Math.abs(a - v[0]) <= 1e-9 * (1 + Math.abs(v[0])));
      const exact = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThan(1e-9);
      for (const r of meanAndSpreadZ(red, exp, constant, exact)) results.push({ name: c.name, ...r });
    }
  }, 600_000);

  it(`every mean and spread agrees (|z| < ${BAND}, ≤ ${C_MAX} comparisons, 400 seeds per engine)`, () => {
    expectZFamily('reduced vs explicit', results, BAND, 100, C_MAX);
  });
});

describe('reduced engine: degenerate cases (no NaN, no silent error)', () => {
  it('σ′ ≡ 0 (sign student): G = 0, GᵀG of rank 0; M and Q only decay: M^t = c^t M⁰, Q^t = c^{2t} Q⁰', async () => {
    const c = 1 - 0.5 * 0.1;
    const t = await simulate({ engine: 'reduced', activation: 'sign(u)', d: 50, n: 20, p: 3, steps: 4, lr: 0.5, weightDecay: 0.1, init: { m0: [[0.5, 0], [0, 0.5], [0.3, 0.3]] }, schedule: 'single-pass' });
    for (let s = 0; s <= 4; s++) {
      t.M[s].forEach((row, j) => row.forEach((v, r) => expect(v).toBeCloseTo(c ** s * t.M[0][j][r], 14)));
      t.Q[s].forEach((row, j) => row.forEach((v, l) => expect(v).toBeCloseTo(c ** (2 * s) * t.Q[0][j][l], 14)));
    }
  });

  it('n < p (GᵀG singular), students on the target (Σ singular), d − r = 0: finite results', async () => {
    const onTarget = { m0: [[1 - 1e-15, 0], [0, 1 - 1e-15]] };
    const runs = await Promise.all([
      simulate({ engine: 'reduced', d: 1000, n: 2, p: 6, steps: 20, schedule: 'single-pass', target: 'z1 + z1*z2', testError: false }),
      simulate({ engine: 'reduced', d: 1000, n: 2, p: 6, steps: 20, schedule: 'resample:2', target: 'z1 + z1*z2', testError: false }),
      simulate({ engine: 'reduced', d: 1000, n: 50, p: 2, steps: 5, schedule: 'single-pass', init: onTarget, target: 'z1 + z1*z2' }),
      simulate({ engine: 'reduced', d: 4, n: 10, p: 2, k: 2, steps: 5, lr: 0.2, schedule: 'single-pass', target: 'z1 + z1*z2' }),
      simulate({ engine: 'reduced', d: 4, n: 10, p: 2, k: 2, steps: 5, lr: 0.2, schedule: 'resample:3', target: 'z1 + z1*z2' }),
    ]);
    for (const t of runs) {
      expect(t.steps.length).toBeGreaterThan(1);
      const tested = t.config.p === 2 ? t.testError : []; // the p = 6 runs skip the (costly) test error
      for (const x of [t.M, t.Q, t.trainError, tested].flat(3)) expect(Number.isFinite(x)).toBe(true);
    }
  });
});
