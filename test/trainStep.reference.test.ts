// Every training variant of docs/model.md §4 on the explicit engine against the slow float64
// reference (test/reference/referenceTrain.ts) of the same two updates, from the same inputs
// (teacher, student, second layer, samples and labels rebuilt with the library's kernels).
//
// Bands, fixed before the first run (a rounding analysis, not a statistical one: the run and
// the reference compute the same formulas on the same numbers; seeds are fixed).
// Errors are measured relative to the size of what the updates changed:
//   e(X) = max_t,entries |X_engine − X_ref| / max_t,entries |X_ref^t − X_ref^0|
// for X = M, Q and a, and |trainError_engine − trainError_ref| / trainError_ref.
// Every quantity of an update is a sum of at most N = max(d, n) float64 terms; a sum of N
// terms in any order is within (N − 1)·u·Σ|terms| of the exact one (u = 2⁻⁵³), and
// Σ|terms| ≤ √n·(size of the result) for the gradient's n random-sign terms (√d for a dot
// product of length d < n). One update chains three such sums (u = Wx/√d, G = Σ g x, the
// overlaps): error ≤ 3·(d + n)·√n·u relative, doubled per update for the propagation of the
// previous error through a step with η·‖Hessian‖ ≤ 1 (S = 2 updates: × 2^S). So
//   f64 storage: band B64 = 2^S · 3 · (d + n) · √n · 2⁻⁵³.
// f32 storage (dot products and the block accumulation of G in f32, assembly/rowBlock.ts):
// a dot product of f32 rows is summed in 16-term f32 lanes, so |Δu| ≤ 17·u₃₂·‖x‖‖w‖/√d
// = 17·u₃₂·√d·(1 + O(1/√d)) (‖w‖ = √d, ‖x‖ ≈ √d; u₃₂ = 2⁻²⁴), which moves a coefficient
// ℓ'·a σ'(u) by a relative L·|Δu| with L = 4 bounding |σ''/σ'| ≤ 2 for tanh times the
// sensitivity (≤ 2) of ℓ', of ŷ and of the per-sample displacement at these sizes; the
// coefficient is then rounded to f32 (1·u₃₂) and G summed in f32 between float64 flushes
// (a product, a pairwise tree over a block of 8 rows, one addition per block for 128 rows:
// 20·u₃₂);
// ‖x‖² of the per-sample displacement, summed like a dot product, is within 17·u₃₂ relative;
// all of it amplified by √n through the n-term gradient sum:
//   f32 storage: band B32 = 2^S · (L·17·√d + 21) · √n · 2⁻²⁴.
// At d = 150, n = 300, S = 2: B64 ≈ 1.0e-11 and B32 ≈ 3.5e-3.
// A wrong variant (sign, norm, scale, or point of evaluation) changes the update by O(ρ) or
// O(1) relative — 10⁻¹ or more for the ρ, losses and schedules below — far above both bands.
import { describe, expect, it } from 'vitest';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import type { TrainingOptions } from '../src/options/trainingOptions.js';
import type { Trajectory } from '../src/results/Trajectory.js';
import { runTrajectory } from '../src/simulation/runTrajectory.js';
import { shuffle } from '../src/schedules/shuffle.js';
import { loadBackend } from '../src/wasm/backend.js';
import { explicitRunInputs } from './reference/explicitRunInputs.js';
import { referenceTrain, type ReferenceRun } from './reference/referenceTrain.js';

const d = 150; // not a multiple of 4: the padded row tails are exercised
const n = 300;
const S = 2;
const base = { d, n, p: 3, lr: 0.5, steps: S, target: 'tanh(z1 + He3(z2))', activation: 'tanh', testError: false, seed: 7 } as const;
const B64 = 2 ** S * 3 * (d + n) * Math.sqrt(n) * 2 ** -53;
const B32 = 2 ** S * (4 * 17 * Math.sqrt(d) + 21) * Math.sqrt(n) * 2 ** -24;

type Nested = number | Nested[];
const flat = (x: Nested[]): number[] => x.flat(Infinity as 1) as number[];

/** max |got − want| over all entries and steps, over the largest change of `want` from step 0. */
function relativeToChange(got: Nested[], want: Nested[]): number {
  const first = flat([want[0]]);
  let change = 0;
  let err = 0;
  want.forEach((w, t) => {
    const wf = flat([w]);
    const gf = flat([got[t]]);
    wf.forEach((v, i) => {
      change = Math.max(change, Math.abs(v - first[i]));
      err = Math.max(err, Math.abs(gf[i] - v));
    });
  });
  return err / change;
}

async function engineAndReference(storage: 'f32' | 'f64', training: TrainingOptions & { schedule?: string }) {
  const b = await loadBackend();
  const r = resolveSimulateOptions({ ...base, storage, engine: 'explicit', ...training });
  const keys = new Set(Array.from({ length: r.steps }, (_, t) => r.schedule.step(t, r.n, (e, size) => shuffle(r.seed, e, size)).batch));
  const ref = referenceTrain(explicitRunInputs(b, r, [...keys]), r, r.lr);
  return { run: runTrajectory(b, r), ref, multiPass: r.schedule.name === 'multi-pass' };
}

function check(run: Trajectory, ref: ReferenceRun, band: number, multiPass: boolean, trainedA: boolean) {
  expect(relativeToChange(run.M, ref.M)).toBeLessThan(band);
  expect(relativeToChange(run.Q, ref.Q)).toBeLessThan(band);
  if (trainedA) expect(relativeToChange(run.a!, ref.a)).toBeLessThan(band);
  else expect(run.a).toBeUndefined();
  if (multiPass) run.trainError.forEach((e, t) => expect(Math.abs(e - ref.trainError[t]) / ref.trainError[t]).toBeLessThan(band));
}

const variants: [string, TrainingOptions & { schedule?: string }][] = [
  ['correlation loss', { loss: 'correlation' }],
  ['exponential loss', { loss: 'exponential' }],
  ['projected GD', { algorithm: 'projected' }],
  ['spherical GD', { algorithm: 'spherical' }],
  ['SAM, batch', { sam: 2 }],
  ['extra-gradient, batch', { extragradient: 0.5 }],
  ['SAM, per sample', { sam: 0.5, displacement: 'sample' }],
  ['extra-gradient, per sample', { extragradient: 0.5, displacement: 'sample' }],
  ['SAM per sample with the exponential loss, single-pass', { sam: 0.5, displacement: 'sample', loss: 'exponential', schedule: 'single-pass' }],
  ['lr schedule warmup:2+step:0.3@1', { lrSchedule: 'warmup:2+step:0.3@1' }],
  ['lr schedule inverse:0.5', { lrSchedule: 'inverse:0.5' }],
  ['lr schedule cosine', { lrSchedule: 'cosine' }],
  ['second layer, simultaneous', { secondLayerLr: 0.5 }],
  ['second layer, alternating', { secondLayerLr: 0.5, secondLayerUpdate: 'alternating' }],
  ['second layer every 2nd update, with SAM', { secondLayerLr: 0.5, secondLayerEvery: 2, sam: 1 }],
  ['second layer on mini-batches (epochs:100), spherical', { secondLayerLr: 0.5, schedule: 'epochs:100', algorithm: 'spherical' }],
];

describe('training variants on the explicit engine against the float64 reference (bands derived above)', () => {
  for (const [name, training] of variants) {
    const trainedA = (training.secondLayerLr ?? 0) > 0;
    it(`${name}: f64 storage within B64`, async () => {
      const { run, ref, multiPass } = await engineAndReference('f64', training);
      check(run, ref, B64, multiPass, trainedA);
    });
    it(`${name}: f32 storage within B32`, async () => {
      const { run, ref, multiPass } = await engineAndReference('f32', training);
      check(run, ref, B32, multiPass, trainedA);
    });
  }

  it('second layer every 2nd update: a is unchanged by update 1 and moved by update 2', async () => {
    const { run } = await engineAndReference('f64', { secondLayerLr: 0.5, secondLayerEvery: 2 });
    expect(run.a![1]).toEqual(run.a![0]);
    expect(run.a![2]).not.toEqual(run.a![0]);
  });
});
