// Prediction against simulation: the multi-pass levels of analyze() are the directions a
// re-used batch learns in O(1) steps, the symmetric directions are not.
// Setting: d = 2000, α = 3, p = 4, ReLU, η = 0.2, M⁰ = 0 exactly (default init), 5 steps.
// Statistic per direction v and neuron j: x = √d·M_j·v at step 5, one value per seed; its mean
// over seeds, its standard error, and t = mean/SE (Student, ν = seeds − 1).
// - Symmetric directions: the target's law is invariant under a reflection that flips v·z
//   (z1 ↔ z2 for tanh z1 + tanh z2, z1 → −z1 for He2(z1) + z2, (z1, z2) → −(z1, z2) for
//   z1·z2 + z3), and so is the initialisation, so E[M_j·v] = 0 exactly at every d: the null of a
//   two-sided t-check, |t| < BAND for every neuron.
// - Levels: learnt with a sign fixed by the target (E[v·z | y] ≠ 0), so some neuron has
//   |t| > BAND.
// Band (test/helpers/bands.ts): 4 symmetric directions × 4 neurons + 5 level directions = 21
// checks; at a family-wise false-alarm rate of 1 % Šidák gives |t| < 5.66 with ν = 8.
// Sample size from the power calculation: the effect to detect is the smallest learnt level,
// 6.7/√d (z2 of z1 + z1·z2, learnt only from step 2 on; pilot below), and a symmetric direction
// learnt like a level would be as large; the per-seed standard deviation is taken as 2/√d, above
// the largest noise seen in the pilot (a mean max-over-neurons |M_j·v| of 2.3/√d). 99 % power
// needs 9 seeds (non-central t: 99.45 %). Seeds 0–8, fixed.
// History (honest account): committed once with 8 seeds and the thresholds "levels > 5/√d,
// symmetric < 3/√d" on the mean over seeds of max_j |M_j·v|, set after measuring that statistic
// on seeds 0–7 — the seeds the test ran (level directions 6.7 to 20, symmetric 0.36 to 2.3, in
// units of 1/√d) — not from a calculation and not changed after a failure. The t-checks above
// replace them; seeds 0–7 were the pilot's, seed 8 was not looked at.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { seedsForPowerT, sidakBandT } from './helpers/bands.js';

const D = 2000;
const STEPS = 5;
const CHECKS = 4 * 4 + 5;
const SEEDS = seedsForPowerT(CHECKS, 2, 6.7);
const BAND = sidakBandT(CHECKS, SEEDS - 1);

/** t = mean/SE over seeds of √d·M_j·v at the last step, for each direction v and neuron j. */
async function tValues(target: string, directions: number[][]): Promise<number[][]> {
  const r = await simulateSeeds({ target, d: D, alpha: 3, p: 4, lr: 0.2, steps: STEPS, schedule: 'multi-pass', seeds: SEEDS, seed: 0, keepTrajectories: true, testError: false });
  return directions.map((v) => Array.from({ length: 4 }, (_, j) => {
    const xs = r.trajectories!.map((tr) => Math.sqrt(D) * tr.M[STEPS][j].reduce((s, x, i) => s + x * v[i], 0));
    const mean = xs.reduce((s, x) => s + x, 0) / SEEDS;
    const se = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (SEEDS - 1) / SEEDS);
    return mean / se;
  }));
}

const CASES: { target: string; levels: number; hard: number }[] = [
  { target: 'z1 + z1*z2', levels: 2, hard: 0 },
  { target: 'tanh(z1) + tanh(z2)', levels: 1, hard: 1 },
  { target: 'z1*z2 + z3', levels: 1, hard: 2 },
  { target: 'He2(z1) + z2', levels: 1, hard: 1 },
];

describe(`analyze vs multi-pass simulation (d = ${D}, ${SEEDS} seeds, ${STEPS} steps)`, () => {
  it('the sample size and band are the calculation\'s', () => {
    expect(CASES.reduce((s, c) => s + c.levels, 0)).toBe(5);
    expect(CASES.reduce((s, c) => s + 4 * c.hard, 0)).toBe(16);
    expect(SEEDS).toBe(9);
    expect(BAND).toBeCloseTo(5.655, 3);
  });

  for (const { target, levels, hard } of CASES) {
    it(`${target}: ${levels} learnt direction(s) with |t| > ${BAND.toFixed(2)} for some neuron, ${hard} symmetric with |t| < ${BAND.toFixed(2)} for every neuron`, async () => {
      const a = await analyze(target);
      const u = a.multiPass.levels.flat();
      const h = a.multiPass.hard.map((x) => x.direction);
      expect(u).toHaveLength(levels);
      expect(h).toHaveLength(hard);
      const t = await tValues(target, [...u, ...h]);
      console.log(`[analyze.vs-simulation] ${target}: t per neuron, levels ${JSON.stringify(t.slice(0, levels).map((r) => r.map((x) => +x.toFixed(2))))}, symmetric ${JSON.stringify(t.slice(levels).map((r) => r.map((x) => +x.toFixed(2))))}`);
      for (const row of t.slice(0, levels)) expect(Math.max(...row.map(Math.abs))).toBeGreaterThan(BAND);
      for (const row of t.slice(levels)) for (const x of row) expect(Math.abs(x)).toBeLessThan(BAND);
    }, 1_200_000);
  }
});
