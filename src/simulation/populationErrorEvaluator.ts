// The population test error of every step of a run (SCIENCE.md §3), computed in the
// (p+k)-dimensional Gaussian from (M, Q) — never with a d-dimensional test set. The
// quadrature rule is built once per run and reused at every step.
import { compileExpression, type CompiledExpression } from '../expr/index.js';
import { GaussianRule } from '../gaussian/GaussianRule.js';
import { defaultRule, populationError } from '../gaussian/populationError.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import type { Backend, BufferId } from '../wasm/backend.js';

export interface PopulationErrorEvaluator {
  evaluate(M: Float64Array, Q: Float64Array, a: BufferId): number;
  free(): void;
}

export function populationErrorEvaluator(b: Backend, r: ResolvedSimulateOptions, target: CompiledExpression): PopulationErrorEvaluator {
  const { p, k } = r;
  const activation = compileExpression(r.activation.ast, 1);
  // populationError's own default resolution (kink-aligned u rule, 64 z nodes at p = k = 2).
  const rule = GaussianRule.create(b, { ...defaultRule(p), p, k, coarse: false });
  const rowsOf = (flat: Float64Array, n: number, m: number) => Array.from({ length: n }, (_, i) => flat.subarray(i * m, i * m + m));
  return {
    evaluate(M, Q, a) {
      return populationError(b, {
        M: rowsOf(M, p, k),
        Q: rowsOf(Q, p, p),
        a: b.readF64(a, p),
        target,
        activation,
        labelNoise: r.labelNoise,
        rule,
      }).value;
    },
    free: () => rule.free(),
  };
}
