// Theory beside every simulation: one entry point for the single-pass recursion
// and the multi-pass DMFT (docs/model.md §6), taking the same options as simulate() and returning
// the same fields (M.mean [t][j][r], …), projected on the theory's own step-1 direction.
import { DivergenceError, OptionRangeError } from '../errors.js';
import { compileExpression } from '../expr/compileExpression.js';
import { infiniteMoment } from '../gaussian/infiniteMoment.js';
import { meanSe } from '../kernels/meanSe.js';
import { overlaps } from '../kernels/overlaps.js';
import { drawSecondLayer } from '../simulation/drawSecondLayer.js';
import { resolveSimulateOptions, type ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { checkOption } from '../options/optionRanges.js';
import { refuseUnused } from '../options/refuseUnused.js';
import { enumOption } from '../options/validators.js';
import { checkFiniteOnData } from '../simulation/checkFiniteOnData.js';
import { resolvedConfig } from '../simulation/resolvedConfig.js';
import { rows, stepProjections } from '../simulation/stepProjections.js';
import { loadBackend, withBuffers, type Backend } from '../wasm/backend.js';
import { dmft } from './dmft.js';
import type { DmftOptions } from './dmftOptions.js';
import type { DmftResult } from './dmftResult.js';
import { GENERIC_REASONS, hasNonFinite, nonFiniteReasons, type Observable } from '../results/nonFiniteReasons.js';
import { stateEvolution, type StateEvolutionResult } from './stateEvolution.js';
import type { TheoryOptions } from './TheoryOptions.js';
import type { TheoryResult } from './TheoryResult.js';
import type { TrainingOptions } from '../options/trainingOptions.js';

export const THEORY_KEYS = ['method', 'samples', 'threads', 'onProgress'] as const;

/** SimulateOptions that describe a finite simulation, not the d → ∞ theory (docs/model.md §6). */
export const SIMULATION_ONLY = {
  d: 'the theory is the limit d → ∞ at fixed alpha = n/d',
  n: 'the theory is the limit d → ∞ at fixed alpha = n/d; give alpha',
  schedule: "the method chooses it: 'dmft' is multi-pass, 'single-pass' is single-pass",
  storage: 'the theory computes in float64',
  testError: 'the theory always reports the test error',
  engine: 'it chooses how a finite-d simulation runs; the theory is d → ∞',
  record: 'the theory reports every step 0…T',
} as const;

/** Options of the DMFT's Monte Carlo, which the deterministic single-pass recursion does not have. */
const DMFT_ONLY = {
  samples: "only method 'dmft' draws Monte Carlo samples",
  threads: "only method 'dmft' runs on threads",
} as const;

export interface TheoryEnvironment {
  /** The DMFT runner: the single-thread dmft() by default; the Node entry passes dmftThreads. */
  dmft?: (options: DmftOptions) => Promise<DmftResult>;
}

export async function theory(options: TheoryOptions = {}, env: TheoryEnvironment = {}): Promise<TheoryResult> {
  const { method = 'dmft', samples = 1_000_000, threads = 1, onProgress, ...rest } = options;
  enumOption('method', method, ['dmft', 'single-pass'] as const);
  refuseUnused(options, SIMULATION_ONLY, 'theory');
  if (method === 'single-pass') refuseUnused(options, DMFT_ONLY, "theory with method 'single-pass'");
  checkOption('samples', samples);
  checkOption('threads', threads);
  const r = resolveSimulateOptions(rest, THEORY_KEYS, method);
  const b = await loadBackend(r.backend);
  checkFiniteOnData(b, r);
  // The theories need finite second moments (docs/model.md §6): refused before any work.
  const infinite = infiniteMoment(b, {
    target: compileExpression(r.target.ast, r.k), targetSource: r.target.source, k: r.k,
    activation: compileExpression(r.activation.ast, 1), activationSource: r.activation.source,
  });
  if (infinite) throw new OptionRangeError(infinite.option, `of finite second moment for the theory (${infinite.reason})`, infinite.option === 'target' ? r.target.source : r.activation.source);
  const { a, M0, Q0 } = initialState(b, r);
  // d, n, schedule and storage describe a finite simulation, not the d → ∞ theory.
  const { d: _d, n: _n, schedule: _s, storage: _st, ...shared } = resolvedConfig(r);
  const config: Record<string, unknown> = { ...shared, method, a };
  if (method === 'single-pass') {
    const se = await keepPartial(
      async () => stateEvolution(b, {
        target: r.target.source, activation: r.activation.source, lr: r.lr, alpha: r.alpha,
        weightDecay: r.weightDecay, labelNoise: r.labelNoise, steps: r.steps, M0, Q0, a, onProgress,
        training: trainingOptionsOf(r),
      }),
      (partial: SinglePassCurves) => singlePassResult(b, r, config, partial),
    );
    return singlePassResult(b, r, config, se);
  }
  // The loaded backend is reused: its memory is already mapped, which makes repeated runs
  // several times faster than a fresh instance (first-touch of the histories dominates).
  const run = env.dmft ?? ((o: DmftOptions) => dmft(o, b));
  const dmftConfig = { ...config, samples, threads };
  const res = await keepPartial(
    () => run({
      target: r.target.source, k: r.k, activation: r.activation.source, p: r.p, alpha: r.alpha, lr: r.lr,
      weightDecay: r.weightDecay, labelNoise: r.labelNoise, steps: r.steps, M0, Q0, a, samples, seed: r.seed,
      threads, backend: r.backend, onProgress, training: trainingOptionsOf(r),
    }),
    (partial: DmftResult) => dmftTheoryResult(b, r, dmftConfig, partial),
  );
  return dmftTheoryResult(b, r, dmftConfig, res);
}

/** What the single-pass recursion hands over: the whole result, or the steps before a divergence. */
type SinglePassCurves = Pick<StateEvolutionResult, 'M' | 'Q' | 'testError'> & Partial<StateEvolutionResult>;

/**
 * Runs `work`; a DivergenceError leaves it with its partial curves turned into a TheoryResult
 * by `toResult`, so that callers (the CLI) write the steps computed before the divergence.
 */
async function keepPartial<T, P>(work: () => Promise<T>, toResult: (partial: P) => TheoryResult): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    const converted = new DivergenceError(error.step, toResult(error.partial as P), error.detail);
    converted.message = error.message;
    throw converted;
  }
}

function singlePassResult(b: Backend, r: ResolvedSimulateOptions, config: Record<string, unknown>, se: SinglePassCurves): TheoryResult {
  const proj = stepProjections(b, se.M.map((m) => m.flat()), se.Q.map((q) => q.flat()), r.p, r.k);
  return withReasons({
    method: 'single-pass', config, backend: b.variant, steps: se.M.map((_, t) => t),
    M: { mean: se.M }, Q: { mean: se.Q }, testError: { mean: se.testError },
    ...(se.a ? { a: { mean: se.a } } : {}),
    cosine: { mean: proj.cosine }, overlap: { mean: proj.overlap }, orthogonalOverlap: { mean: proj.orthogonalOverlap },
    direction: proj.direction, orthogonalBasis: proj.orthogonalBasis,
    ...(se.quadratureError ? { quadrature: quadratureOf(se as StateEvolutionResult) } : {}),
  });
}

/** The single-pass rule and its error estimates, with the reason where an estimate is +∞ (null). */
function quadratureOf(se: StateEvolutionResult): NonNullable<TheoryResult['quadrature']> {
  const error = se.quadratureError;
  const q = { method: se.method, points: se.points, error };
  if (!hasNonFinite([error.M, error.Q, error.testError])) return q;
  return { ...q, reason: 'the coarser companion rule diverged where the main rule did not: no error estimate (+∞) from that step on' };
}

/** Each observable holding NaN or ±Infinity (null in JSON) gets a reason beside it. */
function withReasons(result: TheoryResult): TheoryResult {
  for (const key of Object.keys(GENERIC_REASONS) as Observable[]) {
    const field = result[key] as { mean: unknown; se?: unknown; reason?: string } | undefined;
    if (!field) continue;
    const reason = nonFiniteReasons({ [key]: [field.mean, field.se ?? []] as never })[key];
    if (reason !== undefined) field.reason = reason;
  }
  return result;
}

function dmftTheoryResult(b: Backend, r: ResolvedSimulateOptions, config: Record<string, unknown>, res: DmftResult): TheoryResult {
  const proj = stepProjections(b, res.M.map((m) => m.flat()), res.Q.map((q) => q.flat()), r.p, r.k);
  const { overlapSe, orthogonalSe } = groupProjectionSe(b, res, r, proj.direction);
  return withReasons({
    method: 'dmft', config, backend: b.variant, steps: res.steps,
    M: { mean: res.M, se: res.se.M }, Q: { mean: res.Q, se: res.se.Q },
    testError: { mean: res.testError, se: res.se.testError }, trainError: { mean: res.trainError, se: res.se.trainError },
    ...(res.a ? { a: { mean: res.a, ...(res.se.a ? { se: res.se.a } : {}) } } : {}),
    cosine: { mean: proj.cosine },
    overlap: { mean: proj.overlap, se: overlapSe },
    orthogonalOverlap: { mean: proj.orthogonalOverlap, se: orthogonalSe },
    direction: proj.direction, orthogonalBasis: proj.orthogonalBasis,
    dmft: { C: res.C, Gamma: res.Gamma, Lambda: res.Lambda, se: res.se, samples: res.samples, groups: res.groups },
  });
}

/** The resolved training variants as options of stateEvolution() and dmft() (validated again there: one validator per option). */
function trainingOptionsOf(r: ResolvedSimulateOptions): TrainingOptions {
  const t = r.training;
  return {
    algorithm: t.algorithm, loss: t.loss, lrSchedule: t.lrSchedule, secondLayerLr: t.secondLayerLr,
    secondLayerUpdate: t.secondLayerUpdate, secondLayerEvery: t.secondLayerEvery,
    ...(t.displacement ? { [t.displacement.kind]: t.displacement.rho, displacement: t.displacement.scope } : {}),
  };
}

/** Second layer and (M⁰, Q⁰) implied by the simulate options (docs/model.md §1–2, d → ∞). */
function initialState(b: Backend, r: ResolvedSimulateOptions): { a: number[]; M0: number[][]; Q0: number[][] } {
  const { p, k } = r;
  return withBuffers(b, (s) => {
    const aId = s.buffer(p * 8);
    drawSecondLayer(b, r, aId, (bytes) => s.buffer(bytes));
    const a = Array.from(b.readF64(aId, p));
    const eye = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => (j === l ? 1 : 0)));
    // 'orthogonal' is exactly M⁰ = 0, Q⁰ = I; 'random' has overlaps O(1/√d) → the same limit.
    if (typeof r.init !== 'object') return { a, M0: Array.from({ length: p }, () => new Array<number>(k).fill(0)), Q0: eye };
    // Prescribed m0: W_j = m0_j W* + √(1 − ‖m0_j‖²) O_j, so Q⁰_jl = m0_j·m0_l for j ≠ l, Q⁰_jj = 1.
    const m0 = s.copyF64(r.init.m0.flat());
    const M = s.buffer(p * p * 8);
    const Q = s.buffer(p * p * 8);
    overlaps(b, m0, p, m0, p, k, 1, M, Q); // ld = k, d = 1: Q = m0 m0ᵀ
    const Q0 = rows(b.readF64(Q, p * p), p, p).map((row, j) => row.map((v, l) => (j === l ? 1 : v)));
    return { a, M0: r.init.m0.map((row) => [...row]), Q0 };
  });
}

/** Batch-means SE of the projections: each Monte-Carlo group's M projected on the global u₁. */
function groupProjectionSe(b: Backend, res: DmftResult, r: ResolvedSimulateOptions, direction: number[] | null) {
  const G = res.groupEstimates.M.length;
  if (direction === null || G < 2) return { overlapSe: undefined, orthogonalSe: undefined };
  const { p, k } = r;
  const T1 = res.M.length;
  const dummyQ = res.Q.map((q) => q.flat());
  const ov: number[] = [];
  const orth: number[] = [];
  for (const Mg of res.groupEstimates.M) {
    const pr = stepProjections(b, Mg.map((m) => m.flat()), dummyQ, p, k, direction);
    ov.push(...pr.overlap.flat());
    orth.push(...pr.orthogonalOverlap.flat(2));
  }
  const ovSe = meanSe(b, Float64Array.from(ov), G, T1 * p).se;
  const orSe = meanSe(b, Float64Array.from(orth), G, T1 * p * Math.max(0, k - 1)).se;
  return {
    overlapSe: Array.from({ length: T1 }, (_, t) => Array.from(ovSe.subarray(t * p, t * p + p))),
    orthogonalSe: Array.from({ length: T1 }, (_, t) => rows(orSe.subarray(t * p * (k - 1), (t + 1) * p * (k - 1)), p, k - 1)),
  };
}

