// The theories with the training variants (docs/model.md §6, "Training variants"): the
// single-pass recursion and the DMFT.
//
// Exact checks (no tolerance): SIMD = scalar bits and worker threads = one thread with the
// variants (the new kernel paths: ℓ′ per lane, Σ ℓ′σ, displaced fields); a schedule of factor 1 is the constant schedule bit for bit; a
// schedule equals running the recursion step by step with the learning rate changed (the kernel
// forms η·factor, the same IEEE product as the test's); a DMFT step with η_0 = 0.2·0.5 equals the
// constant run at η = 0.1 (0.2·0.5 is exactly the double 0.1); η_a = 0 is the frozen second layer
// bit for bit; with secondLayerEvery = 2 the first update leaves a unchanged; projected and
// spherical GD keep Q_jj = 1.
//
// Reference checks (deterministic): one step of the recursion, per variant (per-sample
// displacements included: g at ũ = u − ρg or u + ρg/‖g‖, the d → ∞ limit of ‖x‖²/d), against a pure-TS
// float64 quadrature of the same d → ∞ expectations (test/reference/seReference.ts: tensor
// Gauss–Hermite over (z, u), m = 20 nodes per axis, its error estimated by |rule(20) − rule(16)|,
// which over-estimates the error of the finer rule since Gauss–Hermite converges geometrically
// for these analytic integrands: tanh student, target tanh(z1 + 0.5 z2), |y ŷ| < 2 so the
// exponential loss never reaches its clip). The state evolution runs a Gauss–Hermite tensor rule
// (nodes 'hermite', no kink split: the integrands are smooth) and reports its own error estimate
// (|fine − coarse companion|). Band per entry: |SE − ref| < ε_SE + ε_ref, both estimates taken as
// they come. Power: what the checks must catch is a wrong or missing term of the variant — the
// variants move M¹ and Q¹ by 4·10⁻³ (spherical vs projected) to 4·10⁻² (correlation vs square)
// and a¹ by η_a·E[ℓ'σ] ≈ 10⁻¹ — while ε_SE + ε_ref ≈ 10⁻⁴ (checked below: every band < 10⁻³ and
// each variant's effect > 3·10⁻³).
//
// Statistical checks (one family of 46, test/helpers/bands.ts, Šidák at 1 % family-wise):
// (i) per-sample SAM, whose integrand is discontinuous (g/‖g‖ flips with the sign of ℓ'), against
// a Monte Carlo reference: 9 entries, t-band with 15 degrees of freedom (16 batches) plus ε_SE;
// power: the batch-means SE is ≈ 4·10⁻⁴, the band ≈ 4 SE ≈ 1.6·10⁻³, the displacement moves M¹ by
// ≈ 10⁻¹; (ii) step 1 of the DMFT equals the
// single-pass map (the first batch is fresh in both, docs/model.md §6) for the correlation and
// exponential losses, a trained second layer and the per-sample extra-gradient and SAM (tanh
// student): per variant 4 M¹ + 3 Q¹ entries, plus a¹ (2) for the second layer: 37 checks,
// |DMFT − SE| < BAND·SE_dmft + ε_SE (ε_SE: the SE's error estimate; with a displacement its rule
// is Monte Carlo, 2²⁰ points, and the estimate ≈ √5 of its SE).
// The initial overlap m0 ≠ 0 makes ŷ correlate with the label, so that the loss changes step 1
// (at M⁰ = 0 the square and correlation losses give the same M¹). Power: at S = 2·10⁵ SE_dmft ≈
// 2·10⁻³ on M; the loss changes M¹ by ≥ 2·10⁻² (10 SE), so using the square loss in the DMFT's
// gradient would fail the check with power ≈ 1. Seeds fixed (DMFT seed 5).
import { describe, expect, it } from 'vitest';
import { createBackend, loadBackend } from '../src/wasm/backend.js';
import { stateEvolution, type StateEvolutionOptions } from '../src/theory/stateEvolution.js';
import { dmft } from '../src/theory/dmft.js';
import { dmftThreads } from '../src/node/dmftThreads.js';
import { lrFactorValues } from '../src/kernels/lrFactors.js';
import { parseLrSchedule } from '../src/schedules/parseLrSchedule.js';
import { theoryNode } from '../src/node/theoryNode.js';
import { OptionRangeError, OptionTypeError } from '../src/errors.js';
import type { RefLoss } from './reference/lossSlope.js';
import { seReferenceStep, type RefAlgorithm } from './reference/seReference.js';
import { sidakBand, sidakBandT } from './helpers/bands.js';
import { mulberry32 } from './helpers/mulberry32.js';

// One statistical family for the file: the DMFT step-1 checks (23 + 2 × 7 with the per-sample
// displacements) and the per-sample SAM checks against the Monte Carlo reference (4 M + 3 Q + 2 a = 9).
const FAMILY = 23 + 14 + 9;
const MC_BATCHES = 16;
const MC_BAND = sidakBandT(FAMILY, MC_BATCHES - 1);

const PAPER = { target: 'paper-2', activation: 'relu', lr: 0.2, alpha: 3, M0: [[0, 0], [0, 0]], Q0: [[1, 0], [0, 1]], a: [Math.SQRT1_2, -Math.SQRT1_2] };
const maxDiff = (x: number[][] | number[], y: number[][] | number[]) => Math.max(...x.flat().map((v, i) => Math.abs(v - y.flat()[i])));

describe('state evolution and DMFT with learning-rate schedules: exact', () => {
  it('a schedule of factor 1 is the constant schedule bit for bit (SE and DMFT)', async () => {
    const b = await loadBackend();
    const plain = stateEvolution(b, { ...PAPER, steps: 3 });
    const one = stateEvolution(b, { ...PAPER, steps: 3, training: { lrSchedule: 'warmup:1' } });
    expect(one.M).toEqual(plain.M);
    expect(one.Q).toEqual(plain.Q);
    expect(one.testError).toEqual(plain.testError);
    const common = { target: 'paper-2', steps: 2, samples: 4000, seed: 3 };
    const d0 = await dmft(common, b);
    const d1 = await dmft({ ...common, training: { lrSchedule: 'warmup:1' } }, b);
    expect(d1.M).toEqual(d0.M);
    expect(d1.Q).toEqual(d0.Q);
    expect(d1.Gamma).toEqual(d0.Gamma);
  });

  it('SE: a schedule equals running the recursion step by step with the learning rate changed', async () => {
    const b = await loadBackend();
    const schedule = 'step:0.5@1+warmup:2';
    const T = 3;
    const run = stateEvolution(b, { ...PAPER, steps: T, training: { lrSchedule: schedule } });
    const f = lrFactorValues(b, parseLrSchedule(schedule), 0, T, T);
    let M = PAPER.M0;
    let Q = PAPER.Q0;
    for (let t = 0; t < T; t++) {
      const one = stateEvolution(b, { ...PAPER, lr: PAPER.lr * f[t], steps: 1, M0: M, Q0: Q });
      M = one.M[1];
      Q = one.Q[1];
      expect(run.M[t + 1]).toEqual(M);
      expect(run.Q[t + 1]).toEqual(Q);
    }
    // Not vacuous: the schedule changes the trajectory.
    const plain = stateEvolution(b, { ...PAPER, steps: T });
    expect(maxDiff(plain.M[T], run.M[T])).toBeGreaterThan(1e-2);
  });

  it('DMFT: η_0 = 0.2·0.5 is the constant run at η = 0.1 bit for bit; step:0.5@1 keeps steps 0–1 and changes step 2', async () => {
    const b = await loadBackend();
    const common = { target: 'paper-1', samples: 4000, seed: 4 };
    const half = await dmft({ ...common, steps: 1, lr: 0.2, training: { lrSchedule: 'warmup:2' } }, b);
    const low = await dmft({ ...common, steps: 1, lr: 0.1 }, b);
    expect(half.M).toEqual(low.M);
    expect(half.Q).toEqual(low.Q);
    expect(half.C).toEqual(low.C);
    const plain = await dmft({ ...common, steps: 2 }, b);
    const decay = await dmft({ ...common, steps: 2, training: { lrSchedule: 'step:0.5@1' } }, b);
    expect(decay.M.slice(0, 2)).toEqual(plain.M.slice(0, 2));
    expect(decay.Q.slice(0, 2)).toEqual(plain.Q.slice(0, 2));
    expect(maxDiff(decay.M[2], plain.M[2])).toBeGreaterThan(1e-3);
  });
});

describe('DMFT with the variants on worker threads', () => {
  it('threads = 2 give the bits of dmft() with the exponential loss, a schedule, a trained second layer (every 2) and per-sample SAM', async () => {
    const o = {
      target: 'paper-1', activation: 'tanh', samples: 20_001, steps: 3, seed: 8, labelNoise: 0.05,
      training: { loss: 'exponential' as const, lrSchedule: 'cosine', secondLayerLr: 0.4, secondLayerEvery: 2, sam: 0.2, displacement: 'sample' as const },
    };
    const single = await dmft(o);
    expect(single.a).toHaveLength(4);
    expect(JSON.stringify(await dmftThreads({ ...o, threads: 2 }))).toBe(JSON.stringify(single));
  });
});

describe('SIMD and scalar builds give identical bits with the variants', () => {
  it('DMFT (relu fast path and the evaluator path) and the state evolution (per-sample SAM, exponential loss, spherical, trained a)', async () => {
    const training = { loss: 'exponential' as const, secondLayerLr: 0.4 };
    const displaced = { ...training, extragradient: 0.3, displacement: 'sample' as const };
    for (const activation of ['relu', 'tanh']) {
      const o = { target: 'paper-2', activation, samples: 8_001, steps: 2, seed: 9, training: displaced };
      const simd = await dmft(o, await createBackend('simd'));
      const scalar = await dmft(o, await createBackend('scalar'));
      expect(JSON.stringify(simd)).toBe(JSON.stringify(scalar));
    }
    // The ReLU fast path (σ inside the gradient and second-layer kernels) gives the evaluator's bits.
    const o = { target: 'paper-1', samples: 8_003, steps: 2, seed: 5, labelNoise: 0.1, M0: [[0.3, 0], [0, -0.2]], training: displaced };
    const b0 = await loadBackend();
    const fast = await dmft({ ...o, activation: 'relu' }, b0);
    const general = await dmft({ ...o, activation: 'relu(u) + 0' }, b0);
    expect(JSON.stringify({ ...fast, config: null })).toBe(JSON.stringify({ ...general, config: null }));
    const se = { ...PAPER, steps: 2, rule: { mz: 24, mu: 8 }, training: { sam: 0.2, displacement: 'sample' as const, algorithm: 'spherical' as const, ...training } };
    const a = stateEvolution(await createBackend('simd'), se);
    const b = stateEvolution(await createBackend('scalar'), se);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('state evolution with the other variants: exact invariants', () => {
  it('η_a = 0 is the frozen second layer bit for bit; secondLayerEvery = 2 leaves a unchanged by update 0 only', async () => {
    const b = await loadBackend();
    const plain = stateEvolution(b, { ...PAPER, steps: 2 });
    const zero = stateEvolution(b, { ...PAPER, steps: 2, training: { secondLayerLr: 0 } });
    expect(zero.M).toEqual(plain.M);
    expect(zero.Q).toEqual(plain.Q);
    expect(zero.a).toBeUndefined();
    const every = stateEvolution(b, { ...PAPER, steps: 2, training: { secondLayerLr: 0.5, secondLayerEvery: 2 } });
    expect(every.a![1]).toEqual(PAPER.a);
    expect(every.M[1]).toEqual(plain.M[1]);
    expect(maxDiff(every.a![2], every.a![1])).toBeGreaterThan(1e-2);
  });

  it('projected and spherical GD keep every Q_jj = 1 (paper-2, ReLU, weight decay, 4 steps)', async () => {
    const b = await loadBackend();
    for (const algorithm of ['projected', 'spherical'] as const) {
      const r = stateEvolution(b, { ...PAPER, steps: 4, weightDecay: 0.3, training: { algorithm } });
      for (const Q of r.Q) for (let j = 0; j < 2; j++) expect(Q[j][j]).toBe(1);
      // Not the plain trajectory renamed: the rows' norms would have moved.
      const plain = stateEvolution(b, { ...PAPER, steps: 4, weightDecay: 0.3 });
      expect(Math.abs(plain.Q[4][0][0] - 1)).toBeGreaterThan(1e-2);
    }
  });
});

describe('state evolution, one step per variant, against a pure-TS quadrature of the d → ∞ map', () => {
  const M0 = [[0.3, -0.1], [0.2, 0.4]];
  const Q0 = [[1.1, 0.15], [0.15, 0.9]];
  const a = [0.7, -0.5];
  const phys = { alpha: 2, lr: 0.3, weightDecay: 0.1 };
  const target = 'tanh(z1 + 0.5*z2)';
  const tf = (z: number[]) => Math.tanh(z[0] + 0.5 * z[1]);
  const dtanh = (u: number) => 1 - Math.tanh(u) ** 2;
  const rule: StateEvolutionOptions['rule'] = { method: 'quadrature', nodes: 'hermite', kinks: false, mz: 32, mu: 32 };
  type V = { loss?: RefLoss; algorithm?: RefAlgorithm; secondLayerLr?: number; sam?: number; extragradient?: number; displacement?: 'sample' };
  const variants: V[] = [
    { loss: 'correlation' },
    { loss: 'exponential' },
    { algorithm: 'projected' },
    { algorithm: 'spherical' },
    { secondLayerLr: 0.7 },
    { loss: 'correlation', algorithm: 'spherical', secondLayerLr: 0.5 },
    { extragradient: 0.8, displacement: 'sample' },
  ];
  const ref = (v: V, m: number) => seReferenceStep({ target: tf, sigma: Math.tanh, dsigma: dtanh, M: M0, Q: Q0, a, m, ...phys, ...v });
  const plain = ref({}, 20);
  const projected = ref({ algorithm: 'projected' }, 20);

  for (const v of variants) {
    it(`${JSON.stringify(v)}: M¹, Q¹ (and a¹) within ε_SE + ε_ref`, async () => {
      const b = await loadBackend();
      const se = stateEvolution(b, { target, activation: 'tanh', ...phys, steps: 1, M0, Q0, a, rule, training: v });
      const fine = ref(v, 20);
      const coarse = ref(v, 16);
      const epsRef = Math.max(maxDiff(fine.M, coarse.M), maxDiff(fine.Q, coarse.Q), maxDiff(fine.a, coarse.a));
      const q = se.quadratureError;
      const bands = { M: q.M[1] + epsRef, Q: q.Q[1] + epsRef, a: (q.a?.[1] ?? 0) + epsRef };
      expect(Math.max(bands.M, bands.Q, bands.a)).toBeLessThan(1e-3);
      for (let j = 0; j < 2; j++) {
        for (let r = 0; r < 2; r++) expect(Math.abs(se.M[1][j][r] - fine.M[j][r]), `M¹[${j}][${r}]`).toBeLessThan(bands.M);
        for (let l = 0; l < 2; l++) expect(Math.abs(se.Q[1][j][l] - fine.Q[j][l]), `Q¹[${j}][${l}]`).toBeLessThan(bands.Q);
      }
      if (v.secondLayerLr) {
        for (let j = 0; j < 2; j++) expect(Math.abs(se.a![1][j] - fine.a[j]), `a¹[${j}]`).toBeLessThan(bands.a);
        expect(maxDiff(fine.a, a)).toBeGreaterThan(3e-3);
      } else expect(se.a).toBeUndefined();
      // The variant's own effect is far outside the band (against plain GD, or spherical against projected).
      const base = v.algorithm === 'spherical' ? projected : plain;
      if (v.loss || v.algorithm || v.sam || v.extragradient) expect(Math.max(maxDiff(fine.M, base.M), maxDiff(fine.Q, base.Q))).toBeGreaterThan(3e-3);
    }, 60_000);
  }

  // Per-sample SAM: g/‖g‖ flips where ℓ' changes sign, so the integrand is discontinuous and a
  // rule's |fine − coarse| is no bound: a Monte Carlo reference (16 independent batches of
  // 32768 points, batch-means SE, Student t with 15 degrees of freedom) and a statistical band.
  it('per-sample SAM (exponential loss, trained second layer): M¹, Q¹, a¹ within the t band of a Monte Carlo reference', async () => {
    const b = await loadBackend();
    const v = { sam: 0.3, displacement: 'sample' as const, loss: 'exponential' as const, secondLayerLr: 0.5 };
    const se = stateEvolution(b, { target, activation: 'tanh', ...phys, steps: 1, M0, Q0, a, rule, training: v });
    const rand = mulberry32(2024);
    const reps = Array.from({ length: MC_BATCHES }, () =>
      seReferenceStep({ target: tf, sigma: Math.tanh, dsigma: dtanh, M: M0, Q: Q0, a, m: 0, mc: { n: 32768, rand }, ...phys, ...v }));
    const vec = (r: { M: number[][]; Q: number[][]; a: number[] }) => [...r.M.flat(), r.Q[0][0], r.Q[0][1], r.Q[1][1], ...r.a];
    const rows = reps.map(vec);
    const mean = rows[0].map((_, i) => rows.reduce((s, r) => s + r[i], 0) / MC_BATCHES);
    const sd = rows[0].map((_, i) => Math.sqrt(rows.reduce((s, r) => s + (r[i] - mean[i]) ** 2, 0) / (MC_BATCHES - 1) / MC_BATCHES));
    const th = vec({ M: se.M[1], Q: se.Q[1], a: se.a![1] });
    const eps = [...Array(4).fill(se.quadratureError.M[1]), ...Array(3).fill(se.quadratureError.Q[1]), ...Array(2).fill(se.quadratureError.a![1])];
    for (let i = 0; i < th.length; i++) {
      expect(sd[i]).toBeGreaterThan(0);
      expect(Math.abs(th[i] - mean[i]), `entry ${i}: SE ${th[i]} vs MC ${mean[i]} ± ${sd[i]}`).toBeLessThan(MC_BAND * sd[i] + eps[i]);
    }
    // The displacement's effect is far outside the band.
    expect(Math.max(maxDiff(mean.slice(0, 4), vec(ref({ loss: 'exponential', secondLayerLr: 0.5 }, 20)).slice(0, 4)))).toBeGreaterThan(10 * MC_BAND * Math.max(...sd));
  }, 60_000);
});

describe('DMFT step 1 = single-pass step 1 with the variants (fresh first batch in both)', () => {
  const SAMPLES = 200_000;
  const BAND = sidakBand(FAMILY);
  const common = { target: 'paper-2', activation: 'relu', alpha: 3, lr: 0.5, p: 2, steps: 1, init: { m0: [[0.3, 0.1], [-0.2, 0.25]] } };
  const variants: object[] = [
    { loss: 'correlation' }, { loss: 'exponential' }, { secondLayerLr: 0.8 },
    // Per-sample displacements with a smooth student (the SE's default rule is then Monte Carlo).
    { extragradient: 0.8, displacement: 'sample', activation: 'tanh' }, { sam: 0.3, displacement: 'sample', activation: 'tanh' },
  ];
  // The single-pass theory of `v` with the square loss and no displacement. Variants that leave
  // the same options (the losses; the displacements of one student) share one run.
  const plainRuns = new Map<string, ReturnType<typeof theoryNode>>();
  const plainSinglePass = (v: object) => {
    const { sam: _s, extragradient: _e, displacement: _d, loss: _l, ...undisplaced } = { ...common, ...v } as Record<string, unknown>;
    const key = JSON.stringify(undisplaced);
    if (!plainRuns.has(key)) plainRuns.set(key, theoryNode({ ...undisplaced, method: 'single-pass' }));
    return plainRuns.get(key)!;
  };
  for (const v of variants) {
    it(`${JSON.stringify(v)}: M¹, Q¹${'secondLayerLr' in v ? ', a¹' : ''} within ${BAND.toFixed(2)} SE_dmft + ε_SE`, async () => {
      const dm = await theoryNode({ ...common, ...v, method: 'dmft', samples: SAMPLES, seed: 5 });
      const se = await theoryNode({ ...common, ...v, method: 'single-pass' });
      const quad = se.quadrature!.error;
      const check = (what: string, th: number, mc: number, mcSe: number, eps: number) => {
        expect(mcSe, `${what}: DMFT SE`).toBeGreaterThan(0);
        expect(Math.abs(mc - th), `${what}: DMFT ${mc} ± ${mcSe} vs SE ${th}`).toBeLessThan(BAND * mcSe + eps);
      };
      for (let j = 0; j < 2; j++) {
        for (let r = 0; r < 2; r++) check(`M¹[${j}][${r}]`, se.M.mean[1][j][r], dm.M.mean[1][j][r], dm.M.se![1][j][r], quad.M[1]);
        for (let l = j; l < 2; l++) check(`Q¹[${j}][${l}]`, se.Q.mean[1][j][l], dm.Q.mean[1][j][l], dm.Q.se![1][j][l], quad.Q[1]);
      }
      if ('secondLayerLr' in v) {
        for (let j = 0; j < 2; j++) check(`a¹[${j}]`, se.a!.mean[1][j], dm.a!.mean[1][j], dm.a!.se![1][j], quad.a![1]);
        expect(maxDiff(se.a!.mean[1], se.a!.mean[0])).toBeGreaterThan(0.05);
      } else {
        // The loss or the displacement changes step 1 by far more than the band.
        const sq = await plainSinglePass(v);
        expect(maxDiff(se.M.mean[1], sq.M.mean[1])).toBeGreaterThan(2e-2);
      }
    }, 120_000);
  }
});

describe('what the theories refuse, naming the option', () => {
  const refused = async (options: object, option: string) => {
    const error = await theoryNode({ target: 'paper-2', steps: 1, ...options }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OptionRangeError);
    expect((error as OptionRangeError).message.startsWith(option)).toBe(true);
  };
  it('DMFT: projected/spherical rows, batch displacements, the alternating second layer', async () => {
    await refused({ method: 'dmft', algorithm: 'projected' }, 'algorithm');
    await refused({ method: 'dmft', algorithm: 'spherical' }, 'algorithm');
    await refused({ method: 'dmft', sam: 0.1 }, 'displacement');
    await refused({ method: 'dmft', extragradient: 0.1, displacement: 'batch' }, 'displacement');
    await refused({ method: 'dmft', secondLayerLr: 0.1, secondLayerUpdate: 'alternating' }, 'secondLayerUpdate');
  });
  it("stateEvolution() and dmft() take `training` as one object, with the simulation's validators", async () => {
    const b = await loadBackend();
    expect(() => stateEvolution(b, { ...PAPER, steps: 1, training: { los: 'correlation' } as object })).toThrow(OptionTypeError);
    expect(() => stateEvolution(b, { ...PAPER, steps: 1, training: { loss: 'hinge' } as object })).toThrow(/^loss/);
    await expect(dmft({ steps: 1, samples: 4000, training: 5 as unknown as object })).rejects.toThrow(OptionTypeError);
    await expect(dmft({ steps: 1, samples: 4000, training: { algorithm: 'spherical' } })).rejects.toThrow(/^algorithm must be 'gd'/);
  });
  it('single-pass: batch displacements, the alternating second layer, label noise with the exponential loss or a displacement', async () => {
    await refused({ method: 'single-pass', sam: 0.1 }, 'displacement');
    await refused({ method: 'single-pass', extragradient: 0.1, displacement: 'batch' }, 'displacement');
    await refused({ method: 'single-pass', extragradient: 0.1, displacement: 'sample', labelNoise: 0.1 }, 'labelNoise');
    await refused({ method: 'single-pass', secondLayerLr: 0.1, secondLayerUpdate: 'alternating' }, 'secondLayerUpdate');
    await refused({ method: 'single-pass', loss: 'exponential', labelNoise: 0.1 }, 'labelNoise');
  });
});
