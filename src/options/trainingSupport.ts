// Which training variants (docs/model.md §4) each engine and theory covers. A variant that is
// not covered is refused before any work, naming the option and saying why; none is ignored.
import { OptionRangeError } from '../errors.js';
import type { ResolvedTraining } from './trainingOptions.js';

export type TrainingRunner = 'explicit' | 'reduced' | 'single-pass' | 'dmft';

/** The option of the first variant of `t` that `runner` does not cover, with the reason, or null. */
export type TrainingSupport = (t: ResolvedTraining) => { option: string; value: unknown; why: string } | null;

const plainOnly = (runner: string): TrainingSupport => (t) => {
  if (t.algorithm !== 'gd') return { option: 'algorithm', value: t.algorithm, why: `'gd' with ${runner}` };
  if (t.displacement) return { option: t.displacement.kind, value: t.displacement.rho, why: `0 with ${runner}` };
  if (t.loss !== 'square') return { option: 'loss', value: t.loss, why: `'square' with ${runner}` };
  if (t.lrSchedule.factors.length > 0) return { option: 'lrSchedule', value: t.lrSchedule.name, why: `'constant' with ${runner}` };
  if (t.secondLayerLr !== 0) return { option: 'secondLayerLr', value: t.secondLayerLr, why: `0 with ${runner}` };
  return null;
};

export const TRAINING_SUPPORT: Record<TrainingRunner, TrainingSupport> = {
  // Every variant: src/simulation/trainStep.ts.
  explicit: () => null,
  // Every variant stays exact in the reduced process (docs/model.md §8); a displacement makes it
  // keep the n×n batch Gram, whose size limit src/options/engineOption.ts checks.
  reduced: () => null,
  'single-pass': plainOnly("theory method 'single-pass'"),
  dmft: plainOnly("theory method 'dmft'"),
};

/** Throws OptionRangeError naming the option when `runner` does not cover a variant of `t`. */
export function checkTrainingSupport(t: ResolvedTraining, runner: TrainingRunner): void {
  const gap = TRAINING_SUPPORT[runner](t);
  if (gap) throw new OptionRangeError(gap.option, gap.why, gap.value);
}

/** True when `runner` covers every variant of `t` (the 'auto' engine choice). */
export function coversTraining(t: ResolvedTraining, runner: TrainingRunner): boolean {
  return TRAINING_SUPPORT[runner](t) === null;
}
