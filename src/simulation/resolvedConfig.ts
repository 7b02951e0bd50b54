import { DEFAULT_TRAINING, type ResolvedTraining } from '../options/trainingOptions.js';
import { formatExpression } from '../expr/index.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';

/** JSON-safe record of the options a run used (written as `config` in every result). */
export function resolvedConfig(r: ResolvedSimulateOptions): Record<string, unknown> {
  return {
    target: r.target.source,
    targetExpression: formatExpression(r.target.ast),
    k: r.k,
    activation: r.activation.source,
    d: r.d,
    n: r.n,
    alpha: r.alpha,
    p: r.p,
    lr: r.lr,
    steps: r.steps,
    schedule: r.schedule.name,
    weightDecay: r.weightDecay,
    labelNoise: r.labelNoise,
    init: r.init,
    secondLayer: r.secondLayer,
    seed: r.seed,
    ...(r.secondLayerSeed === undefined ? {} : { secondLayerSeed: r.secondLayerSeed }),
    storage: r.storage,
    engine: r.engine,
    record: r.record.name,
    ...trainingConfig(r.training),
  };
}

/** The training variants that differ from the defaults (docs/model.md §4), under their option names. */
export function trainingConfig(t: ResolvedTraining): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (t.algorithm !== DEFAULT_TRAINING.algorithm) out.algorithm = t.algorithm;
  if (t.displacement) {
    out[t.displacement.kind] = t.displacement.rho;
    out.displacement = t.displacement.scope;
  }
  if (t.loss !== DEFAULT_TRAINING.loss) out.loss = t.loss;
  if (t.lrSchedule.factors.length > 0) out.lrSchedule = t.lrSchedule.name;
  if (t.secondLayerLr !== 0) {
    out.secondLayerLr = t.secondLayerLr;
    out.secondLayerUpdate = t.secondLayerUpdate;
    out.secondLayerEvery = t.secondLayerEvery;
  }
  return out;
}
