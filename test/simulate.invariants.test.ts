// Invariants of the simulator: each could fail if the engine were wrong.
import { describe, expect, it } from 'vitest';
import { DivergenceError } from '../src/errors.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { runTrajectory } from '../src/simulation/runTrajectory.js';
import { loadBackend } from '../src/wasm/backend.js';

const small = { d: 301, alpha: 2, p: 3, steps: 4, target: 'tanh(z1 + He3(z2))' } as const;

describe('simulate: invariants', () => {
  it('default init gives M⁰ = 0 and Q⁰ = I (to 1e-12), teacher-independent', async () => {
    const t = await simulate({ ...small, steps: 0 });
    for (const row of t.M[0]) for (const v of row) expect(Math.abs(v)).toBeLessThan(1e-12);
    t.Q[0].forEach((row, j) => row.forEach((v, l) => expect(Math.abs(v - (j === l ? 1 : 0))).toBeLessThan(1e-12)));
  });

  it("init { m0 } gives M⁰ = m0 and unit diagonal Q⁰; 'random' gives overlaps O(1/√d)", async () => {
    const m0 = [[0.3, -0.2], [0.0, 0.5], [0.1, 0.1]];
    const t = await simulate({ ...small, steps: 0, init: { m0 } });
    t.M[0].forEach((row, j) => row.forEach((v, r) => expect(Math.abs(v - m0[j][r])).toBeLessThan(1e-12)));
    t.Q[0].forEach((row, j) => expect(Math.abs(row[j] - 1)).toBeLessThan(1e-12));
    const big = await simulate({ d: 4000, alpha: 0.01, steps: 0, init: 'random' });
    // Each M entry ~ N(0, 1/d): |M| < 5/√d with overwhelming probability for a seeded run.
    for (const row of big.M[0]) for (const v of row) expect(Math.abs(v)).toBeLessThan(5 / Math.sqrt(4000));
    for (let j = 0; j < 2; j++) expect(Math.abs(big.Q[0][j][j] - 1)).toBeLessThan(5 * Math.sqrt(2 / 4000));
  });

  it('lr = 0 changes nothing', async () => {
    const b = await loadBackend();
    const r = resolveSimulateOptions({ ...small, schedule: 'single-pass' });
    const t = runTrajectory(b, r, { lrOverride: 0 });
    for (let s = 1; s < t.M.length; s++) {
      expect(t.M[s]).toEqual(t.M[0]);
      expect(t.Q[s]).toEqual(t.Q[0]);
    }
  });

  it('explicit engine: step 1 is identical (bit for bit) for multi-pass and single-pass: the first batch is fresh in both', async () => {
    const m = await simulate({ ...small, schedule: 'multi-pass' });
    const s = await simulate({ ...small, schedule: 'single-pass', engine: 'explicit' });
    const r = await simulate({ ...small, schedule: 'resample:2', engine: 'explicit' });
    expect(s.M[1]).toEqual(m.M[1]);
    expect(s.Q[1]).toEqual(m.Q[1]);
    expect(r.M[2]).toEqual(m.M[2]); // resample:2 reuses batch 0 at step 2
    expect(s.M[2]).not.toEqual(m.M[2]);
  });

  it('the full-batch training loss decreases at every step for a small lr', async () => {
    for (const activation of ['relu', 'tanh']) {
      const t = await simulate({ ...small, lr: 0.05, steps: 8, activation });
      for (let s = 1; s < t.trainError.length; s++) expect(t.trainError[s]).toBeLessThan(t.trainError[s - 1]);
    }
  });

  it('the same options and seed give the same bits; another seed does not', async () => {
    const a = await simulate({ ...small, labelNoise: 0.2, schedule: 'epochs:50' });
    const b = await simulate({ ...small, labelNoise: 0.2, schedule: 'epochs:50' });
    const c = await simulate({ ...small, labelNoise: 0.2, schedule: 'epochs:50', seed: 1 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.M).not.toEqual(a.M);
  });

  it('the SIMD and scalar builds give identical trajectories, f32 and f64 storage', async () => {
    for (const storage of ['f32', 'f64'] as const) {
      for (const schedule of ['multi-pass', 'single-pass', 'epochs:64']) {
        const s = await simulate({ ...small, storage, schedule, backend: 'simd' });
        const c = await simulate({ ...small, storage, schedule, backend: 'scalar' });
        expect(c.backend).toBe('scalar');
        expect([c.M, c.Q, c.testError, c.trainError]).toEqual([s.M, s.Q, s.testError, s.trainError]);
      }
    }
  });

  it('f32 and f64 storage agree to f32 accuracy (same data, different arithmetic)', async () => {
    const a = await simulate({ ...small, storage: 'f32' });
    const b = await simulate({ ...small, storage: 'f64' });
    a.M.flat(2).forEach((v, i) => expect(Math.abs(v - b.M.flat(2)[i])).toBeLessThan(1e-5));
  });

  it('weight decay shrinks the weights: Q with λ > 0 below Q without, at lr·λ = 0.1 and no data pull', async () => {
    const a = await simulate({ ...small, target: '0*z1', weightDecay: 0.5 });
    const b = await simulate({ ...small, target: '0*z1' });
    expect(a.Q[4][0][0]).toBeLessThan(b.Q[4][0][0]);
  });

  it('observables: cosine = ‖M_j‖/√Q_jj, projections recombine to M_j, u₁ is neuron 0 at step 1', async () => {
    const t = await simulate({ ...small, target: 'z1 + z1*z2 + tanh(z3)' });
    expect(t.direction).not.toBeNull();
    const u = t.direction!;
    const norm1 = Math.hypot(...t.M[1][0]);
    u.forEach((v, r) => expect(Math.abs(v - t.M[1][0][r] / norm1)).toBeLessThan(1e-12));
    const basis = t.orthogonalBasis!;
    expect(basis.length).toBe(2);
    for (let s = 0; s < t.M.length; s++) {
      t.M[s].forEach((m, j) => {
        const rebuilt = u.map((ur, r) => t.overlap[s][j] * ur + basis.reduce((acc, b, c) => acc + t.orthogonalOverlap[s][j][c] * b[r], 0));
        rebuilt.forEach((v, r) => expect(Math.abs(v - m[r])).toBeLessThan(1e-12));
        expect(Math.abs(t.cosine[s][j] - Math.hypot(...m) / Math.sqrt(t.Q[s][j][j]))).toBeLessThan(1e-12);
      });
    }
    expect(Math.abs(t.orthogonalOverlap[1][0][0])).toBeLessThan(1e-12);
  });

  it('divergence stops the run, names the step and keeps the steps before it', async () => {
    const err = await simulate({ ...small, lr: 500, activation: 'u^3', steps: 30 }).catch((e) => e);
    expect(err).toBeInstanceOf(DivergenceError);
    const e = err as DivergenceError<{ steps: number[]; M: number[][][] }>;
    expect(e.message).toMatch(new RegExp(`diverged at step ${e.step}`));
    expect(e.partial.steps.length).toBe(e.step);
    for (const v of e.partial.M.flat(2)) expect(Number.isFinite(v)).toBe(true);
    const seeds = await simulateSeeds({ ...small, lr: 500, activation: 'u^3', steps: 30, seeds: 2 });
    expect(seeds.diverged.length).toBe(2);
    expect(seeds.steps.length).toBe(Math.min(...seeds.diverged.map((x) => x.step)));
  });

  it('simulateSeeds: mean and SE over seeds match a direct computation', async () => {
    const r = await simulateSeeds({ ...small, seeds: 5, seed: 3, keepTrajectories: true });
    expect(r.seeds).toEqual([3, 4, 5, 6, 7]);
    const vals = r.trajectories!.map((t) => t.M[2][0][1]);
    const mean = vals.reduce((a, b) => a + b) / 5;
    const se = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / 4 / 5);
    expect(Math.abs(r.M.mean[2][0][1] - mean)).toBeLessThan(1e-15);
    expect(Math.abs(r.M.se[2][0][1] - se)).toBeLessThan(1e-15);
  });
});

describe('simulate: population test error', () => {
  it('at M = 0, Q = I equals ½(E f*² + E ŷ²) with E ŷ² = ½ − 1/(2π) (ReLU, alternating a), within 1e-4', async () => {
    const { gaussHermite } = await import('../src/gaussian/gaussHermite.js');
    const b = await loadBackend();
    // Reference E[tanh(z1 + He3(z2))²] by a 200 × 200 Gauss–Hermite product rule (smooth integrand).
    const { nodes, weights } = gaussHermite(b, 200);
    let ef2 = 0;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = 0; j < nodes.length; j++) {
        const z2 = nodes[j];
        ef2 += weights[i] * weights[j] * Math.tanh(nodes[i] + z2 ** 3 - 3 * z2) ** 2;
      }
    }
    const exact = 0.5 * (ef2 + 0.5 - 1 / (2 * Math.PI));
    const t = await simulate({ target: 'tanh(z1 + He3(z2))', d: 300, steps: 0 });
    expect(Math.abs(t.testError[0] - exact)).toBeLessThan(1e-4);
  });
});
