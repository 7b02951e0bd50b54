// Whether E[f*(z)²] (z ~ N(0, I_k)) or E[σ(u)²] (u ~ N(0, 1)) is infinite, in which case no
// quadrature of the population error (docs/model.md §3) converges and the test error is +∞.
// Test: divergence of the estimate under refinement. Each second moment is computed in WASM
// with the half-range z rule of GaussianRule (σ is put in the place of the target, u in that of
// z1; second layer 0) and its coarser companion (200 → 150 nodes per axis at k = 1); a finite
// moment changes between the two by far less than MOMENT_GROWTH, an infinite one by more, or is
// not finite at some node. Measured (relative change, k = 1): relu, tanh, u³ < 1e-15, u²⁰ 4e-6,
// He5(He5(u)) 2e-4, log|u| 3e-3 (all finite); 1/√|u| 0.064, exp(u²/2) 0.18, 1/u 0.41
// (infinite), exp(u³) not finite. Missed: exp(u²/4), whose σ²φ tends to a constant, so that
// E[σ²] diverges only linearly in the range the nodes reach (1.5e-3). k = 2, 3: paper-2 2e-7, z1·z2·z3 1e-14 (finite),
// 1/z2 0.41, z1/z3 0.34 (infinite). Only rules with at least MIN_NODES per axis are trusted
// (k ≤ 3 at this budget): with fewer, a high-degree polynomial (He4(z1)He4(z2)z3z4: 0.03 at 12
// nodes) comes too close to the threshold, and the check is skipped. About 10–25 ms per
// expression, once per process and expression (cached).
import type { CompiledExpression } from '../expr/compileExpression.js';
import type { Backend } from '../wasm/backend.js';
import { GaussianRule } from './GaussianRule.js';
import { PopulationErrorPlan } from './populationError.js';

/** Relative change under refinement above which a second moment is declared infinite. */
export const MOMENT_GROWTH = 0.05;
/** Fewest nodes per axis for which the test is trusted. */
const MIN_NODES = 32;
const BUDGET = 2 ** 16;

export interface MomentInputs {
  target: CompiledExpression;
  targetSource: string;
  k: number;
  activation: CompiledExpression;
  activationSource: string;
}

export interface InfiniteMoment {
  /** Which expression has the infinite second moment. */
  option: 'target' | 'activation';
  /** Which moment, for which expression, and how its estimate fails to converge. */
  reason: string;
}

const cache = new Map<string, InfiniteMoment | null>();

/** The infinite second moment that makes the test error +∞, or undefined. */
export function infiniteMoment(b: Backend, m: MomentInputs): InfiniteMoment | undefined {
  const key = `${m.k}\u0000${m.targetSource}\u0000${m.activationSource}`;
  if (!cache.has(key)) cache.set(key, findInfiniteMoment(b, m) ?? null);
  return cache.get(key) ?? undefined;
}

function findInfiniteMoment(b: Backend, m: MomentInputs): InfiniteMoment | undefined {
  const sigma = secondMoment(b, m.activation, 1);
  if (sigma !== undefined) return { option: 'activation', reason: `E[σ(u)²] is infinite for activation '${m.activationSource}' (u ~ N(0, 1)): ${sigma}, so the test error is +∞` };
  const target = secondMoment(b, m.target, m.k);
  if (target !== undefined) return { option: 'target', reason: `E[f*(z)²] is infinite for target '${m.targetSource}' (z ~ N(0, I_k)): ${target}, so the test error is +∞` };
  return undefined;
}

/**
 * E[h(z)²]/2 for z ~ N(0, I_k), as the population error of a zero network (a = 0) for the target
 * h. Returns how the estimate fails to converge, or undefined when it converges (or the rule is
 * too coarse to tell).
 */
function secondMoment(b: Backend, h: CompiledExpression, k: number): string | undefined {
  const rule = GaussianRule.create(b, { p: 1, k, kinks: false, mu: 2, budget: BUDGET });
  try {
    if (rule.method !== 'quadrature' || rule.mz < MIN_NODES) return undefined;
    // The network is zero (a = 0); its activation is only evaluated, so any finite one does.
    const plan = new PopulationErrorPlan(b, { p: 1, k, target: h, activation: 'relu', rule });
    try {
      const { value, error } = plan.evaluate(new Array<number>(k).fill(0), [1], [0]);
      if (!Number.isFinite(value) || !Number.isFinite(error)) return 'its quadrature estimate is not finite';
      if (error <= MOMENT_GROWTH * value) return undefined;
      return `its quadrature estimate changes by ${((100 * error) / value).toFixed(0)}% under refinement (a finite moment by less than ${100 * MOMENT_GROWTH}%)`;
    } finally {
      plan.free();
    }
  } finally {
    rule.free();
  }
}
