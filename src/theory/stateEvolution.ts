// Single-pass theory: the deterministic recursion on (M, Q) of docs/model.md §6,
//   M' = (1 − η_tλ) M − η_tα E[g zᵀ],
//   Q' = (1 − η_tλ)² Q − η_t(1 − η_tλ)α (E[g uᵀ] + E[u gᵀ]) + η_t²α E[g gᵀ] + η_t²α² E[g vᵀ] Σ⁺ E[v gᵀ],
// g = ℓ'(ŷ, y)(a ⊙ σ'(u)), v = (u, z) ~ N(0, [[Q, M],[Mᵀ, I_k]]), y = f*(z) + √Δ ξ, with the
// training variants of docs/model.md §6 (projected/spherical rows, losses, η_t, a trained
// second layer a' = a − η_a E[ℓ' σ(u)]).
// Every expectation is computed in WASM (assembly/gaussMoments.ts over a GaussianRule) and the
// update itself too (assembly/stateEvolution.ts). The same trajectory is run a second time
// with the rule's coarser companion; the per-step difference is the reported error estimate.
import { DivergenceError, OptionRangeError, OptionTypeError } from '../errors.js';
import { at, BufferScope, type Backend, type BufferId } from '../wasm/backend.js';
import { maxAbsDiff } from '../gaussian/maxAbsDiff.js';
import { gaussMoments, gaussMomentsScratch, gaussMomentsSize } from '../kernels/gaussMoments.js';
import { GaussianRule, type GaussianMethod, type GaussianRuleOptions } from '../gaussian/GaussianRule.js';
import { uploadExpression } from '../kernels/uploadExpression.js';
import type { CompiledExpression } from '../expr/compileExpression.js';
import { resolveActivation, resolveTarget, type ActivationPrograms } from '../gaussian/resolvePrograms.js';
import { overlapShape } from '../gaussian/overlapShape.js';
import { CHOLESKY_TOL } from '../gaussian/populationError.js';
import { checkOption, checkWeightDecay } from '../options/optionRanges.js';
import type { TrainingOptions } from '../options/trainingOptions.js';
import { theoryTraining } from './theoryTraining.js';
import { lrFactors } from '../kernels/lrFactors.js';
import { ALGORITHM_CODE } from '../kernels/algorithmCode.js';

export interface StateEvolutionOptions {
  /** Target in z1…zk: an expression string ('tanh(z1 + He3(z2))', 'paper-2') or a compiled program. */
  target: string | CompiledExpression;
  /** Activation: a string ('relu', 'tanh(u)') or compiled { value, derivative } programs. */
  activation: string | ActivationPrograms;
  /** Learning rate η ≥ 0. */
  lr: number;
  /** Sample ratio α = n/d > 0. */
  alpha: number;
  weightDecay?: number;
  labelNoise?: number;
  steps: number;
  /** Initial overlaps, p×k; p and k are read off M0. */
  M0: number[][];
  /** Initial student Gram, p×p. */
  Q0: number[][];
  /** Second layer, length p (the initial one when secondLayerLr > 0). */
  a: number[];
  /**
   * Training variants (docs/model.md §4) the recursion covers (docs/model.md §6): algorithm,
   * loss, lrSchedule, secondLayerLr with secondLayerUpdate 'simultaneous' and secondLayerEvery,
   * sam/extragradient with displacement 'sample'.
   * The others are refused (OptionRangeError naming the option).
   */
  training?: TrainingOptions;
  /** Rule options (p, k from M0); default: half-range z rule times the nested kink rule in ξ_u, at most 2^22 points before pruning (p = k = 2: mz = 120, mu = 10; see GaussianRule). */
  rule?: Omit<GaussianRuleOptions, 'p' | 'k'>;
  /** Called after each step of each pass (the fine rule, then its coarse companion) with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface StateEvolutionResult {
  /** M[t][j][r], t = 0…steps. */
  M: number[][][];
  /** Q[t][j][l]. */
  Q: number[][][];
  /** ½E[(y − ŷ)²] at each step. */
  testError: number[];
  /** The second layer a[t][j] at each step, when secondLayerLr > 0. */
  a?: number[][];
  method: GaussianMethod;
  /** Nodes per z axis and per ξ_u axis (quadrature; 0 for Monte Carlo) and points of the rule. */
  mz: number;
  mu: number;
  points: number;
  /**
   * Per step, max |fine − coarse| over the entries of M, of Q, and for the test error, where
   * coarse is the whole recursion rerun with the coarser companion rule (quadrature: fewer
   * nodes per axis, so this over-estimates the error of the fine rule; Monte Carlo: an
   * independent set of a quarter of the points, about √5 standard errors of the main one).
   */
  quadratureError: { M: number[]; Q: number[]; testError: number[]; a?: number[] };
}

interface Trajectory {
  Mhist: BufferId;
  Qhist: BufferId;
  ahist: BufferId;
  te: BufferId;
  steps: number; // steps completed (t = 0…steps stored)
}

export function stateEvolution(backend: Backend, options: StateEvolutionOptions): StateEvolutionResult {
  const { p, k, Mflat, Qflat } = overlapShape(options.M0, options.Q0, options.a);
  const { alpha, lr, steps } = options;
  const weightDecay = options.weightDecay ?? 0;
  const labelNoise = options.labelNoise ?? 0;
  checkOption('alpha', alpha);
  checkOption('lr', lr);
  checkOption('weightDecay', weightDecay);
  checkWeightDecay(lr, weightDecay);
  checkOption('labelNoise', labelNoise);
  checkOption('steps', steps);
  const training = theoryTraining(options.training, 'single-pass');
  // ℓ' of the exponential loss is not affine in y: label noise would need an integral over it.
  if (training.loss === 'exponential' && labelNoise > 0) {
    throw new OptionRangeError('labelNoise', "0 with loss 'exponential' for theory method 'single-pass' (its ℓ' is not affine in the label, so the noise does not drop out of the moments)", labelNoise);
  }
  // g at displaced fields is not affine in y either.
  if (training.displacement && labelNoise > 0) {
    throw new OptionRangeError('labelNoise', `0 with ${training.displacement.kind} for theory method 'single-pass' (the displaced gradient is not affine in the label, so the noise does not drop out of the moments)`, labelNoise);
  }
  const displacement = training.displacement ? { kind: training.displacement.kind, rho: training.displacement.rho } : null;
  const algorithm = ALGORITHM_CODE[training.algorithm];
  const etaA = training.secondLayerLr;
  const every = training.secondLayerEvery;
  const target = resolveTarget(options.target, k);
  const activation = resolveActivation(options.activation);
  if (target.nVars > k) throw new OptionRangeError('target', `a function of z1…z${k} (M0 has ${k} columns)`, `${target.nVars} variables`);
  if (activation.value.nVars > 1 || activation.derivative.nVars > 1) throw new OptionTypeError('activation', 'must be a function of u only');

  const D = p + k;
  const scope = new BufferScope(backend);
  // With a displacement g̃ has kinks and jumps where σ(ũ) and g/‖g‖ do, which the product rules
  // do not follow (their coarse companion then under-reports the error: off by 2·10⁻² for ReLU
  // with per-sample SAM): Monte Carlo unless the caller chose a method.
  const method = options.rule?.method ?? (training.displacement ? 'monte-carlo' : undefined);
  const rule = scope.own(GaussianRule.create(backend, { ...options.rule, ...(method ? { method } : {}), p, k }));
  const alloc = (bytes: number) => scope.buffer(bytes);
  try {
    const t = scope.own(uploadExpression(backend, target));
    const s = scope.own(uploadExpression(backend, activation.value));
    const ds = scope.own(uploadExpression(backend, activation.derivative));
    const factors = alloc(8 * Math.max(1, steps));
    lrFactors(backend, training.lrSchedule, 0, steps, steps, factors);
    const L = alloc(8 * D * D);
    const mom = alloc(8 * gaussMomentsSize(p, k));
    const scratch = gaussMomentsScratch(scope, rule, [t, s, ds]);

    const K = backend.kernels;

    const passes = rule.coarse ? 2 : 1;
    let pass = 0;
    /** `stop`: a divergence ends the run quietly (tr.steps = the last finite step) instead of throwing. */
    const run = (r: GaussianRule, stop = false): Trajectory => {
      const before = pass++ * (steps + 1);
      const tr: Trajectory = {
        Mhist: alloc(8 * (steps + 1) * p * k), Qhist: alloc(8 * (steps + 1) * p * p), ahist: alloc(8 * (steps + 1) * p), te: alloc(8 * (steps + 1)), steps: 0,
      };
      backend.writeF64(tr.Mhist, Mflat);
      backend.writeF64(tr.Qhist, Qflat);
      backend.writeF64(tr.ahist, options.a);
      for (let step = 0; step <= steps; step++) {
        const Mp = at(tr.Mhist, step * p * k);
        const Qp = at(tr.Qhist, step * p * p);
        K.gaussFactorOverlaps(p, k, Mp, Qp, CHOLESKY_TOL, L);
        const aStep = at(tr.ahist, step * p);
        gaussMoments(backend, r, L, aStep, t, s, step < steps ? ds : null, mom, scratch, training.loss, displacement);
        const te = K.stateEvolutionTestError(mom, labelNoise);
        backend.f64(tr.te, steps + 1)[step] = te;
        tr.steps = step;
        options.onProgress?.(before + step + 1, passes * (steps + 1));
        if (step === steps) break;
        const factor = backend.f64(factors, steps)[step];
        K.stateEvolutionUpdate(p, k, Mp, Qp, mom, alpha, lr, factor, weightDecay, labelNoise, algorithm, at(tr.Mhist, (step + 1) * p * k), at(tr.Qhist, (step + 1) * p * p));
        // a' = a − η_a E[ℓ' σ(u)] on the updates t with (t + 1) % K = 0 (docs/model.md §4), else a copy.
        if (etaA > 0 && (step + 1) % every === 0) K.stateEvolutionSecondLayer(p, k, aStep, mom, etaA, at(tr.ahist, (step + 1) * p));
        else backend.f64(tr.ahist, (steps + 1) * p).copyWithin((step + 1) * p, step * p, (step + 1) * p);
        const next = [...backend.f64(tr.Mhist, (steps + 1) * p * k).subarray((step + 1) * p * k, (step + 2) * p * k), ...backend.f64(tr.Qhist, (steps + 1) * p * p).subarray((step + 1) * p * p, (step + 2) * p * p)];
        if (!next.every(Number.isFinite)) {
          if (stop) break;
          throw new DivergenceError(step + 1, read(tr, step), 'the state-evolution overlaps became NaN or infinite');
        }
      }
      return tr;
    };

    const read = (tr: Trajectory, last: number) => {
      const Mh = backend.f64(tr.Mhist, (steps + 1) * p * k);
      const Qh = backend.f64(tr.Qhist, (steps + 1) * p * p);
      const te = backend.f64(tr.te, steps + 1);
      const ah = backend.f64(tr.ahist, (steps + 1) * p);
      const a: number[][] = [];
      const M: number[][][] = [];
      const Q: number[][][] = [];
      const testError: number[] = [];
      for (let step = 0; step <= last; step++) {
        M.push(Array.from({ length: p }, (_, j) => Array.from(Mh.subarray(step * p * k + j * k, step * p * k + (j + 1) * k))));
        Q.push(Array.from({ length: p }, (_, j) => Array.from(Qh.subarray(step * p * p + j * p, step * p * p + (j + 1) * p))));
        testError.push(te[step]);
        if (etaA > 0) a.push(Array.from(ah.subarray(step * p, (step + 1) * p)));
      }
      return { M, Q, testError, ...(etaA > 0 ? { a } : {}) };
    };

    const fine = run(rule);
    const out = read(fine, steps);
    const quadratureError: StateEvolutionResult['quadratureError'] = { M: [], Q: [], testError: [], ...(etaA > 0 ? { a: [] } : {}) };
    if (rule.coarse) {
      // The companion only estimates the error: where it diverges and the main rule does not,
      // the estimate is +∞ (the steps of the main rule are kept, never replaced by its values).
      const coarse = run(rule.coarse, true);
      for (let step = 0; step <= steps; step++) {
        if (step > coarse.steps) {
          for (const key of ['M', 'Q', 'testError', 'a'] as const) quadratureError[key]?.push(Infinity);
          continue;
        }
        const cut = (id: BufferId, len: number) => backend.f64(id).subarray(step * len, (step + 1) * len);
        quadratureError.M.push(maxAbsDiff(cut(fine.Mhist, p * k), cut(coarse.Mhist, p * k)));
        quadratureError.Q.push(maxAbsDiff(cut(fine.Qhist, p * p), cut(coarse.Qhist, p * p)));
        quadratureError.testError.push(maxAbsDiff(cut(fine.te, 1), cut(coarse.te, 1)));
        quadratureError.a?.push(maxAbsDiff(cut(fine.ahist, p), cut(coarse.ahist, p)));
      }
    }
    return { ...out, method: rule.method, mz: rule.mz, mu: rule.mu, points: rule.points, quadratureError };
  } finally {
    scope.free();
  }
}
