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
  };
}
