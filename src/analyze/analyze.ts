// analyze(target): which directions of a multi-index target gradient descent learns, how and
// on what time scale, before any simulation (docs/model.md §7).
// 1. Hermite expansion (hermiteExpansion.ts): exact for polynomials, quadrature otherwise,
//    with an error estimate; infinite variance and constant targets are detected here.
// 2. The relevant subspace (relevantSubspace.ts): the directions f* depends on. Everything
//    below runs on f* restricted to it, f*(B x) with B an orthonormal basis, and its vectors
//    are mapped back to R^k: irrelevant directions enter no exponent, leap, level or verdict.
// 3. Single-pass: the rotation-invariant leap staircase (singlePassStaircase.ts; Abbe et al.
//    2023), the information exponent (Ben Arous et al. 2021) along each learnt direction,
//    the leap exponent and the sample complexity n ~ d, d log d, d^(ℓ−1).
//    Then the student-level prediction for one activation (studentSinglePass.ts).
// 4. Multi-pass (Dandi et al. 2024, arXiv 2402.03220): the levels U₁ ⊂ U₂ … from conditional
//    means given (y, z_U), and the symmetric directions with the lowest order of a non-zero
//    conditional moment (multiPassLevels.ts).
// All floating-point numbers of the result come out of WASM kernels; TypeScript only decides.
import { OptionRangeError } from '../errors.js';
import type { Ast } from '../expr/ast.js';
import { compileExpression, type CompiledExpression } from '../expr/compileExpression.js';
import { foldConstants } from '../expr/foldConstants.js';
import { formatExpression } from '../expr/formatExpression.js';
import { parseTarget } from '../expr/parseTarget.js';
import { uploadExpression, type UploadedExpression } from '../kernels/uploadExpression.js';
import { loadBackend } from '../wasm/backend.js';
import type { Analysis, Decision, HermiteCoefficient, SampleComplexity } from './Analysis.js';
import type { AnalyzeOptions } from './AnalyzeOptions.js';
import { formatDirection } from './formatDirection.js';
import { hermiteExpansion, type HermiteExpansion } from './hermiteExpansion.js';
import { multiIndices } from './multiIndices.js';
import { multiPassLevels } from './multiPassLevels.js';
import { monteCarloPoints, quadraturePoints, type PointSet } from './pointSet.js';
import { polynomialDegrees } from './polynomialDegrees.js';
import { MAX_ANALYZE_K, MAX_TENSOR_ENTRIES, resolveAnalyzeOptions, type ResolvedAnalyzeOptions } from './resolveAnalyzeOptions.js';
import { relevantSubspace } from './relevantSubspace.js';
import { ERROR_FACTOR, singlePassStaircase } from './singlePassStaircase.js';
import { studentSinglePass } from './studentSinglePass.js';
import { substituteLinear } from './substituteLinear.js';
import { WasmLinalg } from './WasmLinalg.js';

/** Default nodes per axis of the multi-pass quadrature (k = 1…6; Monte Carlo is the default above 3). */
const QUADRATURE_NODES = [0, 400, 400, 100, 30, 16, 10];
/** Relative change of E f*² between the two rules above which the variance is declared infinite. */
const VARIANCE_GROWTH = 0.1;
/** Share of E f*² from points with some |z_v| > 6 above which the variance is declared infinite. */
const TAIL_SHARE = 0.05;

export const CONVENTION = 'c_α = E[f*(z) He_α(z)] (probabilists’ Hermite, He_α = Π He_{α_i}(z_i)); f* = Σ_α c_α He_α(z)/α!';

export async function analyze(target: string, options?: AnalyzeOptions): Promise<Analysis> {
  const o = resolveAnalyzeOptions(options);
  const parsed = parseTarget(target, { k: o.k, maxK: MAX_ANALYZE_K, option: 'target' });
  const k = parsed.k;
  if (k ** o.degree > MAX_TENSOR_ENTRIES) {
    throw new OptionRangeError('degree', `at most ${Math.floor(Math.log(MAX_TENSOR_ENTRIES) / Math.log(k) + 1e-9)} for k = ${k} (k^degree ≤ 2^21)`, o.degree);
  }
  const names = Array.from({ length: k }, (_, i) => `z${i + 1}`);
  const name = (v: ArrayLike<number>) => formatDirection(v, names);
  const backend = await loadBackend(o.backend);
  const linalg = new WasmLinalg(backend);
  const program = uploadExpression(backend, compileExpression(parsed.ast, k));
  const pointSets: PointSet[] = [];
  const programs: UploadedExpression[] = [];
  try {
    const degrees = polynomialDegrees(foldConstants(parsed.ast), k);
    const h = hermiteExpansion(linalg, program, k, o.degree, degrees.perVariable);
    const infinite = (detail: string): never => {
      throw new OptionRangeError('target', `a target with finite variance E[f*(z)²] < ∞ (infinite variance: ${detail})`, target);
    };
    if (h.fine.acc[2] > 0 || h.coarse.acc[2] > 0) infinite('f* is infinite or undefined at some quadrature points');
    if (!Number.isFinite(h.fine.acc[1]) || !Number.isFinite(h.coarse.acc[1])) infinite('E[f*²] overflows');
    const vc = linalg.with([h.fine.acc, h.coarse.acc], [6], (ids) => {
      linalg.K.analyzeVarianceCheck(ids[0], ids[1], ids[2]);
      return backend.readF64(ids[2], 6);
    });
    const [mean, second, variance] = vc;
    const rule = (r: typeof h.fine) => r.axes.map((a) => `${a.m}`).join('×');
    if (!h.exact && vc[4] > VARIANCE_GROWTH) {
      infinite(`E[f*²] is ${h.fine.acc[1].toPrecision(4)} with ${rule(h.fine)} quadrature nodes but ${h.coarse.acc[1].toPrecision(4)} with ${rule(h.coarse)}: it grows with the number of points`);
    }
    if (!h.exact && vc[5] > TAIL_SHARE) {
      infinite(`${(100 * vc[5]).toFixed(0)}% of E[f*²] comes from |z| > 6, where the Gaussian has probability 2e-9: f*² grows like the inverse Gaussian density`);
    }
    const decisions: Decision[] = [];
    const constTol = linalg.threshold(o.tolerance, second, 1e-12);
    const constant = parsed.variables.length === 0 || !(variance > constTol);
    decisions.push({ kind: 'variance', what: 'Var f*(z) (a constant target has nothing to learn)', value: variance, error: 0, tolerance: constTol, nonZero: !constant });
    const hermiteMethod = h.exact
      ? `exact: Gauss–Hermite ${rule(h.fine)} nodes (polynomial target), check rule ${rule(h.coarse)}`
      : `quadrature: product rule ${rule(h.fine)} (${h.fine.points} points; Gauss–Hermite on polynomial axes, half-range Gauss otherwise), error from ${rule(h.coarse)}`;
    const base = {
      k,
      target: formatExpression(parsed.ast),
      source: parsed.source,
      ...(parsed.alias ? { alias: parsed.alias } : {}),
      variables: parsed.variables.map((v) => `z${v}`),
      mean,
      variance,
      tolerance: o.tolerance,
      seed: o.seed,
      degree: o.degree,
      maxOrder: o.maxOrder,
    };
    const axes = Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, i) => (i === j ? 1 : 0)));
    if (constant) {
      return {
        ...base,
        constant: true,
        relevant: [],
        irrelevant: axes,
        verdict: 'constant target: nothing to learn',
        singlePass: {
          informationExponent: null, leapExponent: null, staircase: [], steps: [], unreached: [],
          sampleComplexity: 'nothing to learn',
          hermite: { degree: o.degree, convention: CONVENTION, coefficients: hermiteList(linalg, h, o.tolerance).filter((c) => c.multiIndex.every((a) => a === 0)), method: hermiteMethod, exact: h.exact, points: h.fine.points },
        },
        multiPass: { levels: [], hard: [], method: 'none (constant target)', points: 0, bins: 0 },
        decisions,
        method: { hermite: hermiteMethod, relevant: 'none (constant target)', multiPass: 'none (constant target)' },
      };
    }

    // The relevant subspace, then f* restricted to it.
    const sub = relevantSubspace(linalg, h, parsed.ast, o.tolerance, name);
    decisions.push(...sub.decisions);
    const inner = restrict(linalg, parsed.ast, sub.relevant, o.degree, h, program);
    if (inner.program !== program) programs.push(inner.program);
    const r = inner.k;
    const lift = (v: ArrayLike<number>) => (inner.reduced ? linalg.combine(sub.relevant, v) : Array.from(v));
    const nameIn = (v: ArrayLike<number>) => name(lift(v));

    // Single pass, inside the relevant subspace.
    const stair = singlePassStaircase(linalg, inner.h, o.tolerance, nameIn);
    decisions.push(...stair.decisions);
    const leapExponent = stair.steps.length ? Math.max(...stair.steps.map((s) => s.leap)) : null;
    const sampleComplexity: SampleComplexity =
      stair.unreached.length || leapExponent === null ? 'never (no leap)' : leapExponent === 1 ? 'n ~ d' : leapExponent === 2 ? 'n ~ d log d' : `n ~ d^${leapExponent - 1}`;
    const informationExponent = stair.steps.length ? stair.steps[0].leap : null;
    const student = studentSinglePass(linalg, inner.compiled, inner.h, { ...o.student, tolerance: o.tolerance }, informationExponent, lift, name);
    decisions.push(...student.decisions);

    // Multi pass, inside the relevant subspace.
    const { fine, coarse, method: multiMethod } = multiPassPoints(linalg, o, inner.program, r, inner.reduced, pointSets);
    for (const ps of pointSets) if (ps.acc[2] > 0) infinite(`f* is infinite or undefined at some of the ${ps.method} points`);
    const multi = multiPassLevels(linalg, fine, coarse, { tolerance: o.tolerance, maxOrder: o.maxOrder, bins: o.bins });
    decisions.push(...multi.decisions);

    return {
      ...base,
      constant: false,
      relevant: sub.relevant,
      irrelevant: sub.irrelevant,
      singlePass: {
        informationExponent,
        leapExponent,
        staircase: stair.steps.map((s) => s.vectors.map(lift)),
        steps: stair.steps.map((s) => ({ ...s, vectors: s.vectors.map(lift) })),
        unreached: stair.unreached.map(lift),
        sampleComplexity,
        student: { activation: o.student.activation.source, alpha: o.student.alpha, lr: o.student.lr, steps: o.student.steps, p: o.student.p, directions: student.directions, method: student.method },
        hermite: { degree: o.degree, convention: CONVENTION, coefficients: hermiteList(linalg, h, o.tolerance), method: hermiteMethod, exact: h.exact, points: h.fine.points },
      },
      multiPass: {
        levels: multi.levels.map((vs) => vs.map(lift)),
        hard: multi.hard.map((x) => ({ direction: lift(x.direction), order: x.order })),
        method: multiMethod, points: fine.n, bins: o.bins,
      },
      decisions,
      method: { hermite: hermiteMethod, relevant: sub.method, multiPass: multiMethod, student: student.method },
    };
  } finally {
    for (const ps of pointSets) ps.free();
    for (const pr of programs) pr.free();
    program.free();
  }
}

/** The points of the multi-pass conditional moments in the r relevant coordinates (registered in `pointSets` for freeing). */
function multiPassPoints(linalg: WasmLinalg, o: ResolvedAnalyzeOptions, program: UploadedExpression, r: number, reduced: boolean, pointSets: PointSet[]) {
  const method = o.method === 'auto' ? (r <= 3 ? 'quadrature' : 'monte-carlo') : o.method;
  const where = reduced ? `, in the ${r}-dimensional relevant subspace` : '';
  if (method === 'quadrature') {
    const m = o.nodes ?? QUADRATURE_NODES[r];
    if (m ** r > 2 ** 24) throw new OptionRangeError('nodes', `at most ${Math.floor(2 ** (24 / r) / 2) * 2} for ${r} relevant directions (nodes^${r} ≤ 2^24 points)`, m);
    const mc = Math.max(4, 2 * Math.round((0.7 * m) / 2));
    const fine = quadraturePoints(linalg, program, r, m);
    pointSets.push(fine);
    const coarse = quadraturePoints(linalg, program, r, mc);
    pointSets.push(coarse);
    return { fine, coarse, method: `quadrature: half-range Gauss ${m}^${r} points, ${o.bins} quantile bins of y (joint with bins of the learnt fields), error from ${mc}^${r} points${where}` };
  }
  const fine = monteCarloPoints(linalg, program, r, o.points, o.seed);
  pointSets.push(fine);
  return { fine, coarse: null, method: `monte-carlo: ${o.points} seeded normals (seed ${o.seed}), ${o.bins} quantile bins of y (joint with bins of the learnt fields), error = sampling-noise floor${where}` };
}

interface Restricted {
  /** Number of relevant directions. */
  k: number;
  reduced: boolean;
  compiled: CompiledExpression;
  program: UploadedExpression;
  h: HermiteExpansion;
}

/**
 * f* restricted to the relevant subspace: g(x) = f*(B x), x ∈ R^r, B's columns the relevant
 * basis (z_i → Σ_j B[i][j] x_j). With every direction relevant, f* itself (same bits as before).
 */
function restrict(linalg: WasmLinalg, ast: Ast, relevant: number[][], degree: number, h: HermiteExpansion, program: UploadedExpression): Restricted {
  const k = h.k;
  const r = relevant.length;
  if (r === k) return { k, reduced: false, compiled: compileExpression(ast, k), program, h };
  const g = substituteLinear(ast, Array.from({ length: k }, (_, i) => relevant.map((v) => v[i])));
  const compiled = compileExpression(g, r);
  const up = uploadExpression(linalg.backend, compiled);
  try {
    const hg = hermiteExpansion(linalg, up, r, degree, polynomialDegrees(foldConstants(g), r).perVariable);
    return { k: r, reduced: true, compiled, program: up, h: hg };
  } catch (e) {
    up.free();
    throw e;
  }
}

/** The coefficients judged non-zero (|c_α| > max(tolerance, 5·error)), by degree. */
function hermiteList(linalg: WasmLinalg, h: ReturnType<typeof hermiteExpansion>, tolerance: number): HermiteCoefficient[] {
  const out: HermiteCoefficient[] = [];
  const D1 = h.degree + 1;
  for (let l = 0; l <= h.degree; l++) {
    for (const alpha of multiIndices(h.k, l)) {
      const idx = alpha.reduce((s, a) => s * D1 + a, 0);
      const value = h.fine.coefficients[idx];
      const error = h.error[idx];
      if (Math.abs(value) > linalg.threshold(tolerance, error, ERROR_FACTOR)) out.push({ multiIndex: alpha, value, error });
    }
  }
  return out;
}
