// The paper's claim (docs/model.md §5, §7) as predicted by the DMFT: for p = k = 2, α = 3,
// η = 0.2, ReLU, M⁰ = 0, the orthogonal overlap M_j·u₁⊥ after 6 steps (u₁ = M¹_0/‖M¹_0‖, the
// step-1 direction) is positive and of order 1e-3…1e-2 for tanh(z1 + He3(z2)), and 0 for
// tanh z1 + tanh z2 (u₁ = (1,1)/√2, u₁⊥ = (−1,1)/√2 is a symmetric direction).
//
// Band (test/helpers/bands.ts): 6 checks can fail by chance (the 3 z-checks on the orthogonal
// overlap, its 1e-3…3e-2 range and its growth from step 3 to 6); at a family-wise false-alarm
// rate of 1 % Šidák gives |z| < 3.14 per check, the z being value / batch-means SE.
// Sample size from the power calculation: the effect to detect is the DMFT's orthogonal overlap
// at step 6, ≈ 3.5·10⁻³ (pilot: 0.0032 at S = 10⁶ with seed 11, 0.0027…0.0044 with seeds 1–4 at
// S = 5·10⁵; docs/model.md §5 says about 4·10⁻³), with a batch-means SE of ≈ 1.1/√S (0.0011 at
// S = 10⁶); 99 % power at 3.14 SE needs S = ⌈((3.14 + 2.33)·1.1 / 0.0035)²⌉ ≈ 2.96·10⁶. The
// symmetric target gets the same S, so that an orthogonal overlap of that size would not go
// unseen there either. Seed 11, fixed.
// History (honest account): the file as committed recorded that S = 10⁶ gave 0.0032 ± 0.0011
// (z = 2.9, below its 3-SE band) and that S = 2·10⁶ was used for this target because it "puts
// it beyond 3 SE" — a sample size chosen after seeing a failing value. The null checks also carried a slack
// of 1e-4 and a fixed bound |·| < 2e-3 (a 7 % false alarm at SE 0.0011), neither from a
// calculation. Now: S and the band are the calculation's, the slack and fixed bound are gone.
import { describe, expect, it } from 'vitest';
import { dmft } from '../src/theory/dmft.js';
import type { DmftResult } from '../src/theory/dmftResult.js';
import { samplesForPower, sidakBand } from './helpers/bands.js';

const CHECKS = 6;
const BAND = sidakBand(CHECKS);
const EFFECT = 0.0035;
const SAMPLES = samplesForPower(BAND, 1.1, EFFECT);

/** Orthogonal overlap of neuron j at step t and its batch-means standard error over the groups. */
function orthogonal(r: DmftResult, j: number, t: number): { value: number; se: number } {
  const m1 = r.M[1][0];
  const n = Math.hypot(m1[0], m1[1]);
  const w = [-m1[1] / n, m1[0] / n];
  const proj = (M: number[][][]) => M[t][j][0] * w[0] + M[t][j][1] * w[1];
  const value = proj(r.M);
  const G = r.groups;
  let s = 0;
  r.groupEstimates.M.forEach((Mg, g) => {
    const wg = r.groupEstimates.samples[g] / r.samples;
    s += (wg * (proj(Mg) - value)) ** 2;
  });
  return { value, se: Math.sqrt((s * G) / (G - 1)) };
}

describe('DMFT on the targets of the paper figure', () => {
  const base = { p: 2, alpha: 3, lr: 0.2, activation: 'relu', steps: 6, samples: SAMPLES, seed: 11 };

  it('the sample size is the one the power calculation gives', () => {
    expect(BAND).toBeCloseTo(3.143, 3);
    expect(SAMPLES).toBeGreaterThan(2.9e6);
    expect(SAMPLES).toBeLessThan(3.0e6);
  });

  it(`tanh(z1 + He3(z2)): multi-pass learns the orthogonal direction (beyond ${BAND.toFixed(2)} SE, order 1e-3…1e-2 at step 6)`, async () => {
    const r = await dmft({ ...base, target: 'tanh(z1 + He3(z2))' });
    expect(r.groups).toBe(32);
    // Step 1 direction is E[f* z] ∝ (0.357, −0.298), not e1: the target is not odd in z2 alone.
    expect(r.M[1][0][0]).toBeGreaterThan(0.05);
    expect(r.M[1][0][1]).toBeLessThan(-0.04);
    const o = orthogonal(r, 0, 6);
    console.log(`[dmft.paper] tanh(z1 + He3(z2)): orthogonal overlap at step 6 ${o.value.toFixed(5)} ± ${o.se.toFixed(5)} (S = ${SAMPLES})`);
    expect(o.se).toBeGreaterThan(0);
    expect(o.value).toBeGreaterThan(BAND * o.se);
    expect(o.value).toBeGreaterThan(1e-3);
    expect(o.value).toBeLessThan(3e-2);
    // It grows from step 2 on (at step 1 it is 0 by definition of u₁ for neuron 0).
    expect(Math.abs(orthogonal(r, 0, 1).value)).toBeLessThan(1e-15);
    expect(o.value).toBeGreaterThan(orthogonal(r, 0, 3).value);
  }, 1_800_000);

  it(`tanh z1 + tanh z2: the orthogonal overlap stays at 0 within ${BAND.toFixed(2)} Monte Carlo SE`, async () => {
    const r = await dmft({ ...base, target: 'tanh(z1) + tanh(z2)' });
    const m1 = r.M[1][0];
    expect(Math.abs(m1[0] - m1[1])).toBeLessThan(0.01);
    for (const j of [0, 1]) {
      const o = orthogonal(r, j, 6);
      console.log(`[dmft.paper] tanh z1 + tanh z2: orthogonal overlap of neuron ${j} at step 6 ${o.value.toExponential(2)} ± ${o.se.toExponential(2)}`);
      expect(o.se).toBeGreaterThan(0);
      expect(Math.abs(o.value)).toBeLessThan(BAND * o.se);
    }
  }, 1_800_000);
});
