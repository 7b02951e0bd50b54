// One update t → t+1 of the explicit engine with the training variants of docs/model.md §4:
// the loss and the per-sample displacement (in the fused step's residual stage, through the
// settings block cfg), the batch displacement (SAM / extra-gradient: a second pass of the step
// at the displaced weights), projected and spherical GD, the learning-rate schedule and the
// second-layer update. Every float is computed by a WASM kernel; this module only sequences them.
import { applyUpdate } from '../kernels/applyUpdate.js';
import { displaceWeights } from '../kernels/displaceWeights.js';
import { STEP_CONFIG_BYTES, writeStepConfig } from '../kernels/gdStep.js';
import { lrFactors } from '../kernels/lrFactors.js';
import { normalizeRows } from '../kernels/normalizeRows.js';
import { scaleF64 } from '../kernels/scaleF64.js';
import { tangentRows } from '../kernels/tangentRows.js';
import { updateSecondLayer } from '../kernels/updateSecondLayer.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import type { StepData } from '../schedules/Schedule.js';
import type { Backend, BufferId } from '../wasm/backend.js';

/** The buffers a variant needs beyond plain GD (null when it needs none). */
export interface TrainBuffers {
  /** Settings of the residual stage (loss, per-sample displacement); null for the square loss without it. */
  cfg: BufferId | null;
  /**
   * ‖x‖² of each stored row (float64) for the per-sample displacement, which cfg points to:
   * filled by the step at a row's first use, emptied by clearRowNorms whenever the rows are
   * drawn (runTrajectory's load); null without that displacement.
   */
  norms: BufferId | null;
  /** Second-layer gradient sum Σ_μ ℓ'_μ σ(u_μ) (p float64); null when η_a = 0. */
  Ga: BufferId | null;
  /** Displaced weights W̃ of a batch displacement, in the storage's precision. */
  Wd: BufferId | null;
  /** η_t for t = 0 … T−1, null for a constant schedule (η_t = η). */
  rates: Float64Array | null;
}

/** Bytes of each buffer of trainBuffers for the run (0: not needed). */
function trainSizes(r: ResolvedSimulateOptions, ld: number): Record<'cfg' | 'norms' | 'Ga' | 'Wd' | 'rates', number> {
  const t = r.training;
  return {
    cfg: t.loss !== 'square' || t.displacement?.scope === 'sample' ? STEP_CONFIG_BYTES : 0,
    norms: t.displacement?.scope === 'sample' ? 8 * r.schedule.storedRows(r.n) : 0,
    Ga: t.secondLayerLr > 0 ? 8 * r.p : 0,
    Wd: t.displacement?.scope === 'batch' ? r.p * ld * (r.storage === 'f32' ? 4 : 8) : 0,
    rates: t.lrSchedule.factors.length > 0 ? 8 * r.steps : 0,
  };
}

/** Extra bytes of trainBuffers for the run (memoryPlan adds them). */
export function trainBytes(r: ResolvedSimulateOptions, ld: number): number {
  const z = trainSizes(r, ld);
  return z.cfg + z.norms + z.Ga + z.Wd + z.rates;
}

/** Allocates (up front) and fills the buffers of the run's variant; the rates are computed once, in WASM. */
export function trainBuffers(b: Backend, r: ResolvedSimulateOptions, lr: number, ld: number, alloc: (bytes: number) => BufferId): TrainBuffers {
  const t = r.training;
  const z = trainSizes(r, ld);
  const cfg = z.cfg > 0 ? alloc(z.cfg) : null;
  const norms = z.norms > 0 ? alloc(z.norms) : null;
  if (cfg !== null) {
    const sample = t.displacement?.scope === 'sample' ? { kind: t.displacement.kind, rho: t.displacement.rho } : null;
    writeStepConfig(b, cfg, { loss: t.loss, sample, norms });
  }
  const Ga = z.Ga > 0 ? alloc(z.Ga) : null;
  const Wd = z.Wd > 0 ? alloc(z.Wd) : null;
  let rates: Float64Array | null = null;
  if (z.rates > 0) {
    const buf = alloc(z.rates);
    lrFactors(b, t.lrSchedule, 0, r.steps, r.steps, buf);
    scaleF64(b, buf, r.steps, lr);
    rates = b.readF64(buf, r.steps);
  }
  return { cfg, norms, Ga, Wd, rates };
}

/** One pass of the fused step over the rows of `data` (runTrajectory's `pass`). */
export type Pass = (data: StepData, accumulate: boolean, o?: { weights?: BufferId; Ga?: BufferId | null }) => number;

export interface TrainState {
  /** float64 weights and their f32 copy (f32 storage). */
  W: BufferId;
  Wf: BufferId | null;
  /** float64 gradient accumulator of the step. */
  G: BufferId;
  /** Second layer (p float64). */
  a: BufferId;
  ld: number;
  /** Stored rows of a batch: the batch size of a step that uses them all. */
  storedRows: number;
}

/**
 * The update function of a run: performs t → t+1 on `data` and returns the training error
 * at W^t (the undisplaced weights) and whether every weight is still finite.
 */
export function trainStep(
  b: Backend, r: ResolvedSimulateOptions, s: TrainState, x: TrainBuffers, pass: Pass, lr: number,
): (t: number, data: StepData) => { loss: number; finite: boolean } {
  const { p, d } = r;
  const { W, Wf, G, a, ld } = s;
  const { algorithm, displacement, secondLayerLr, secondLayerUpdate, secondLayerEvery } = r.training;
  const batch = displacement?.scope === 'batch' ? displacement : null;
  const count = p * ld;
  return (t, data) => {
    const eta = x.rates ? x.rates[t] : lr;
    // The second layer moves on updates t with (t + 1) % K = 0; its gradient at W^t (simultaneous) or W^{t+1} (alternating).
    const moveA = x.Ga !== null && (t + 1) % secondLayerEvery === 0;
    const loss = pass(data, true, { Ga: moveA && secondLayerUpdate === 'simultaneous' ? x.Ga : null });
    if (batch && x.Wd) {
      displaceWeights(b, W, G, count, batch.kind, batch.rho, d, x.Wd, Wf !== null);
      pass(data, true, { weights: x.Wd });
    }
    if (algorithm === 'spherical') tangentRows(b, G, W, p, ld);
    let finite = applyUpdate(b, W, Wf, G, count, eta, r.weightDecay, d);
    if (finite && algorithm !== 'gd') finite = normalizeRows(b, W, Wf, p, ld, d);
    if (finite && moveA && x.Ga) {
      if (secondLayerUpdate === 'alternating') pass(data, false, { Ga: x.Ga });
      finite = updateSecondLayer(b, a, x.Ga, p, secondLayerLr, data.rows ? data.rows.length : s.storedRows);
    }
    return { loss, finite };
  };
}
