// The single-pass state evolution (docs/model.md §6): exact cases, invariants, quadrature
// accuracy, and the Monte-Carlo fallback.
// The one statistical check is the Monte-Carlo fallback against quadrature: 8 entries (M at steps
// 1 and 2), each a t-check over 8 independent Monte-Carlo seeds (ν = 7); at a family-wise
// false-alarm rate of 1 % Šidák gives |t| < BAND (test/helpers/bands.ts). Power: a wrong map
// (a missing term moves M by ≥ 1e-2) is ≥ 10 standard errors of the mean (≈ 1e-3 here) away.
// History (honest account): the check was |MC − quadrature| < 2·(MC's error estimate), where that
// estimate is |MC − an independent quarter-size MC| (a ratio of two normals: a 14 % false alarm
// per entry, chosen without a calculation; it passed at seed 9 and was not changed). Seeds 9–16,
// fixed.
import { describe, expect, it } from 'vitest';
import { sidakBandT } from './helpers/bands.js';
import { paperStateEvolution } from './helpers/paperSingle.js';
import { createBackend, loadBackend } from '../src/wasm/backend.js';
import { stateEvolution } from '../src/theory/stateEvolution.js';

const paper = paperStateEvolution;

describe('single-pass state evolution (docs/model.md §6)', () => {
  it('lr = 0 leaves M and Q unchanged, bit for bit', async () => {
    const b = await loadBackend();
    const M0 = [[0.3, -0.1], [0.2, 0.4]];
    const Q0 = [[1.2, 0.1], [0.1, 0.8]];
    const r = stateEvolution(b, { ...paper('paper-1'), lr: 0, weightDecay: 0.5, steps: 3, M0, Q0, rule: { mz: 24, mu: 12 } });
    for (let t = 0; t <= 3; t++) {
      expect(r.M[t]).toEqual(M0);
      expect(r.Q[t]).toEqual(Q0);
    }
    expect(r.testError[3]).toBe(r.testError[0]);
  });

  it('linear student, linear target, label noise and weight decay: matches the closed-form recursion to 1e-12', async () => {
    // σ(u) = u, f*(z) = c·z: r = a·u − c·z, E[g zᵀ] = a (Mᵀa − c)ᵀ, E[g uᵀ] = a (Qa − Mc)ᵀ,
    // E[g gᵀ] = (E[r²] + Δ) a aᵀ and E[g vᵀ]Σ⁻¹E[v gᵀ] = E[r²] a aᵀ with E[r²] = aQa − 2aMc + |c|².
    const b = await loadBackend();
    const a = [0.6, -0.3, 0.5];
    const c = [1, -0.5];
    const alpha = 2;
    const lr = 0.1;
    const wd = 0.3;
    const noise = 0.2;
    const steps = 5;
    let M = [[0.1, 0], [0, 0.2], [-0.1, 0.1]];
    let Q = [[1, 0.1, 0], [0.1, 1, 0.05], [0, 0.05, 0.9]];
    // Fixed half-range ξ_u rule: exact for these polynomial integrands.
    const r = stateEvolution(b, { target: `${c[0]}*z1 + ${c[1]}*z2`, activation: 'linear', alpha, lr, weightDecay: wd, labelNoise: noise, steps, M0: M, Q0: Q, a, rule: { mz: 4, mu: 4, kinks: false } });
    expect(r.method).toBe('quadrature');
    const p = 3;
    const k = 2;
    for (let t = 0; t <= steps; t++) {
      for (let j = 0; j < p; j++) {
        for (let s = 0; s < k; s++) expect(Math.abs(r.M[t][j][s] - M[j][s])).toBeLessThan(1e-12);
        for (let l = 0; l < p; l++) expect(Math.abs(r.Q[t][j][l] - Q[j][l])).toBeLessThan(1e-12);
      }
      let e2 = c[0] ** 2 + c[1] ** 2;
      for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) e2 += a[j] * a[l] * Q[j][l];
      for (let j = 0; j < p; j++) for (let s = 0; s < k; s++) e2 -= 2 * a[j] * M[j][s] * c[s];
      expect(Math.abs(r.testError[t] - 0.5 * (e2 + noise))).toBeLessThan(1e-12);
      const mTa = [0, 1].map((s) => a.reduce((acc, aj, j) => acc + aj * M[j][s], 0) - c[s]);
      const bvec = a.map((_, j) => a.reduce((acc, al, l) => acc + Q[j][l] * al, 0) - c.reduce((acc, cs, s) => acc + M[j][s] * cs, 0));
      const sh = 1 - lr * wd;
      const Mn = M.map((row, j) => row.map((x, s) => sh * x - lr * alpha * a[j] * mTa[s]));
      const Qn = Q.map((row, j) => row.map((x, l) => sh * sh * x - lr * sh * alpha * (a[j] * bvec[l] + bvec[j] * a[l]) + lr * lr * alpha * (e2 + noise) * a[j] * a[l] + lr * lr * alpha * alpha * e2 * a[j] * a[l]));
      M = Mn;
      Q = Qn;
    }
  });

  it('keeps Q symmetric positive semidefinite (ReLU, the three paper targets, p = 3)', async () => {
    const b = await loadBackend();
    for (const target of ['paper-1', 'paper-2', 'paper-3']) {
      const r = stateEvolution(b, { ...paper(target), M0: [[0, 0], [0, 0], [0, 0]], Q0: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], a: [0.5, -0.5, 0.5], steps: 5, rule: { mz: 32, mu: 6 } });
      for (const Q of r.Q) {
        for (let j = 0; j < 3; j++) for (let l = 0; l < 3; l++) expect(Q[j][l]).toBe(Q[l][j]);
        // PSD: all leading principal minors of Q + 1e-12 I are ≥ 0 (Sylvester, with Q positive definite here).
        const d1 = Q[0][0];
        const d2 = Q[0][0] * Q[1][1] - Q[0][1] ** 2;
        const d3 = Q[0][0] * (Q[1][1] * Q[2][2] - Q[1][2] ** 2) - Q[0][1] * (Q[0][1] * Q[2][2] - Q[1][2] * Q[0][2]) + Q[0][2] * (Q[0][1] * Q[1][2] - Q[1][1] * Q[0][2]);
        expect(d1).toBeGreaterThan(0);
        expect(d2).toBeGreaterThan(-1e-12);
        expect(d3).toBeGreaterThan(-1e-12);
      }
      // and so is Σ: each row's overlap with the target subspace stays within its norm
      for (let t = 0; t < r.M.length; t++) {
        for (let j = 0; j < 3; j++) expect(r.M[t][j][0] ** 2 + r.M[t][j][1] ** 2).toBeLessThanOrEqual(r.Q[t][j][j] + 1e-12);
      }
    }
  });

  it('paper-2 target, M⁰ = 0: the overlap orthogonal to the step-1 direction stays 0 while the step-1 overlap grows (docs/model.md §5)', async () => {
    const b = await loadBackend();
    const r = stateEvolution(b, paper('tanh(z1 + He3(z2))', { rule: { mz: 120, mu: 16 } }));
    const u1 = r.M[1][0];
    const n = Math.hypot(u1[0], u1[1]);
    const e = [u1[0] / n, u1[1] / n];
    // E[f* z2] ≠ 0 for this target, so the step-1 direction is tilted away from z1:
    expect(Math.abs(e[1])).toBeGreaterThan(0.1);
    for (let t = 0; t <= 6; t++) {
      for (let j = 0; j < 2; j++) {
        const along = r.M[t][j][0] * e[0] + r.M[t][j][1] * e[1];
        const orth = -r.M[t][j][0] * e[1] + r.M[t][j][1] * e[0];
        // 3e-4 is the quadrature accuracy of this rule (its error estimate is ~1e-3).
        expect(Math.abs(orth)).toBeLessThan(3e-4);
        if (t >= 1) expect(Math.abs(along)).toBeGreaterThan(0.09);
      }
    }
    // the step-1 overlap grows monotonically in size, neuron 0 positive, neuron 1 negative
    for (let t = 1; t <= 6; t++) {
      const along0 = r.M[t][0][0] * e[0] + r.M[t][0][1] * e[1];
      const prev = r.M[t - 1][0][0] * e[0] + r.M[t - 1][0][1] * e[1];
      expect(along0).toBeGreaterThan(prev);
    }
    expect(r.testError[6]).toBeLessThan(r.testError[0]);
  });

  it('agrees with a much finer rule within its error estimate; SIMD and scalar builds give identical bits', async () => {
    const simd = await createBackend('simd');
    const scalar = await createBackend('scalar');
    const opts = paper('paper-3', { rule: { mz: 48, mu: 12 } });
    const rs = stateEvolution(simd, opts);
    const rc = stateEvolution(scalar, opts);
    expect(rs.M).toEqual(rc.M);
    expect(rs.Q).toEqual(rc.Q);
    expect(rs.testError).toEqual(rc.testError);
    expect(rs.quadratureError).toEqual(rc.quadratureError);
    const fine = stateEvolution(simd, paper('paper-3', { rule: { mz: 120, mu: 24, coarse: false } }));
    for (let t = 0; t <= 6; t++) {
      for (let j = 0; j < 2; j++) {
        for (let s = 0; s < 2; s++) expect(Math.abs(rs.M[t][j][s] - fine.M[t][j][s])).toBeLessThanOrEqual(Math.max(rs.quadratureError.M[t], 1e-6));
      }
      expect(Math.abs(rs.testError[t] - fine.testError[t])).toBeLessThanOrEqual(Math.max(rs.quadratureError.testError[t], 1e-6));
    }
  });

  it('Monte-Carlo fallback: reports its method and agrees with quadrature (t-check over 8 seeds)', async () => {
    const b = await loadBackend();
    const seeds = [9, 10, 11, 12, 13, 14, 15, 16];
    const band = sidakBandT(8, seeds.length - 1);
    const q = stateEvolution(b, paper('paper-1', { steps: 2, rule: { mz: 40, mu: 20 } }));
    const mcs = seeds.map((seed) => stateEvolution(b, paper('paper-1', { steps: 2, rule: { method: 'monte-carlo', samples: 2 ** 18, seed } })));
    for (const mc of mcs) expect(mc.method).toBe('monte-carlo');
    for (const mc of mcs) expect(mc.M[0]).toEqual(q.M[0]);
    for (let t = 1; t <= 2; t++) {
      for (let j = 0; j < 2; j++) for (let s = 0; s < 2; s++) {
        const xs = mcs.map((mc) => mc.M[t][j][s]);
        const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
        const se = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) / xs.length);
        expect(se).toBeGreaterThan(0);
        expect(Math.abs(mean - q.M[t][j][s]) / se, `M[${t}][${j}][${s}]: MC ${mean} ± ${se}, quadrature ${q.M[t][j][s]}`).toBeLessThan(band);
      }
    }
  });

  it('rejects bad options with typed errors', async () => {
    const b = await loadBackend();
    expect(() => stateEvolution(b, { ...paper('paper-1'), alpha: 0 })).toThrow(/alpha/);
    expect(() => stateEvolution(b, { ...paper('paper-1'), lr: Number.NaN })).toThrow(/lr/);
    expect(() => stateEvolution(b, { ...paper('paper-1'), steps: 1.5 })).toThrow(/steps/);
    expect(() => stateEvolution(b, { ...paper('z1 + z3') })).toThrow();
    expect(() => stateEvolution(b, { ...paper('paper-1'), activation: 'foo(u)' })).toThrow();
  });
});
