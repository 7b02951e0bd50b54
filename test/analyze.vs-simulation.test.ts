// Prediction against simulation: the multi-pass levels of analyze() are the
// directions a re-used batch learns in O(1) steps, the symmetric directions are not.
// Setting: d = 2000, α = 3, p = 4, ReLU, η = 0.2, M⁰ = 0 exactly (default init), 5 steps,
// 8 seeds. Statistic per direction v: max over neurons of |M_j·v| at step 5, averaged over
// seeds, in units of 1/√d (the size of finite-sample noise in an overlap).
// Measured (seeds 0–7): level directions 6.7 (z2 of z1 + z1·z2, learnt only from step 2 on)
// to 20; symmetric directions 0.36 ((z1 − z2)/√2 of tanh z1 + tanh z2) to 2.3 (z1 of
// He2(z1) + z2, an order-2 direction that a longer run starts to pick up from the noise).
// Tolerances: levels > 5/√d, symmetric < 3/√d.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { simulateSeeds } from '../src/simulateSeeds.js';

const D = 2000;
const STEPS = 5;
const SEEDS = 8;
const LEARNT = 5;
const NOISE = 3;

async function overlaps(target: string, directions: number[][]): Promise<number[]> {
  const r = await simulateSeeds({ target, d: D, alpha: 3, p: 4, lr: 0.2, steps: STEPS, schedule: 'multi-pass', seeds: SEEDS, keepTrajectories: true, testError: false });
  return directions.map((v) => {
    const perSeed = r.trajectories!.map((tr) => Math.max(...tr.M[STEPS].map((row) => Math.abs(row.reduce((s, x, i) => s + x * v[i], 0)))));
    return (perSeed.reduce((s, x) => s + x, 0) / SEEDS) * Math.sqrt(D);
  });
}

const CASES: { target: string; levels: number; hard: number }[] = [
  { target: 'z1 + z1*z2', levels: 2, hard: 0 },
  { target: 'tanh(z1) + tanh(z2)', levels: 1, hard: 1 },
  { target: 'z1*z2 + z3', levels: 1, hard: 2 },
  { target: 'He2(z1) + z2', levels: 1, hard: 1 },
];

describe(`analyze vs multi-pass simulation (d = ${D}, ${SEEDS} seeds, ${STEPS} steps)`, () => {
  for (const { target, levels, hard } of CASES) {
    it(`${target}: ${levels} learnt direction(s) > ${LEARNT}/√d, ${hard} symmetric < ${NOISE}/√d`, async () => {
      const a = await analyze(target);
      const u = a.multiPass.levels.flat();
      const h = a.multiPass.hard.map((x) => x.direction);
      expect(u).toHaveLength(levels);
      expect(h).toHaveLength(hard);
      const m = await overlaps(target, [...u, ...h]);
      for (const x of m.slice(0, levels)) expect(x).toBeGreaterThan(LEARNT);
      for (const x of m.slice(levels)) expect(x).toBeLessThan(NOISE);
    }, 60_000);
  }
});
