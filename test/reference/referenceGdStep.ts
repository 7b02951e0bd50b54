// The slow, obvious float64 reference of one GD step (docs/model.md §1), written straight from
// the formulas with the pure-TS expression evaluator. Used only by tests.
import type { Ast } from '../../src/expr/ast.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { dot } from './lossSlope.js';

export interface StepInput {
  /** Sample rows x_μ ∈ R^d. */
  X: ArrayLike<number>[];
  y: ArrayLike<number>;
  /** Student rows W_j ∈ R^d. */
  W: ArrayLike<number>[];
  a: ArrayLike<number>;
  act: Ast;
  dact: Ast;
}

export interface StepOutput {
  /** Σ_μ g_μj x_μ (the gradient of the summed loss is G/√d). */
  G: number[][];
  /** ½ mean_μ (ŷ_μ − y_μ)². */
  loss: number;
}

export function referenceGdStep({ X, y, W, a, act, dact }: StepInput): StepOutput {
  const d = W[0].length;
  const p = W.length;
  const G = W.map(() => new Array<number>(d).fill(0));
  let loss = 0;
  X.forEach((x, mu) => {
    const u = W.map((w) => dot(w, x) / Math.sqrt(d));
    let yhat = 0;
    for (let j = 0; j < p; j++) yhat += a[j] * evaluate(act, [u[j]]);
    const r = yhat - y[mu];
    loss += r * r;
    for (let j = 0; j < p; j++) {
      const g = r * a[j] * evaluate(dact, [u[j]]);
      for (let i = 0; i < d; i++) G[j][i] += g * x[i];
    }
  });
  return { G, loss: (0.5 * loss) / X.length };
}

/** Labels y = f*(W* x/√d) in float64. */
export function referenceLabels(X: ArrayLike<number>[], T: ArrayLike<number>[], target: Ast): number[] {
  const d = T[0].length;
  return X.map((x) => {
    const z = T.map((t) => dot(t, x) / Math.sqrt(d));
    return evaluate(target, z);
  });
}
