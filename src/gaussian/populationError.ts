// Population (test) error ½E[(y − ŷ)²] of docs/model.md §3, in the (p+k)-dimensional Gaussian
// (u, z) ~ N(0, [[Q, M],[Mᵀ, I_k]]), y = f*(z) + √Δ ξ: ½E[(f*(z) − ŷ)²] + ½Δ.
import { OptionRangeError } from '../errors.js';
import { BufferScope, type Backend, type BufferId } from '../wasm/backend.js';
import { gaussMoments, gaussMomentsScratch, gaussMomentsSize, type GaussMomentsScratch } from '../kernels/gaussMoments.js';
import { GaussianRule, type GaussianMethod, type GaussianRuleOptions } from './GaussianRule.js';
import { uploadExpression, type UploadedExpression } from '../kernels/uploadExpression.js';
import type { CompiledExpression } from '../expr/compileExpression.js';
import { resolveActivation, resolveTarget, type ActivationPrograms } from './resolvePrograms.js';
import { overlapShape } from './overlapShape.js';
import { maxAbsDiff } from './maxAbsDiff.js';

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
  const plan = new PopulationErrorPlan(backend, { ...options, p, k });
  try {
    return plan.evaluate(Mflat, Qflat, options.a);
  } finally {
    plan.free();
  }
}

/**
 * Everything of a population-error computation that does not change along a run — the rule,
 * the uploaded programs, the buffers — set up once; `evaluate` then only writes (M, Q, a) and
 * calls the kernels, so a simulation's per-step test error allocates nothing.
 */
export class PopulationErrorPlan {
  readonly p: number;
  readonly k: number;
  private readonly backend: Backend;
  private readonly labelNoise: number;
  private readonly rule: GaussianRule;
  private readonly target: UploadedExpression;
  private readonly activation: UploadedExpression;
  private readonly scope: BufferScope;
  private readonly Mid: BufferId;
  private readonly Qid: BufferId;
  private readonly aId: BufferId;
  private readonly L: BufferId;
  private readonly out: BufferId;
  private readonly outC: BufferId;
  private readonly scratch: GaussMomentsScratch;

  constructor(backend: Backend, options: Omit<PopulationErrorOptions, 'M' | 'Q' | 'a'> & { p: number; k: number }) {
    const { p, k } = options;
    this.backend = backend;
    this.p = p;
    this.k = k;
    const labelNoise = options.labelNoise ?? 0;
    if (!Number.isFinite(labelNoise) || labelNoise < 0) throw new OptionRangeError('labelNoise', 'a finite number ≥ 0', labelNoise);
    this.labelNoise = labelNoise;
    const target = resolveTarget(options.target, k);
    if (target.nVars > k) throw new OptionRangeError('target', `a function of z1…z${k} (M has ${k} columns)`, `${target.nVars} variables`);
    const act = options.activation;
    const activation = typeof act === 'object' && act !== null && 'value' in act ? act.value : typeof act === 'string' ? resolveActivation(act).value : act;
    const scope = new BufferScope(backend);
    this.scope = scope;
    try {
      // A rule passed in belongs to the caller; one made here is freed with the plan.
      this.rule = options.rule instanceof GaussianRule ? options.rule : scope.own(GaussianRule.create(backend, { ...defaultRule(p), ...options.rule, p, k }));
      if (this.rule.p !== p || this.rule.k !== k) {
        throw new OptionRangeError('rule', `a rule for p = ${p}, k = ${k}`, `p = ${this.rule.p}, k = ${this.rule.k}`);
      }
      this.target = scope.own(uploadExpression(backend, target));
      this.activation = scope.own(uploadExpression(backend, activation));
      const D = p + k;
      const size = gaussMomentsSize(p, k);
      [this.Mid, this.Qid, this.aId, this.L, this.out, this.outC] = [8 * p * k, 8 * p * p, 8 * p, 8 * D * D, 8 * size, 8 * size].map((bytes) => scope.buffer(bytes));
      this.scratch = gaussMomentsScratch(scope, this.rule, [this.target, this.activation]);
    } catch (e) {
      scope.free();
      throw e;
    }
  }

  /** Population error at (M, Q) (row-major p×k and p×p) with second layer a. */
  evaluate(Mflat: ArrayLike<number>, Qflat: ArrayLike<number>, a: ArrayLike<number>): PopulationErrorResult {
    const { backend: b, rule, p, k } = this;
    b.writeF64(this.Mid, Mflat);
    b.writeF64(this.Qid, Qflat);
    b.writeF64(this.aId, a);
    const K = b.kernels;
    K.gaussFactorOverlaps(p, k, this.Mid, this.Qid, CHOLESKY_TOL, this.L);
    gaussMoments(b, rule, this.L, this.aId, this.target, this.activation, null, this.out, this.scratch);
    const value = K.stateEvolutionTestError(this.out, this.labelNoise);
    let error: number;
    if (rule.method === 'monte-carlo') {
      error = K.stateEvolutionTestErrorSE(this.out, rule.points);
    } else if (rule.coarse) {
      gaussMoments(b, rule.coarse, this.L, this.aId, this.target, this.activation, null, this.outC, this.scratch);
      // |½E_fine[r²] − ½E_coarse[r²]|; the halving is exact.
      error = 0.5 * maxAbsDiff(b.f64(this.out, 1), b.f64(this.outC, 1));
    } else {
      error = NaN;
    }
    return { value, error, method: rule.method, points: rule.points };
  }

  free(): void {
    this.scope.free();
  }
}

/**
 * Default resolution: few nodes per u axis (mu^p ≤ 64) and more per z axis (budget 2^18),
 * since rough targets (tanh(z1 + He3(z2))) need the z resolution. With the kink rule of
 * GaussianRule (p = k = 2: mz = 64, mu = 8, 0.18 M points) measured about 4–6 ms per call on
 * this 2-core machine; error about 2e-6 for a ReLU student with a ReLU target (closed form,
 * test/gaussian.kinks.test.ts), 1e-6 (paper-3) to 7e-5 (paper-2, limited by mz) along the
 * single-pass trajectories of docs/model.md §5. Pass a GaussianRule built once per run with more
 * nodes for more accuracy.
 */
function defaultRule(p: number): Omit<GaussianRuleOptions, 'p' | 'k'> {
  let mu = 24;
  while (mu > 2 && mu ** p > 64) mu -= 2;
  return mu >= 4 ? { mu, budget: 2 ** 18 } : { budget: 2 ** 18 };
}
