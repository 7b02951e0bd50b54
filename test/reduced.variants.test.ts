// The training variants of docs/model.md §4 in the reduced engine (docs/model.md §8) against a
// float64 d-dimensional reference written straight from their definitions
// (test/reference/referenceVariants.ts, explicit Gaussian data, its own random stream). The
// reduced process is exact in distribution at finite d for every variant, so at every recorded
// step each entry of M, Q (and a, when trained) and the training error (of W^t and a^t on the
// batch of update t − 1) must have the same mean AND spread in both.
//
// Pre-registered band (fixed before the first run). S = 200 seeds per side, independent
// streams. Per entry: mean — Welch z = (x̄_red − x̄_ref)/√(s²_red/S + s²_ref/S); spread — the
// Brown–Forsythe test (the same Welch z on |x − median|). With S = 200 both are N(0, 1) to
// within CLT error under "same law". Entries constant in both (Q_jj = 1 of projected and
// spherical GD) are compared exactly instead (≤ 1e-12) and not counted. The cases make
// m ≤ M_MAX = 800 comparisons (counted and checked); one family at FAMILY_WISE = 1 %, Šidák:
// band = sidakBand(800) = 4.37.
// Power: a mean shift of δ SD gives E z = δ·√(S/2) = 10δ, so a shift of 0.6 SD is caught with
// probability ≥ 99 % (powerAt(4.37, 6.0)). Dropping the displacement, the wrong sign of ρ, the
// tangent projection, the renormalisation, a loss slope, a learning-rate factor or the
// second-layer step moves M, Q or a by many SD at these sizes (d = 100, η = O(1)).
// Seeds 1 … 200 on both sides.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulateOptions } from '../src/options/SimulateOptions.js';
import { parseLrSchedule } from '../src/schedules/parseLrSchedule.js';
import { loadBackend } from '../src/wasm/backend.js';
import { sidakBand } from './helpers/bands.js';
import { engineSamples } from './helpers/engineSamples.js';
import { referenceFactor } from './reference/referenceTrain.js';
import { referenceVariants, type VariantRun } from './reference/referenceVariants.js';
import { expectZFamily, meanAndSpreadZ, observableEntries, pushSamples, type EntryZ } from './helpers/twoSample.js';

const S = 200;
const M_MAX = 800;
const BAND = sidakBand(M_MAX);

const relu = (u: number) => Math.max(u, 0);
const step = (u: number) => (u > 0 ? 1 : 0);
const TARGETS: Record<string, (z: number[]) => number> = {
  'z1 + z1*z2': (z) => z[0] + z[0] * z[1],
  'tanh(2*z1) + z2': (z) => Math.tanh(2 * z[0]) + z[1],
};
const M0 = [[0.3, 0], [0, 0.2]];

interface Case {
  name: string;
  options: SimulateOptions & { target: string; d: number; n: number; steps: number; lr: number; record: number[] };
  R: number;
  ref: Partial<VariantRun>;
}

// The reference's factor of the schedule case below, over its 4 steps.
const WARMUP_COSINE = parseLrSchedule('warmup:3+cosine');

const base = { p: 2, k: 2, d: 100, init: { m0: M0 }, target: 'z1 + z1*z2' } as const;

const CASES: Case[] = [
  { name: 'per-sample extra-gradient, online n = 1, each sample used twice', R: 2,
    options: { ...base, n: 1, lr: 1, steps: 40, record: [2, 10, 40], schedule: 'resample:2', extragradient: 1, displacement: 'sample' },
    ref: { displacement: { kind: 'extragradient', rho: 1, scope: 'sample' } } },
  { name: 'per-sample SAM, single-pass n = 5', R: 1,
    options: { ...base, n: 5, lr: 0.5, steps: 4, record: [1, 2, 4], schedule: 'single-pass', sam: 0.5, displacement: 'sample' },
    ref: { displacement: { kind: 'sam', rho: 0.5, scope: 'sample' } } },
  { name: 'batch SAM, resample:2, n = 10', R: 2,
    options: { ...base, n: 10, lr: 0.5, steps: 4, record: [1, 2, 4], schedule: 'resample:2', sam: 0.5 },
    ref: { displacement: { kind: 'sam', rho: 0.5, scope: 'batch' } } },
  { name: 'batch extra-gradient, single-pass n = 40 (Gram kept)', R: 1,
    options: { ...base, n: 40, lr: 0.5, steps: 3, record: [1, 3], schedule: 'single-pass', extragradient: 0.3 },
    ref: { displacement: { kind: 'extragradient', rho: 0.3, scope: 'batch' } } },
  { name: 'correlation loss, single-pass n = 60 (streamed)', R: 1,
    options: { ...base, n: 60, lr: 0.5, steps: 3, record: [1, 3], schedule: 'single-pass', loss: 'correlation' },
    ref: { loss: 'correlation' } },
  { name: 'exponential loss, single-pass n = 10', R: 1,
    options: { ...base, target: 'tanh(2*z1) + z2', n: 10, lr: 0.5, steps: 3, record: [1, 3], schedule: 'single-pass', loss: 'exponential' },
    ref: { loss: 'exponential' } },
  { name: 'projected GD with weight decay, single-pass n = 60 (streamed)', R: 1,
    options: { ...base, n: 60, lr: 0.5, steps: 3, record: [1, 3], schedule: 'single-pass', algorithm: 'projected', weightDecay: 0.2 },
    ref: { algorithm: 'projected', weightDecay: 0.2 } },
  { name: 'spherical GD, resample:2, n = 10', R: 2,
    options: { ...base, n: 10, lr: 0.5, steps: 4, record: [1, 2, 4], schedule: 'resample:2', algorithm: 'spherical' },
    ref: { algorithm: 'spherical' } },
  { name: 'spherical online SGD n = 1', R: 1,
    options: { ...base, n: 1, lr: 1, steps: 30, record: [10, 30], schedule: 'single-pass', algorithm: 'spherical' },
    ref: { algorithm: 'spherical' } },
  { name: 'learning-rate schedule warmup:3+cosine, single-pass n = 20', R: 1,
    options: { ...base, n: 20, lr: 0.8, steps: 4, record: [1, 2, 4], schedule: 'single-pass', lrSchedule: 'warmup:3+cosine' },
    ref: { lrFactor: (t) => referenceFactor(WARMUP_COSINE, t, 4) } },
  { name: 'second layer simultaneous every 2, single-pass n = 60 (streamed)', R: 1,
    options: { ...base, n: 60, lr: 0.5, steps: 4, record: [2, 4], schedule: 'single-pass', secondLayerLr: 0.5, secondLayerEvery: 2 },
    ref: { secondLayerLr: 0.5, secondLayerEvery: 2 } },
  { name: 'second layer alternating, single-pass n = 10', R: 1,
    options: { ...base, n: 10, lr: 0.5, steps: 3, record: [1, 3], schedule: 'single-pass', secondLayerLr: 0.5, secondLayerUpdate: 'alternating' },
    ref: { secondLayerLr: 0.5, secondLayerUpdate: 'alternating' } },
  { name: 'second layer alternating, single-pass n = 60 (streamed)', R: 1,
    options: { ...base, n: 60, lr: 0.5, steps: 3, record: [1, 3], schedule: 'single-pass', secondLayerLr: 0.5, secondLayerUpdate: 'alternating' },
    ref: { secondLayerLr: 0.5, secondLayerUpdate: 'alternating' } },
  { name: 'second layer alternating with per-sample extra-gradient, resample:2, n = 4', R: 2,
    options: { ...base, n: 4, lr: 0.5, steps: 4, record: [1, 2, 4], schedule: 'resample:2', secondLayerLr: 0.5, secondLayerUpdate: 'alternating', extragradient: 0.5, displacement: 'sample' },
    ref: { secondLayerLr: 0.5, secondLayerUpdate: 'alternating', displacement: { kind: 'extragradient', rho: 0.5, scope: 'sample' } } },
];

function referenceSamples(c: Case): Map<string, number[]> {
  const o = c.options;
  const run: VariantRun = {
    d: o.d, n: o.n, p: 2, k: 2, R: c.R, steps: o.steps, lr: o.lr, target: TARGETS[o.target], act: relu, dact: step, m0: M0, ...c.ref,
  };
  const trained = (c.ref.secondLayerLr ?? 0) > 0;
  const acc = new Map<string, number[]>();
  for (let seed = 1; seed <= S; seed++) {
    const states = referenceVariants(run, 7919 * seed, o.record);
    pushSamples(acc, observableEntries(o.record, states.map((s) => s.M), states.map((s) => s.Q), states.map((s) => s.train), trained ? states.map((s) => s.a) : undefined));
  }
  return acc;
}

describe('reduced engine: every training variant against a d-dimensional reference (same law at finite d)', () => {
  const results: (EntryZ & { name: string })[] = [];

  beforeAll(async () => {
    const b = await loadBackend();
    for (const c of CASES) {
      const red = engineSamples(b, c.options, 'reduced', S);
      const ref = referenceSamples(c);
      expect([...red.keys()].sort()).toEqual([...ref.keys()].sort());
      const constant = (v: number[]) => v.every((a) => Math.abs(a - v[0]) <= 1e-12);
      const exact = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThan(1e-12);
      for (const r of meanAndSpreadZ(red, ref, constant, exact)) results.push({ name: c.name, ...r });
    }
  }, 300_000);

  it(`every mean and spread agrees (|z| < ${BAND.toFixed(2)}, ≤ ${M_MAX} comparisons, ${S} seeds per side)`, () => {
    expectZFamily('reduced vs d-dimensional reference', results, BAND, 300, M_MAX);
  });
});
