// Population (test) error ½E[(y − ŷ)²] of SCIENCE.md §3, in the (p+k)-dimensional Gaussian
// (u, z) ~ N(0, [[Q, M],[Mᵀ, I_k]]), y = f*(z) + √Δ ξ: ½E[(f*(z) − ŷ)²] + ½Δ.
import { OptionRangeError } from '../errors.js';
import type { Backend } from '../wasm/backend.js';
import { gaussMoments, gaussMomentsSize } from '../kernels/gaussMoments.js';
import { GaussianRule, type GaussianMethod, type GaussianRuleOptions } from './GaussianRule.js';
import { uploadExpression } from '../kernels/uploadExpression.js';
import type { CompiledExpression } from '../expr/compileExpression.js';
import { resolveActivation, resolveTarget, type ActivationPrograms } from './resolvePrograms.js';
import { overlapShape } from './overlapShape.js';

export interface PopulationErrorOptions {
  /** Overlaps M = W W*ᵀ/d, p×k. */
  M: ArrayLike<number>[];
  /** Student Gram Q = W Wᵀ/d, p×p (symmetric PSD). */
  Q: ArrayLike<number>[];
  /** Second layer, length p. */
  a: ArrayLike<number>;
  /** Target in z1…zk: an expression string ('tanh(z1 + He3(z2))', 'paper-2') or a compiled program. */
  target: string | CompiledExpression;
  /** Activation: a string ('relu', 'tanh(u)'), a compiled program of σ, or { value, derivative }. */
  activation: string | CompiledExpression | ActivationPrograms;
  labelNoise?: number;
  /**
   * A rule built once per run (GaussianRule.create with the same p, k) and reused at every
   * step; or options for a temporary one (default: see defaultRule).
   */
  rule?: GaussianRule | Omit<GaussianRuleOptions, 'p' | 'k'>;
}

export interface PopulationErrorResult {
  value: number;
  /** Quadrature: |value − value with the coarser rule|; Monte Carlo: standard error. */
  error: number;
  method: GaussianMethod;
  points: number;
}

/** Pivots below this fraction of the diagonal are treated as exact zeros (singular Σ). */
export const CHOLESKY_TOL = 1e-12;

export function populationError(backend: Backend, options: PopulationErrorOptions): PopulationErrorResult {
  const { p, k, Mflat, Qflat } = overlapShape(options.M, options.Q, options.a);
  const labelNoise = options.labelNoise ?? 0;
  if (!Number.isFinite(labelNoise) || labelNoise < 0) throw new OptionRangeError('labelNoise', 'a finite number ≥ 0', labelNoise);
  const target = resolveTarget(options.target, k);
  if (target.nVars > k) throw new OptionRangeError('target', `a function of z1…z${k} (M has ${k} columns)`, `${target.nVars} variables`);
  const act = options.activation;
  const activation = typeof act === 'object' && act !== null && 'value' in act ? act.value : typeof act === 'string' ? resolveActivation(act).value : act;
  const own = !(options.rule instanceof GaussianRule);
  const rule = options.rule instanceof GaussianRule ? options.rule : GaussianRule.create(backend, { ...defaultRule(p), ...options.rule, p, k });
  if (rule.p !== p || rule.k !== k) throw new OptionRangeError('rule', `a rule for p = ${p}, k = ${k}`, `p = ${rule.p}, k = ${rule.k}`);
  const ids: number[] = [];
  const t = uploadExpression(backend, target);
  const s = uploadExpression(backend, activation);
  try {
    const D = p + k;
    const Mid = backend.fromF64(Mflat);
    const Qid = backend.fromF64(Qflat);
    const aId = backend.fromF64(Array.from(options.a));
    const L = backend.alloc(8 * D * D);
    const size = gaussMomentsSize(p, k);
    const out = backend.alloc(8 * size);
    const outC = backend.alloc(8 * size);
    ids.push(Mid, Qid, aId, L, out, outC);
    backend.fn<(p: number, k: number, M: number, Q: number, tol: number, L: number) => number>('gaussFactorOverlaps')(
      p, k, backend.ptr(Mid), backend.ptr(Qid), CHOLESKY_TOL, backend.ptr(L),
    );
    gaussMoments(backend, rule, L, aId, t, s, null, out);
    const value = backend.fn<(mom: number, noise: number) => number>('stateEvolutionTestError')(backend.ptr(out), labelNoise);
    let error: number;
    if (rule.method === 'monte-carlo') {
      error = backend.fn<(mom: number, n: number) => number>('stateEvolutionTestErrorSE')(backend.ptr(out), rule.points);
    } else if (rule.coarse) {
      gaussMoments(backend, rule.coarse, L, aId, t, s, null, outC);
      // |½E_fine[r²] − ½E_coarse[r²]|; the halving is exact.
      error = 0.5 * backend.fn<(n: number, x: number, y: number) => number>('stateEvolutionMaxAbsDiff')(1, backend.ptr(out), backend.ptr(outC));
    } else {
      error = NaN;
    }
    return { value, error, method: rule.method, points: rule.points };
  } finally {
    for (const id of ids.reverse()) backend.free(id);
    s.free();
    t.free();
    if (own) rule.free();
  }
}

/**
 * Default resolution: few nodes per u axis (mu^p ≤ 64) and more per z axis (budget 2^18),
 * since rough targets (tanh(z1 + He3(z2))) need the z resolution. With the kink rule of
 * GaussianRule (p = k = 2: mz = 64, mu = 8, 0.18 M points) measured about 4–6 ms per call on
 * this 2-core machine; error about 2e-6 for a ReLU student with a ReLU target (closed form,
 * test/gaussian.kinks.test.ts), 1e-6 (paper-3) to 7e-5 (paper-2, limited by mz) along the
 * single-pass trajectories of SCIENCE.md §5. Pass a GaussianRule built once per run with more
 * nodes for more accuracy.
 */
export function defaultRule(p: number): Omit<GaussianRuleOptions, 'p' | 'k'> {
  let mu = 24;
  while (mu > 2 && mu ** p > 64) mu -= 2;
  return mu >= 4 ? { mu, budget: 2 ** 18 } : { budget: 2 ** 18 };
}
