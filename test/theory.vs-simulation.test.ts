// Issue 3 §6, second bullet: the theories against simulations at d ≥ 2000, every step, the
// three targets of the paper's figure (docs/model.md §5): ReLU, α = 3, p = k = 2, η = 0.2,
// M⁰ = 0, 6 steps. Single-pass simulation vs the state-evolution recursion; multi-pass
// simulation vs the DMFT (docs/model.md §6).
//
// Statistic: z = (sim − theory) / √(SE_sim² + SE_th²), SE_sim the standard error over seeds,
// SE_th the DMFT's batch-means Monte-Carlo error, or for the state evolution its quadrature
// error estimate (|fine − coarse rule|, an over-estimate: it is 5× the true error at t = 0 for
// tanh(z1 + He3(z2))) treated the same way.
//
// Multiple comparisons. Per (target, schedule) there are 6 steps × (4 M + 3 distinct Q + 1 test
// error) = 48 entries, 288 over the file; a 3-SE band would fail by chance 0.27% per entry,
// i.e. with probability ~50% somewhere if entries were independent. So:
// - every entry of M, Q and the test error, every step: |z| < 4 (Bonferroni: 288 × 6.3e-5 ≈ 2%
//   family-wise if independent; entries are strongly correlated across steps, which lowers it);
// - the paper's plotted observables (overlap M_j·u₁ and orthogonal overlap M_j·u₁⊥ per neuron,
//   steps 1…6; the orthogonal overlap of neuron 0 at step 1 is 0 by the definition of u₁ and
//   is checked as such): |z| < 3 at every step, as pre-registered — 23 entries per case, 138 in
//   all, but they are projections of the same M and move together along a trajectory;
// - the root mean square of all 288 z's of M, Q and test error < 1.5 (it is ~1 when the
//   theory is right; a systematic shift of 1 SE on every entry would give ~1.4): this catches
//   a small bias spread over many entries that a max-|z| band misses.
// What a wrong theory looks like at this size: the public DMFT code's Gauss–Newton-only
// kernel is off by 0.045 (z1 + z1*z2) and 0.015 (tanh z1 + tanh z2) in M at step 6
// (docs/model.md §6), i.e. ~15 and ~10 SE here; dropping the η²α² term of the single-pass Q map
// moves Q¹ by ~0.1, ~100 SE.
//
// Finite d. The theories are d → ∞ limits. Measured for z1 + z1*z2 (multi-pass, where the
// overlaps reach 0.66, the largest of the figure) with 512 seeds against DMFT at S = 8·10⁶:
// sim − theory at step 6 = −0.0020 ± 0.0027 (d = 500) and −0.0034 ± 0.0021 (d = 1000) for the
// largest entry — no bias resolved even at d = 500, so d = 2000 serves all three targets.
// The same check on seeds 0–63 at d = 2000 gave z = −3.8 for M[0][0] at step 6 (against S = 4·10⁶),
// seeds 1000–1063 gave −0.5: a fluctuation, and the reason M entries get 4 SE, not 3.
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

const D = 2000;
const SEED = 1000;
const SEEDS = { 'multi-pass': 64, 'single-pass': 48 } as const;
const DMFT = { samples: 2_000_000, seed: 11 };
const COMMON = { alpha: 3, p: 2, lr: 0.2, steps: 6, activation: 'relu' } as const;
const A = [Math.SQRT1_2, -Math.SQRT1_2]; // the default alternating second layer, p = 2
const BAND_ENTRIES = 4;
const BAND_PLOTTED = 3;
const MAX_RMS = 1.5;

interface Row { what: string; t: number; sim: number; simSe: number; th: number; thSe: number; z: number }

const allEntryZ: number[] = [];
const summary: string[] = [];

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

async function compare(target: string, schedule: 'multi-pass' | 'single-pass') {
  const method = schedule === 'multi-pass' ? 'dmft' : 'single-pass';
  const sim: SeedsResult = await simulateSeedsThreads({
    ...COMMON, target, d: D, schedule, seeds: SEEDS[schedule], seed: SEED, threads: 2, keepTrajectories: true, testError: false,
    // The seeds above were fixed for the explicit engine's data streams; the reduced engine
    // (the default for single-pass) draws other numbers from the same seeds, so it is checked
    // against the explicit one in test/reduced.vs-explicit.test.ts instead.
    engine: 'explicit',
  });
  const th: TheoryResult = await theoryNode({ ...COMMON, target, method, ...DMFT, threads: 2 });
  expect(sim.diverged).toEqual([]);
  const ctx = await fineRule();
  try {
    const quad = th.quadrature?.error;
    // SE_th per step for M/Q entries: the DMFT's Monte Carlo error, or the quadrature estimate.
    const thSe = (key: 'M' | 'Q', t: number, j: number, l: number) =>
      th[key].se ? th[key].se![t][j][l] : quad![key][t];
    const entries: Row[] = [];
    const plotted: Row[] = [];
    for (let t = 1; t <= COMMON.steps; t++) {
      for (let j = 0; j < 2; j++) {
        for (let r = 0; r < 2; r++) entries.push(row(`M[${j}][${r}]`, t, sim.M.mean[t][j][r], sim.M.se[t][j][r], th.M.mean[t][j][r], thSe('M', t, j, r)));
        for (let l = j; l < 2; l++) entries.push(row(`Q[${j}][${l}]`, t, sim.Q.mean[t][j][l], sim.Q.se[t][j][l], th.Q.mean[t][j][l], thSe('Q', t, j, l)));
        // Plotted observables; the single-pass theory's projections carry the M quadrature error.
        const pSe = (key: 'overlap' | 'orthogonalOverlap') => (th[key].se ? (key === 'overlap' ? th.overlap.se![t][j] : th.orthogonalOverlap.se![t][j][0]) : quad!.M[t]);
        plotted.push(row(`overlap M_${j}·u₁`, t, sim.overlap.mean[t][j], sim.overlap.se[t][j], th.overlap.mean[t][j], pSe('overlap')));
        if (t === 1 && j === 0) {
          // u₁ is neuron 0's own step-1 direction: its orthogonal part is 0 in both, by definition.
          expect(Math.abs(sim.orthogonalOverlap.mean[1][0][0])).toBeLessThan(1e-12);
          expect(Math.abs(th.orthogonalOverlap.mean[1][0][0])).toBeLessThan(1e-12);
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
        expect(Math.abs(th.testError.mean[t] - fine), `state evolution test error at step ${t}`).toBeLessThanOrEqual(quad!.testError[t] + 1e-6);
        entries.push(row('test error', t, perSeed.mean, perSeed.se, fine, 0));
      }
    }
    const all = [...entries, ...plotted];
    for (const r of all) expect(r.simSe, `${r.what} step ${r.t}: SE over seeds`).toBeGreaterThan(0);
    const worst = (rows: Row[]) => rows.reduce((w, r) => (Math.abs(r.z) > Math.abs(w.z) ? r : w));
    const we = worst(entries);
    const wp = worst(plotted);
    const maxAbs = Math.max(...entries.map((r) => Math.abs(r.sim - r.th)));
    allEntryZ.push(...entries.map((r) => r.z));
    const line = `${target.padEnd(20)} ${schedule.padEnd(11)} max|z| entries ${Math.abs(we.z).toFixed(2)} (${we.what} step ${we.t}), plotted ${Math.abs(wp.z).toFixed(2)} (${wp.what} step ${wp.t}); max|Δ| ${maxAbs.toExponential(2)}`;
    summary.push(line);
    console.log(`[theory.vs-simulation] ${line}`);
    for (const r of entries) expect(Math.abs(r.z), fmt(r)).toBeLessThan(BAND_ENTRIES);
    for (const r of plotted) expect(Math.abs(r.z), fmt(r)).toBeLessThan(BAND_PLOTTED);
  } finally {
    ctx.rule.free();
  }
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

  for (const target of PAPER_TARGETS) {
    it(`${target}: multi-pass simulation vs DMFT`, () => compare(target, 'multi-pass'), 240_000);
    it(`${target}: single-pass simulation vs state evolution`, () => compare(target, 'single-pass'), 240_000);
  }

  it(`all entries of M, Q and the test error together: RMS of z < ${MAX_RMS}`, () => {
    // 6 cases × 48 entries; a case that failed above still contributed its z's.
    expect(allEntryZ.length).toBe(6 * 48);
    const rms = Math.sqrt(allEntryZ.reduce((s, z) => s + z * z, 0) / allEntryZ.length);
    console.log(`[theory.vs-simulation] summary\n${summary.join('\n')}\nRMS z over ${allEntryZ.length} entries: ${rms.toFixed(2)}`);
    expect(rms).toBeLessThan(MAX_RMS);
  });
});
