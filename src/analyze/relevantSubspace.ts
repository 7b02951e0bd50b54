// The relevant subspace of a target: the directions f* depends on (docs/model.md §7, "irrelevant
// directions"). tanh(z1 + z2) is written in two variables but depends on (z1 + z2)/√2 only;
// (z1 − z2)/√2 is not hard or never learnt, it is outside the target, and every later verdict
// is made inside the relevant subspace.
// 1. The Hermite gradient Gram R = Σ_{ℓ=1..L} (1/(ℓ−1)!) unfold(T_ℓ) unfold(T_ℓ)ᵀ, T_ℓ =
//    E[f* He_ℓ(z)] (= E[∇f* ∇f*ᵀ] truncated at degree L, defined from the coefficients alone, so
//    for sign and relu too; it rotates with the variables, R → O R Oᵀ). Its range is the set of
//    directions some Hermite component of degree ≤ L involves. Decision per eigen-direction:
//    value √λ (the RMS derivative along it), error |√λ − √λ_coarse| (R from the coarser rule),
//    threshold max(tolerance, 5·error), as for the staircase.
// 2. The degree bound is checked, not assumed: with P the projection on the range,
//    √E[(f*(z) − f*(P z))²] must vanish (a function of the projected fields only), computed on
//    the same quadrature rules. If it does not (f* depends on a direction only through degrees
//    above L), no direction is declared irrelevant.
import { compileExpression } from '../expr/compileExpression.js';
import type { Ast } from '../expr/ast.js';
import { foldConstants } from '../expr/foldConstants.js';
import { uploadExpression } from '../kernels/uploadExpression.js';
import type { Decision } from './Analysis.js';
import { hermiteRules, hermiteRun, type AxisRule, type HermiteExpansion } from './hermiteExpansion.js';
import { HermiteTensors } from './HermiteTensors.js';
import { polynomialDegrees } from './polynomialDegrees.js';
import { ERROR_FACTOR } from './singlePassStaircase.js';
import { substituteLinear } from './substituteLinear.js';
import { identity, column, type WasmLinalg } from './WasmLinalg.js';

export interface RelevantSubspace {
  /** Orthonormal basis of the relevant subspace (canonical: coordinate axes come out as themselves). */
  relevant: number[][];
  /** Orthonormal basis of its complement. */
  irrelevant: number[][];
  decisions: Decision[];
  method: string;
}

/** R = Σ_ℓ (1/(ℓ−1)!) unfold(T_ℓ) unfold(T_ℓ)ᵀ from one rule's coefficients. */
function gradientGram(linalg: WasmLinalg, c: Float64Array, k: number, degree: number): Float64Array {
  const b = linalg.backend;
  const t = new HermiteTensors(b, linalg, c, k, degree);
  try {
    return linalg.with([], [k * k], (ids) => {
      for (let l = 1; l <= degree; l++) linalg.K.analyzeGradientGram(t.ids[l], l, k, ids[0]);
      return b.readF64(ids[0], k * k);
    });
  } finally {
    t.free();
  }
}

export function relevantSubspace(linalg: WasmLinalg, h: HermiteExpansion, ast: Ast, tolerance: number, name: (v: ArrayLike<number>) => string): RelevantSubspace {
  const { k, degree } = h;
  const decisions: Decision[] = [];
  const ef = linalg.eigen(gradientGram(linalg, h.fine.coefficients, k, degree), k);
  const ec = linalg.eigen(gradientGram(linalg, h.coarse.coefficients, k, degree), k);
  const vf = linalg.sqrtPos(ef.values);
  const err = linalg.absDiff(vf, linalg.sqrtPos(ec.values));
  const accepted: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const tol = linalg.threshold(tolerance, err[i], ERROR_FACTOR);
    const nonZero = vf[i] > tol;
    if (nonZero) accepted.push(ef.vectors[i]);
    decisions.push({
      kind: 'relevant',
      what: `relevant subspace: √(eigenvalue ${i + 1} of ${k}) of E[∇f* ∇f*ᵀ] up to Hermite degree ${degree} (RMS derivative along ${name(ef.vectors[i])})`,
      value: vf[i], error: err[i], tolerance: tol, nonZero,
    });
  }
  const method = `range of the Hermite gradient Gram E[∇f* ∇f*ᵀ] up to degree ${degree}, checked by √E[(f*(z) − f*(Pz))²] = 0`;
  const all = { relevant: Array.from({ length: k }, (_, j) => Array.from(column(identity(k), k, j))), irrelevant: [], decisions, method };
  // None found up to degree L although f* is not constant (He8(z1) at L = 6): keep them all.
  if (accepted.length === k || accepted.length === 0) return all;
  const relevant = linalg.canonicalBasis(accepted, k);
  const irrelevant = linalg.complement(relevant, k);

  // f*(z) − f*(P z), P = Σ_j r_j r_jᵀ.
  const P = linalg.gramRows(relevant.flatMap((v) => Array.from(v)), relevant.length, k);
  const rows = Array.from({ length: k }, (_, i) => Array.from(P.subarray(i * k, i * k + k)));
  const residual: Ast = { type: 'binary', op: '-', left: ast, right: substituteLinear(ast, rows) };
  const program = uploadExpression(linalg.backend, compileExpression(residual, k));
  // Only Σ w (f − f∘P)² is needed (a degree-0 run): on polynomial axes Gauss–Hermite with d_v + 1
  // nodes (d_v + 2 for the check) integrates the squared residual, of degree 2d_v, exactly.
  const degs = polynomialDegrees(foldConstants(residual), k).perVariable;
  const rules = hermiteRules(degs, degree);
  const exact = (axes: AxisRule[], extra: number) => axes.map((a, v) => (a.kind === 'gauss-hermite' ? { ...a, m: degs[v] + 1 + extra } : a));
  let acc: [Float64Array, Float64Array];
  try {
    acc = [hermiteRun(linalg, program, k, 0, exact(rules.fine, 0)).acc, hermiteRun(linalg, program, k, 0, exact(rules.coarse, 1)).acc];
  } finally {
    program.free();
  }
  const [value, coarse] = linalg.sqrtPos([acc[0][1], acc[1][1]]);
  const error = linalg.absDiff([value], [coarse])[0];
  const tol = linalg.threshold(tolerance, error, ERROR_FACTOR);
  const depends = !(value <= tol);
  decisions.push({
    kind: 'relevant',
    what: `relevant subspace: √E[(f*(z) − f*(Pz))²], P the projection on the ${relevant.length}-dimensional range (non-zero: f* depends on its complement through Hermite degrees above ${degree}, and every direction is kept)`,
    value, error, tolerance: tol, nonZero: depends,
  });
  if (depends) return all;
  return { relevant: relevant.map((v) => Array.from(v)), irrelevant: irrelevant.map((v) => Array.from(v)), decisions, method };
}
