// Which training variants (docs/model.md §4) each engine and theory covers. A variant that is
// not covered is refused before any work, naming the option and saying why; none is ignored.
import { OptionRangeError } from '../errors.js';
import type { ResolvedTraining } from './trainingOptions.js';

export type TrainingRunner = 'explicit' | 'reduced' | 'sharded' | 'single-pass' | 'dmft';

/** The option of the first variant of `t` that `runner` does not cover, with the reason, or null. */
type TrainingSupport = (t: ResolvedTraining) => { option: string; value: unknown; why: string } | null;

/**
 * The single-pass recursion on (M, Q) (docs/model.md §6) covers every algorithm, loss and
 * schedule, the per-sample displacement, and a second layer updated from the same forward pass.
 * Not: the batch displacement (it moves W by O(1) along the batch's own gradient, so the
 * displaced fields of the batch are no function of (M, Q) and one fresh sample), nor the
 * alternating second-layer update (its forward pass re-uses the batch after the W step, whose
 * fields carry the echo of that step: a multi-pass, DMFT-type term).
 */
const singlePass: TrainingSupport = (t) => {
  const runner = "theory method 'single-pass'";
  if (t.displacement && t.displacement.scope === 'batch') {
    return { option: 'displacement', value: 'batch', why: `'sample' with ${runner} (the batch displacement is not a function of (M, Q) alone)` };
  }
  if (t.secondLayerLr !== 0 && t.secondLayerUpdate !== 'simultaneous') {
    return { option: 'secondLayerUpdate', value: t.secondLayerUpdate, why: `'simultaneous' with ${runner} (the alternating step re-uses the batch after the W step)` };
  }
  return null;
};

/**
 * The DMFT (docs/model.md §6) covers η_t, every loss, the per-sample displacement and a second
 * layer updated from the same forward pass; it is derived for unconstrained rows, and the
 * batch displacement (W moved by O(1) along the whole batch's gradient) is not derived.
 */
const dmftSupport: TrainingSupport = (t) => {
  const runner = "theory method 'dmft'";
  if (t.algorithm !== 'gd') return { option: 'algorithm', value: t.algorithm, why: `'gd' with ${runner} (the DMFT of docs/model.md §6 is derived for unconstrained rows)` };
  if (t.displacement && t.displacement.scope === 'batch') {
    return { option: 'displacement', value: 'batch', why: `'sample' with ${runner} (the DMFT of docs/model.md §6 is not derived for the batch displacement)` };
  }
  if (t.secondLayerLr !== 0 && t.secondLayerUpdate !== 'simultaneous') {
    return { option: 'secondLayerUpdate', value: t.secondLayerUpdate, why: `'simultaneous' with ${runner} (the alternating step needs a second pass over the samples per step)` };
  }
  return null;
};

/**
 * A shard (src/kernels/shardPool.ts) runs the plain fused step on its rows: the variants that
 * change the step's residual stage (loss, per-sample displacement), read a second-layer
 * gradient or move the weights the step sees (batch displacement) are not sharded; the
 * variants applied to W after the pass (projected, spherical, learning-rate schedules) are.
 */
const shardedSupport: TrainingSupport = (t) => {
  const why = 'for a batch beyond one WASM memory (a sharded run: docs/model.md §4 variants of the fused step are not sharded)';
  if (t.loss !== 'square') return { option: 'loss', value: t.loss, why: `'square' ${why}` };
  if (t.displacement) return { option: t.displacement.kind, value: t.displacement.rho, why: `0 ${why}` };
  if (t.secondLayerLr !== 0) return { option: 'secondLayerLr', value: t.secondLayerLr, why: `0 ${why}` };
  return null;
};

const TRAINING_SUPPORT: Record<TrainingRunner, TrainingSupport> = {
  // Every variant: src/simulation/trainStep.ts.
  explicit: () => null,
  // Every variant stays exact in the reduced process (docs/model.md §8); a displacement makes it
  // keep the n×n batch Gram, whose size limit src/options/engineOption.ts checks.
  reduced: () => null,
  sharded: shardedSupport,
  'single-pass': singlePass,
  dmft: dmftSupport,
};

/** Throws OptionRangeError naming the option when `runner` does not cover a variant of `t`. */
export function checkTrainingSupport(t: ResolvedTraining, runner: TrainingRunner): void {
  const gap = TRAINING_SUPPORT[runner](t);
  if (gap) throw new OptionRangeError(gap.option, gap.why, gap.value);
}
