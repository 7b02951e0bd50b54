// The paper's claims at moderate size (docs/model.md §5), checked statistically.
//
// Statistic: the orthogonal overlap of neuron 0, M_0·u₁⊥ at step 6, where u₁ = M¹_0/‖M¹_0‖ is
// that neuron's own step-1 direction (so the statistic is exactly 0 at step 1 and all of its
// later value is learning, or finite-size noise, off the first direction).
// Band (test/helpers/bands.ts, fixed before the run): the file makes 6 checks that a correct
// library can fail by chance (4 z-checks on the orthogonal overlap, 2 on the step-1 overlap of the
// symmetric target); at a family-wise false-alarm rate of 1 % Šidák gives |z| < 3.14 per check,
// used both as "within BAND SE of 0" (the nulls: single-pass, and the symmetric direction under
// both schedules) and as "beyond BAND SE" (the multi-pass effect).
// Sample size from the power calculation: the effect to detect is the DMFT's orthogonal overlap
// at step 6, about 4·10⁻³ (docs/model.md §5); the per-seed standard deviation is ≈ 0.3/√d
// (0.0065 measured at d = 2000 on seeds 0–63 and 1000–1063); 99 % power at |z| > 3.14 needs
// ⌈((3.14 + 2.33)·0.3/√d / 0.004)²⌉ = 85 seeds. Seeds 0–84, fixed.
// History: the file was committed once, with 64 seeds and a conventional 3-SE band (not a
// calculation), and no change after a failure; but the seeds it ran (0–63, the default) were also
// the pilot's, so its outcome was known when the band was written. The calculation above replaces
// both: 85 seeds (0–63 plus 64–84, not looked at before) and the 3.14-SE band.
import { describe, expect, it } from 'vitest';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { samplesForPower, sidakBand } from './helpers/bands.js';

const D = 2000;
const CHECKS = 6;
const BAND = sidakBand(CHECKS);
const EFFECT = 0.004;
const SEEDS = samplesForPower(BAND, 0.3 / Math.sqrt(D), EFFECT);
const SEED = 0;

async function orthogonalAtStep6(target: string, schedule: string, engine: 'auto' | 'explicit' = 'auto', steps = 6) {
  const r = await simulateSeeds({ target, d: D, alpha: 3, p: 2, lr: 0.2, steps, schedule, seeds: SEEDS, seed: SEED, testError: false, engine });
  return { mean: r.orthogonalOverlap.mean[steps][0][0], se: r.orthogonalOverlap.se[steps][0][0], r };
}

describe(`paper claims at d = ${D}, ${SEEDS} seeds (α = 3, p = k = 2, ReLU, η = 0.2)`, () => {
  it('the sample size is the one the power calculation gives', () => {
    expect(BAND).toBeCloseTo(3.143, 3);
    expect(SEEDS).toBe(85);
  });

  it(`tanh(z1 + He3(z2)): multi-pass learns the orthogonal direction (> ${BAND.toFixed(2)} SE); single-pass does not (|·| < ${BAND.toFixed(2)} SE)`, async () => {
    const multi = await orthogonalAtStep6('tanh(z1 + He3(z2))', 'multi-pass');
    const single = await orthogonalAtStep6('tanh(z1 + He3(z2))', 'single-pass');
    console.log(`[science] tanh(z1 + He3(z2)) orthogonal overlap at step 6: multi-pass ${multi.mean.toFixed(5)} ± ${multi.se.toFixed(5)}, single-pass ${single.mean.toFixed(5)} ± ${single.se.toFixed(5)}`);
    expect(multi.mean).toBeGreaterThan(BAND * multi.se);
    expect(Math.abs(single.mean)).toBeLessThan(BAND * single.se);
    // Step 1 is the same for both schedules (fresh batch in both): bit for bit on the explicit
    // engine's data streams ('auto' runs single-pass on the reduced engine, docs/model.md §8).
    const explicitStep1 = await orthogonalAtStep6('tanh(z1 + He3(z2))', 'single-pass', 'explicit', 1);
    expect(explicitStep1.r.M.mean[1]).toEqual(multi.r.M.mean[1]);
  }, 1_800_000);

  it(`tanh(z1) + tanh(z2): the orthogonal (1,−1) direction stays within ${BAND.toFixed(2)} SE of 0 under both schedules`, async () => {
    for (const schedule of ['multi-pass', 'single-pass']) {
      const { mean, se, r } = await orthogonalAtStep6('tanh(z1) + tanh(z2)', schedule);
      console.log(`[science] tanh(z1) + tanh(z2) ${schedule}: orthogonal overlap at step 6 ${mean.toFixed(5)} ± ${se.toFixed(5)}, overlap ${r.overlap.mean[6][0].toFixed(4)} ± ${r.overlap.se[6][0].toFixed(4)}`);
      expect(Math.abs(mean)).toBeLessThan(BAND * se);
      // …while the overlap with u₁ ≈ (1,1)/√2 grows well beyond noise: beyond 0.3 by BAND SE.
      expect(r.overlap.mean[6][0] - 0.3).toBeGreaterThan(BAND * r.overlap.se[6][0]);
    }
  }, 1_800_000);
});
