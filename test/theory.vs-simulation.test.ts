// The theories against simulations at d ≥ 2000 (the acceptance rule of docs/model.md §6), at
// every step, for the three targets of the paper's figure (docs/model.md §5): ReLU, α = 3,
// p = k = 2, η = 0.2, M⁰ = 0, 6 steps. Single-pass simulation vs the state-evolution
// recursion; multi-pass simulation vs the DMFT (docs/model.md §6).
//
// Statistic: z = (sim − theory) / √(SE_sim² + SE_th²), SE_sim the standard error over seeds,
// SE_th the DMFT's batch-means Monte-Carlo error, or for the state evolution its quadrature
// error estimate (|fine − coarse rule|, an over-estimate: it is 5× the true error at t = 0 for
// tanh(z1 + He3(z2))) treated the same way.
//
// Multiple comparisons (test/helpers/bands.ts, one family for the file, family-wise false-alarm
// rate 1 %). Per (target, schedule) there are 6 steps × (4 M + 3 distinct Q + 1 test error) = 48
// entries, 288 over the file, and 23 plotted observables per case (overlap M_j·u₁ and orthogonal
// overlap M_j·u₁⊥ per neuron, steps 1…6, less the orthogonal overlap of neuron 0 at step 1, which
// is 0 by the definition of u₁ and is checked as such), 138 over the file, plus one RMS check:
// 427 checks. Šidák gives |z| < 4.23 per check, the same band for entries and plotted
// observables (the latter are projections of the same M; Šidák is conservative for such
// positively correlated checks).
// RMS check: the root mean square of all 288 entry z's catches a small bias spread over many
// entries that a max-|z| band misses. Its null law depends on the correlation of the z's; the
// heaviest far tail is that of perfectly correlated z's within each case, i.e. 6 independent ones,
// RMS² ~ χ²₆/6; at the same per-check rate (1 − 0.99^{1/427}) that gives RMS < 2.28. Under a
// uniform bias of b SE on every entry RMS ≈ √(1 + b²), so b > 2.05 SE is caught.
// Power: what a wrong theory looks like at this size: the public DMFT code's Gauss–Newton-only
// kernel is off by 0.045 (z1 + z1*z2) and 0.015 (tanh z1 + tanh z2) in M at step 6
// (docs/model.md §6), i.e. ~15 and ~10 SE here; dropping the η²α² term of the single-pass Q map
// moves Q¹ by ~0.1, ~100 SE. Both are caught with power ≈ 1 at |z| < 4.23 (the smallest shift
// caught with 99 % power is 4.23 + 2.33 = 6.6 SE, i.e. ≈ 0.01 in M at 64 seeds): 64 multi-pass
// and 48 single-pass seeds are more than the 28 that the 0.015 effect needs (SE ∝ 1/√n).
//
// Finite d. The theories are d → ∞ limits. Measured for z1 + z1*z2 (multi-pass, where the
// overlaps reach 0.66, the largest of the figure) with 512 seeds against DMFT at S = 8·10⁶:
// sim − theory at step 6 = −0.0020 ± 0.0027 (d = 500) and −0.0034 ± 0.0021 (d = 1000) for the
// largest entry — no bias resolved even at d = 500, so d = 2000 serves all three targets.
// History (honest account): the file as committed recorded that seeds 0–63 at d = 2000 gave
// z = −3.8 for M[0][0] at step 6 (against S = 4·10⁶), outside a 3-SE band, and seeds 1000–1063
// gave −0.5, "the reason M entries get 4 SE, not 3": seeds moved and band widened after a
// failing value; the plotted observables kept 3 SE and the RMS limit was 1.5, none of them
// from a calculation. The
// bands above are what the calculation gives (4.23 and 2.28); z = −3.8 is inside 4.23, so
// seeds 0–63 would pass too. The seeds stay where they are (1000…), not moved again.
//
// Test error. When this test was written the simulation's own testError used a coarse rule (22
// nodes per z axis), off by 6.9e-4 for tanh(z1 + He3(z2)) at M = 0, Q = I; it now uses
// populationError's default (within 2e-5, test/simulate.invariants.test.ts). The test error is
// still recomputed here from each seed's (M, Q) with a fine rule (128 × 8 nodes per z × u axis),
// checked against the exact value first; the state evolution's curve is recomputed with the same
// rule (and its own value checked against it within its error estimate); the DMFT's is its
// Monte-Carlo estimate with its SE.
//
// Seeds (fixed, so the outcome is deterministic): simulations seeds 1000… (64 multi-pass, 48
// single-pass per target), DMFT seed 11 with S = 2·10⁶. Time on this 2-core machine: ~2 min.
import { describe, expect, it } from 'vitest';
import { GaussianRule } from '../src/gaussian/GaussianRule.js';
import { populationError } from '../src/gaussian/populationError.js';
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { theoryNode } from '../src/node/theoryNode.js';
import { PAPER_TARGETS } from '../src/reproduce/paperTargets.js';
import type { SeedsResult } from '../src/results/SeedsResult.js';
import type { TheoryResult } from '../src/theory/TheoryResult.js';
import { loadBackend } from '../src/wasm/backend.js';
import { chiSquareUpperQuantileEven, sidakBand, sidakRate } from './helpers/bands.js';

const D = 2000;
const SEED = 1000;
const SEEDS = { 'multi-pass': 64, 'single-pass': 48 } as const;
const DMFT = { samples: 2_000_000, seed: 11 };
const COMMON = { alpha: 3, p: 2, lr: 0.2, steps: 6, activation: 'relu' } as const;
const A = [Math.SQRT1_2, -Math.SQRT1_2]; // the default alternating second layer, p = 2
const CASES = 6;
const CHECKS = CASES * 48 + CASES * 23 + 1;
const BAND = sidakBand(CHECKS);
const MAX_RMS = Math.sqrt(chiSquareUpperQuantileEven(sidakRate(CHECKS), CASES) / CASES);

interface Row { what: string; t: number; sim: number; simSe: number; th: number; thSe: number; z: number }
/** A value that must be below a bound whatever the noise (exact identities, quadrature errors). */
interface Bound { what: string; value: number; bound: number }
interface CaseResult { diverged: SeedsResult['diverged']; entries: Row[]; plotted: Row[]; bounds: Bound[]; line: string }

async function fineRule() {
  const b = await loadBackend('auto');
  return { b, rule: GaussianRule.create(b, { p: 2, k: 2, mu: 8, budget: 2 ** 20, coarse: false }) };
}

/** ½E[(y − ŷ)²] at (M, Q) with the fine rule. */
function testError(ctx: Awaited<ReturnType<typeof fineRule>>, target: string, M: number[][], Q: number[][]): number {
  return populationError(ctx.b, { M, Q, a: A, target, activation: 'relu', rule: ctx.rule }).value;
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}

function row(what: string, t: number, sim: number, simSe: number, th: number, thSe: number): Row {
  return { what, t, sim, simSe, th, thSe, z: (sim - th) / Math.hypot(simSe, thSe) };
}

function fmt(r: Row): string {
  return `${r.what} step ${r.t}: sim ${r.sim.toFixed(5)} ± ${r.simSe.toFixed(5)}, theory ${r.th.toFixed(5)} ± ${r.thSe.toFixed(5)}, z = ${r.z.toFixed(2)}`;
}

async function computeCase(target: string, schedule: 'multi-pass' | 'single-pass'): Promise<CaseResult> {
  const method = schedule === 'multi-pass' ? 'dmft' : 'single-pass';
  const sim: SeedsResult = await simulateSeedsThreads({
    ...COMMON, target, d: D, schedule, seeds: SEEDS[schedule], seed: SEED, threads: 2, keepTrajectories: true, testError: false,
    // The seeds above were fixed for the explicit engine's data streams; the reduced engine
    // (the default for single-pass) draws other numbers from the same seeds, so it is checked
    // against the explicit one in test/reduced.vs-explicit.test.ts instead.
    engine: 'explicit',
  });
  // Samples and threads are options of the DMFT only (the single-pass recursion refuses them).
  const th: TheoryResult = await theoryNode({ ...COMMON, target, method, ...(method === 'dmft' ? { ...DMFT, threads: 2 } : {}) });
  const ctx = await fineRule();
  try {
    const quad = th.quadrature?.error;
    // SE_th per step for M/Q entries: the DMFT's Monte Carlo error, or the quadrature estimate.
    const thSe = (key: 'M' | 'Q', t: number, j: number, l: number) =>
      th[key].se ? th[key].se![t][j][l] : quad![key][t];
    const entries: Row[] = [];
    const plotted: Row[] = [];
    const bounds: Bound[] = [];
    for (let t = 1; t <= COMMON.steps; t++) {
      for (let j = 0; j < 2; j++) {
        for (let r = 0; r < 2; r++) entries.push(row(`M[${j}][${r}]`, t, sim.M.mean[t][j][r], sim.M.se[t][j][r], th.M.mean[t][j][r], thSe('M', t, j, r)));
        for (let l = j; l < 2; l++) entries.push(row(`Q[${j}][${l}]`, t, sim.Q.mean[t][j][l], sim.Q.se[t][j][l], th.Q.mean[t][j][l], thSe('Q', t, j, l)));
        // Plotted observables; the single-pass theory's projections carry the M quadrature error.
        const pSe = (key: 'overlap' | 'orthogonalOverlap') => (th[key].se ? (key === 'overlap' ? th.overlap.se![t][j] : th.orthogonalOverlap.se![t][j][0]) : quad!.M[t]);
        plotted.push(row(`overlap M_${j}·u₁`, t, sim.overlap.mean[t][j], sim.overlap.se[t][j], th.overlap.mean[t][j], pSe('overlap')));
        if (t === 1 && j === 0) {
          // u₁ is neuron 0's own step-1 direction: its orthogonal part is 0 in both, by definition.
          bounds.push({ what: 'simulation orthogonal overlap of neuron 0 at step 1', value: Math.abs(sim.orthogonalOverlap.mean[1][0][0]), bound: 1e-12 });
          bounds.push({ what: 'theory orthogonal overlap of neuron 0 at step 1', value: Math.abs(th.orthogonalOverlap.mean[1][0][0]), bound: 1e-12 });
        } else {
          plotted.push(row(`orthogonal overlap M_${j}·u₁⊥`, t, sim.orthogonalOverlap.mean[t][j][0], sim.orthogonalOverlap.se[t][j][0], th.orthogonalOverlap.mean[t][j][0], pSe('orthogonalOverlap')));
        }
      }
      const perSeed = meanSe(sim.trajectories!.map((tr) => testError(ctx, target, tr.M[t], tr.Q[t])));
      if (schedule === 'multi-pass') {
        entries.push(row('test error', t, perSeed.mean, perSeed.se, th.testError.mean[t], th.testError.se![t]));
      } else {
        const fine = testError(ctx, target, th.M.mean[t], th.Q.mean[t]);
        // The state evolution's own test error is within its stated quadrature error of the fine rule.
        bounds.push({ what: `state evolution test error at step ${t} vs the fine rule`, value: Math.abs(th.testError.mean[t] - fine), bound: quad!.testError[t] + 1e-6 });
        entries.push(row('test error', t, perSeed.mean, perSeed.se, fine, 0));
      }
    }
    const worst = (rows: Row[]) => rows.reduce((w, r) => (Math.abs(r.z) > Math.abs(w.z) ? r : w));
    const we = worst(entries);
    const wp = worst(plotted);
    const maxAbs = Math.max(...entries.map((r) => Math.abs(r.sim - r.th)));
    const line = `${target.padEnd(20)} ${schedule.padEnd(11)} max|z| entries ${Math.abs(we.z).toFixed(2)} (${we.what} step ${we.t}), plotted ${Math.abs(wp.z).toFixed(2)} (${wp.what} step ${wp.t}); max|Δ| ${maxAbs.toExponential(2)}`;
    console.log(`[theory.vs-simulation] ${line}`);
    return { diverged: sim.diverged, entries, plotted, bounds, line };
  } finally {
    ctx.rule.free();
  }
}

/**
 * One case's comparison, computed once per file whichever test asks first (the per-case test
 * or the RMS test over all cases), so that every test can run alone.
 */
const caseResults = new Map<string, Promise<CaseResult>>();
function caseResult(target: string, schedule: 'multi-pass' | 'single-pass'): Promise<CaseResult> {
  const key = `${target}|${schedule}`;
  let r = caseResults.get(key);
  if (!r) {
    r = computeCase(target, schedule);
    caseResults.set(key, r);
  }
  return r;
}

async function checkCase(target: string, schedule: 'multi-pass' | 'single-pass') {
  const c = await caseResult(target, schedule);
  expect(c.diverged).toEqual([]);
  for (const b of c.bounds) expect(b.value, b.what).toBeLessThanOrEqual(b.bound);
  const all = [...c.entries, ...c.plotted];
  expect(all).toHaveLength(48 + 23);
  for (const r of all) expect(r.simSe, `${r.what} step ${r.t}: SE over seeds`).toBeGreaterThan(0);
  for (const r of all) expect(Math.abs(r.z), fmt(r)).toBeLessThan(BAND);
}

describe(`theory vs simulation at d = ${D} (ReLU, α = 3, p = k = 2, η = 0.2, 6 steps)`, () => {
  it('the fine test-error rule is exact to 1e-5 where the answer is known', async () => {
    // M = 0, Q = I: ½E[f*²] + ½E[ŷ²] with E[ŷ²] = ½ − 1/(2π) for the alternating ReLU pair;
    // E[tanh²(z1 + He3(z2))] = 0.642337947 by a 6001² trapezoid grid on [−9, 9]² (python, float64),
    // so the value is 0.4915915019.
    const ctx = await fineRule();
    try {
      const v = testError(ctx, 'tanh(z1 + He3(z2))', [[0, 0], [0, 0]], [[1, 0], [0, 1]]);
      expect(Math.abs(v - 0.4915915019)).toBeLessThan(1e-5);
    } finally {
      ctx.rule.free();
    }
  });

  it(`the bands are the calculation's: |z| < 4.23 per check, RMS < 2.28`, () => {
    expect(CHECKS).toBe(427);
    expect(BAND).toBeCloseTo(4.228, 3);
    expect(MAX_RMS).toBeCloseTo(2.279, 3);
  });

  for (const target of PAPER_TARGETS) {
    it(`${target}: multi-pass simulation vs DMFT (|z| < ${BAND.toFixed(2)})`, () => checkCase(target, 'multi-pass'), 1_200_000);
    it(`${target}: single-pass simulation vs state evolution (|z| < ${BAND.toFixed(2)})`, () => checkCase(target, 'single-pass'), 1_200_000);
  }

  it(`all entries of M, Q and the test error together: RMS of z < ${MAX_RMS.toFixed(2)}`, async () => {
    const cases: CaseResult[] = [];
    for (const target of PAPER_TARGETS) for (const schedule of ['multi-pass', 'single-pass'] as const) cases.push(await caseResult(target, schedule));
    const z = cases.flatMap((c) => c.entries.map((r) => r.z));
    expect(z).toHaveLength(CASES * 48);
    const rms = Math.sqrt(z.reduce((s, x) => s + x * x, 0) / z.length);
    console.log(`[theory.vs-simulation] summary\n${cases.map((c) => c.line).join('\n')}\nRMS z over ${z.length} entries: ${rms.toFixed(2)}`);
    expect(rms).toBeLessThan(MAX_RMS);
  }, 3_000_000);
});
