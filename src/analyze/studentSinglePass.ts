// The single-pass verdict for one student (docs/model.md §7, last paragraph): the exponents are
// properties of the target, but whether a given activation moves along a direction in O(1)
// steps at n = αd also depends on its Hermite coefficients. So the recursion of docs/model.md
// §6 (src/theory/stateEvolution.ts, the theory line beside every single-pass simulation) is
// iterated from the student's initialisation (M⁰ = 0, Q⁰ = I, alternating second layer) on the
// target restricted to its relevant subspace, and each direction is judged by whether the
// overlap leaves 0 beyond the recursion's quadrature error.
// Directions: the eigen-directions of S = Σ_{t,j} M^t_j M^t_jᵀ split the relevant subspace into
// a moved block (listed as u₁, the step-1 direction, then the canonical basis of the rest) and
// a still block (canonical basis). Per direction v: value
// max_{t,j} |M^t_j·v|, error √k_rel · max_t (per-step largest entry error of M), threshold
// max(tolerance, 5·error).
// The reason of a still direction names the mechanism when it is the Hermite selection rule:
// after step 1, M ∥ u₁ ∝ E[f* z]; the drift along w ⟂ u₁ is ∝ E[h(s) σ′(m s + ξ)] with
// h(s) = E[f* w·z | s = u₁·z], whose Hermite coefficients are T_{ℓ+1}(w, u₁, …, u₁), and
// E[σ′(m s + ξ) He_ℓ(s)] ∝ the degree-(ℓ+1) coefficient of σ. It vanishes at every step when
// h is even and σ − c₁u is even (ReLU: σ′ = ½ + odd), or h is odd and σ is odd (tanh).
import type { ParsedActivation } from '../expr/parseActivation.js';
import type { CompiledExpression } from '../expr/compileExpression.js';
import { compileExpression } from '../expr/compileExpression.js';
import { secondLayer } from '../kernels/secondLayer.js';
import { uploadExpression } from '../kernels/uploadExpression.js';
import { stateEvolution } from '../theory/stateEvolution.js';
import type { Decision, StudentDirection } from './Analysis.js';
import { hermiteExpansion, type HermiteExpansion } from './hermiteExpansion.js';
import { HermiteTensors } from './HermiteTensors.js';
import { polynomialDegrees } from './polynomialDegrees.js';
import { ERROR_FACTOR } from './singlePassStaircase.js';
import type { WasmLinalg } from './WasmLinalg.js';

export interface StudentOptions {
  activation: ParsedActivation;
  alpha: number;
  lr: number;
  steps: number;
  p: number;
  tolerance: number;
}

export interface StudentResult {
  directions: StudentDirection[];
  decisions: Decision[];
  method: string;
}

/** Overlaps the recursion must resolve for "stays at 0" to mean anything (the paper's u₁⊥ is 1e-2). */
const RESOLVE = 1e-3;

/** The alternating second layer a_j = ±1/√p of docs/model.md §1, computed in WASM. */
function alternating(linalg: WasmLinalg, p: number): number[] {
  return linalg.with([], [p], ([id]) => {
    secondLayer(linalg.backend, 'alternating', p, null, id);
    return Array.from(linalg.backend.readF64(id, p));
  });
}

/**
 * target: f* in the r coordinates of the relevant basis; h: its Hermite expansion;
 * informationExponent: the target's (1 ⇔ E[f* z] ≠ 0); lift maps coordinates to R^k; name
 * writes a lifted vector.
 */
export function studentSinglePass(
  linalg: WasmLinalg, target: CompiledExpression, h: HermiteExpansion, o: StudentOptions, informationExponent: number | null,
  lift: (v: ArrayLike<number>) => number[], name: (v: ArrayLike<number>) => string,
): StudentResult {
  const r = h.k;
  const { p, steps } = o;
  const se = stateEvolution(linalg.backend, {
    target, activation: o.activation.source, lr: o.lr, alpha: o.alpha, steps,
    M0: Array.from({ length: p }, () => new Array<number>(r).fill(0)),
    Q0: Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => (j === l ? 1 : 0))),
    a: alternating(linalg, p),
  });
  const method = `single-pass state evolution (docs/model.md §6): σ = ${o.activation.source}, α = ${o.alpha}, η = ${o.lr}, ${steps} steps, p = ${p}, M⁰ = 0, ${se.method} rule (${se.points} points)`;
  const m = se.M.slice(1).flatMap((mt) => mt.flat());
  const err = se.quadratureError.M.length ? se.quadratureError.M.slice(1) : new Array<number>(steps).fill(0);
  const project = (v: ArrayLike<number>) =>
    linalg.with([m, v, err], [3], (ids) => {
      linalg.K.analyzeStepProjection(ids[0], steps, p, r, ids[1], ids[2], ids[3]);
      return linalg.backend.readF64(ids[3], 3);
    });
  // Moved and still blocks from the eigen-directions of S, each made canonical.
  const eig = linalg.eigen(linalg.gramRows(m.length ? m : [0], steps * p, r), r);
  const moved: Float64Array[] = [];
  const still: Float64Array[] = [];
  for (const v of eig.vectors) {
    const [value, error] = project(v);
    (value > linalg.threshold(o.tolerance, error, ERROR_FACTOR) ? moved : still).push(v);
  }
  // Moved block: u₁ (the step-1 direction, M¹ ∝ E[f* z] for every neuron) first, as the
  // paper's figure plots it, then the canonical basis of the rest; still block: canonical.
  const stillBasis = linalg.canonicalBasis(still, r);
  let movedBasis: Float64Array[] = [];
  if (moved.length) {
    const u1 = linalg.eigen(linalg.gramRows(m.slice(0, p * r), p, r), r).vectors[0];
    movedBasis = [u1, ...linalg.complement([u1, ...stillBasis], r)];
  }
  const blocks = [movedBasis, stillBasis];
  const decisions: Decision[] = [];
  const verdicts: { v: Float64Array; value: number; error: number; step: number; learnt: boolean }[] = [];
  for (const v of blocks.flat()) {
    const [value, error, step] = project(v);
    const tol = linalg.threshold(o.tolerance, error, ERROR_FACTOR);
    const learnt = value > tol;
    decisions.push({
      kind: 'learnt',
      what: `single-pass student (${o.activation.source}): max over steps 1…${steps} and neurons of |M_j·v| along v = ${name(lift(v))}`,
      value, error, tolerance: tol, nonZero: learnt,
    });
    verdicts.push({ v, value, error, step: step + 1, learnt });
  }
  const learntVecs = verdicts.filter((x) => x.learnt).map((x) => x.v);
  const rule = learntVecs.length === 1 && verdicts.some((x) => !x.learnt)
    ? selectionRule(linalg, h, o, learntVecs[0], lift, name, decisions)
    : null;
  const fmt = (x: number) => x.toExponential(1);
  const directions = verdicts.map(({ v, value, error, step, learnt }): StudentDirection => {
    let reason: string;
    if (learnt) {
      reason = `moves in O(1) steps: |M_j·v| reaches ${fmt(value)} by step ${step} (error ${fmt(error)})`;
    } else {
      reason = `stays at 0: |M_j·v| ≤ ${fmt(value)} over ${steps} steps, within the quadrature error (${fmt(error)})`;
      // An error estimate this large cannot resolve 1e-3 overlaps (the paper's u₁⊥ reaches 1e-2).
      if (!(error < RESOLVE)) reason += `; but that error is too large to resolve overlaps of ${RESOLVE} (does the recursion diverge at η = ${o.lr}?)`;
      if (steps === 0) reason += ' (no step taken)';
      else if (!learntVecs.length && informationExponent !== 1) reason += '; M⁰ = 0 is a fixed point: E[f* z] = 0 for this target (information exponent ≥ 2), so single-pass needs more than O(1) steps at n = αd';
      else if (!learntVecs.length) reason += '; M¹ ∝ E[σ′(u)]·E[f* z] stays 0: this activation has E[σ′(u)] = 0 at the initialisation';
      else if (rule) reason += `; ${rule(v)}`;
      else reason += '; no leap of size 1 for this student reaches it in O(1) steps';
    }
    return { direction: lift(v), learnt, reason };
  });
  return { directions, decisions, method };
}

/**
 * The Hermite selection rule for a still direction w given the one moved direction u (null:
 * neither parity case holds). Parities are decided on coefficients up to the expansion degree.
 */
function selectionRule(
  linalg: WasmLinalg, h: HermiteExpansion, o: StudentOptions, u: Float64Array,
  lift: (v: ArrayLike<number>) => number[], name: (v: ArrayLike<number>) => string, decisions: Decision[],
): ((w: Float64Array) => string) | null {
  const L = h.degree;
  const sigma = activationCoefficients(linalg, o.activation, L);
  // Largest |coefficient| of σ over the degrees `ds`, with its error (decided like the others).
  const sigmaMax = (ds: number[]) => maxAbs(ds.map((d) => sigma.fine.coefficients[d]), ds.map((d) => sigma.error[d]));
  const odd3 = sigmaMax(range(3, L).filter((d) => d % 2 === 1));
  const even = sigmaMax(range(0, L).filter((d) => d % 2 === 0));
  const reluLike = odd3.value <= linalg.threshold(o.tolerance, odd3.error, ERROR_FACTOR);
  const oddSigma = even.value <= linalg.threshold(o.tolerance, even.error, ERROR_FACTOR);
  if (!reluLike && !oddSigma) return null;
  return (w) => {
    // Coefficients of h: T_{ℓ+1}(w, u, …, u), ℓ = 1 … L−1, from both rules.
    const coeffs = hCoefficients(linalg, h, u, w);
    const hOdd = maxAbs(coeffs.fine.filter((_, l) => l % 2 === 1), coeffs.error.filter((_, l) => l % 2 === 1));
    const hEven = maxAbs(coeffs.fine.filter((_, l) => l % 2 === 0 && l > 0), coeffs.error.filter((_, l) => l % 2 === 0 && l > 0));
    const tag = `h(s) = E[f* w·z | s = u₁·z], u₁ = ${name(lift(u))}, w = ${name(lift(w))}`;
    const decide = (what: string, x: { value: number; error: number }) => {
      const tol = linalg.threshold(o.tolerance, x.error, ERROR_FACTOR);
      const nonZero = x.value > tol;
      decisions.push({ kind: 'selection-rule', what, value: x.value, error: x.error, tolerance: tol, nonZero });
      return !nonZero;
    };
    const zero = (x: { value: number; error: number }) => x.value <= linalg.threshold(o.tolerance, x.error, ERROR_FACTOR);
    if (zero(hOdd) && zero(hEven)) {
      decide(`selection rule: ${tag} (max |T_{ℓ+1}(w, u₁…u₁)|, ℓ = 1 … ${L - 1})`, { value: Math.max(hOdd.value, hEven.value), error: Math.max(hOdd.error, hEven.error) });
      return `h(s) = E[f* w·z | u₁·z = s] vanishes up to degree ${L} (a symmetry of f*), so the drift E[h(s) σ′(m s + ξ)] = 0 for any activation`;
    }
    if (reluLike && decide(`selection rule: odd part of ${tag} (max |T_{ℓ+1}(w, u₁…u₁)|, ℓ odd)`, hOdd)) {
      return `Hermite selection rule: h(s) = E[f* w·z | u₁·z = s] is even and σ′ − E σ′ is odd (σ − c₁u even: its Hermite coefficients of odd degree ≥ 3 vanish), so the drift E[h(s) σ′(m s + ξ)] = E[σ′]·E[f* w·z] = 0 at every step`;
    }
    if (oddSigma && decide(`selection rule: even part of ${tag} (max |T_{ℓ+1}(w, u₁…u₁)|, ℓ even ≥ 2)`, hEven)) {
      return `Hermite selection rule: h(s) = E[f* w·z | u₁·z = s] is odd and σ′ is even (σ odd), so the drift E[h(s) σ′(m s + ξ)] = 0 at every step`;
    }
    return 'no leap of size 1 for this student reaches it in O(1) steps';
  };
}

const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/** The largest |value| and the largest error of a group of coefficients (abs and max are exact). */
function maxAbs(values: number[], errors: number[]): { value: number; error: number } {
  return { value: Math.max(0, ...values.map(Math.abs)), error: Math.max(0, ...errors) };
}

/** Hermite coefficients c_0 … c_L of σ (one variable), with errors from the coarser rule. */
function activationCoefficients(linalg: WasmLinalg, activation: ParsedActivation, L: number): HermiteExpansion {
  const program = uploadExpression(linalg.backend, compileExpression(activation.ast, 1));
  try {
    return hermiteExpansion(linalg, program, 1, L, polynomialDegrees(activation.ast, 1).perVariable);
  } finally {
    program.free();
  }
}

/** T_{ℓ+1}(w, u, …, u) for ℓ = 0 … L−1 from both rules (index ℓ), and their differences. */
function hCoefficients(linalg: WasmLinalg, h: HermiteExpansion, u: Float64Array, w: Float64Array): { fine: number[]; error: number[] } {
  const b = linalg.backend;
  const r = h.k;
  // Qᵀ with rows u, w, then the rest of an orthonormal basis (only the first two are read).
  const basis = [u, w, ...linalg.complement([u, w], r)];
  const qt = new Float64Array(r * r);
  basis.forEach((v, a) => qt.set(v, a * r));
  const read = (c: Float64Array) => {
    const t = new HermiteTensors(b, linalg, c, r, h.degree);
    const n = r ** h.degree;
    try {
      return linalg.with([qt], [n, n], (ids) => {
        const out: number[] = [];
        for (let l = 0; l < h.degree; l++) {
          linalg.K.analyzeTensorModes(t.ids[l + 1], l + 1, r, ids[0], ids[1], ids[2]);
          // Entry [w, u, …, u]: first index 1 (slowest), the others 0.
          out.push(b.readF64(ids[1], r ** l + 1)[r ** l]);
        }
        return out;
      });
    } finally {
      t.free();
    }
  };
  const fine = read(h.fine.coefficients);
  const coarse = read(h.coarse.coefficients);
  return { fine, error: Array.from(linalg.absDiff(fine, coarse)) };
}
