// Hermite coefficients c_α = E[f*(z) He_α(z)], z ~ N(0, I_k), |α| ≤ degree (the spec,
// docs/model.md §7), so that f* = Σ_α c_α He_α(z)/α! in L². Computed inside WASM on a product
// quadrature grid by contracting one axis at a time (assembly/analyzeTensor.ts):
// - axes on which f* is a polynomial of degree d_v: Gauss–Hermite with ⌊(d_v + degree)/2⌋ + 1
//   nodes, exact for f*·He_a (a ≤ degree) — polynomial targets get exact coefficients (up
//   to rounding), and a check rule with one more node per axis measures that rounding;
// - other axes: the half-range Gauss rule (exact for piecewise polynomials broken at 0, so
//   sign, relu, abs of a coordinate cost nothing), as many nodes as keep the grid within
//   2^22 points (400 per axis at most), and a coarser rule (≈ 0.7× the nodes) whose
//   difference is the error estimate.
// The same pass accumulates E f*, E f*², the non-finite values and the tail share of E f*²,
// from which analyze() detects infinite variance.
import { gaussHermite } from '../gaussian/gaussHermite.js';
import { gaussHalfRange } from '../gaussian/gaussHalfRange.js';
import type { UploadedExpression } from '../kernels/uploadExpression.js';
import { at, withBuffers, type Backend, type BufferId } from '../wasm/backend.js';
import type { WasmLinalg } from './WasmLinalg.js';

export const HERMITE_POINT_BUDGET = 2 ** 22;

export interface AxisRule {
  m: number;
  kind: 'gauss-hermite' | 'half-range';
}

export interface HermiteRun {
  axes: AxisRule[];
  points: number;
  /** (degree+1)^k coefficients, α_1 slowest. */
  coefficients: Float64Array;
  /** [Σ w f, Σ w f², #non-finite, Σ w f² over points with some |z_v| > 6]. */
  acc: Float64Array;
}

export interface HermiteExpansion {
  degree: number;
  k: number;
  exact: boolean;
  fine: HermiteRun;
  coarse: HermiteRun;
  /** |fine − coarse| per coefficient. */
  error: Float64Array;
}

/** Chooses the rules from the per-axis polynomial degrees (Infinity = not a polynomial). */
export function hermiteRules(degrees: number[], degree: number): { fine: AxisRule[]; coarse: AxisRule[]; exact: boolean } {
  const poly = degrees.map((d) => (Number.isFinite(d) ? Math.floor((d + degree) / 2) + 1 : 0));
  const nInf = degrees.filter((d) => !Number.isFinite(d)).length;
  const polyPoints = poly.reduce((s, m) => (m ? s * (m + 1) : s), 1);
  let m = 400;
  while (m > 4 && m ** nInf * polyPoints > HERMITE_POINT_BUDGET) m -= 2;
  const mc = Math.max(2, 2 * Math.round((0.7 * m) / 2));
  const fine: AxisRule[] = degrees.map((d, v) => (Number.isFinite(d) ? { m: poly[v], kind: 'gauss-hermite' } : { m, kind: 'half-range' }));
  const coarse: AxisRule[] = degrees.map((d, v) => (Number.isFinite(d) ? { m: poly[v] + 1, kind: 'gauss-hermite' } : { m: mc, kind: 'half-range' }));
  return { fine, coarse, exact: nInf === 0 };
}

function rule(backend: Backend, a: AxisRule) {
  return a.kind === 'gauss-hermite' ? gaussHermite(backend, a.m) : gaussHalfRange(backend, a.m);
}

export function hermiteRun(linalg: WasmLinalg, program: UploadedExpression, k: number, degree: number, axes: AxisRule[]): HermiteRun {
  const b = linalg.backend;
  const K = linalg.K;
  const D1 = degree + 1;
  const rules = axes.map((a) => rule(b, a));
  const nodes = new Float64Array(axes.reduce((s, a) => s + a.m, 0));
  const weights = new Float64Array(nodes.length);
  let off = 0;
  for (const r of rules) {
    nodes.set(r.nodes, off);
    weights.set(r.weights, off);
    off += r.nodes.length;
  }
  const n = axes.reduce((s, a) => s * a.m, 1);
  const chunk = Math.min(n, 65536);
  return withBuffers(b, (s) => {
    const alloc = (bytes: number): BufferId => s.zeros(Math.max(16, bytes));
    const nodesId = alloc(8 * nodes.length);
    b.writeF64(nodesId, nodes);
    const weightsId = alloc(8 * weights.length);
    b.writeF64(weightsId, weights);
    const mId = alloc(4 * k);
    b.writeI32(mId, axes.map((a) => a.m));
    const accId = alloc(32);
    const varsId = alloc(8 * k * chunk);
    const stackId = alloc(8 * Math.max(1, program.maxStack - 1) * Math.min(chunk, 512));
    let cur = alloc(8 * n);
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      K.analyzeGridEval(program.codeId, program.codeLen, program.constsId, nodesId, weightsId, mId, k,
        BigInt(start), count, varsId, stackId, at(cur, start), accId);
    }
    const acc = b.readF64(accId, 4);
    s.release(varsId);
    s.release(stackId);
    if (!(acc[2] === 0 && Number.isFinite(acc[1]))) {
      return { axes, points: n, coefficients: new Float64Array(D1 ** k), acc };
    }
    // Contract axis v with H_v[a][i] = w_i He_a(x_i): shape (D1)^v × m_v × Π_{u>v} m_u → (D1)^{v+1} × ….
    let pre = 1;
    off = 0;
    for (let v = 0; v < k; v++) {
      const m = axes[v].m;
      const post = axes.slice(v + 1).reduce((s, a) => s * a.m, 1);
      const hId = alloc(8 * D1 * m);
      K.analyzeHermiteRows(at(nodesId, off), at(weightsId, off), m, degree, hId);
      const next = alloc(8 * pre * D1 * post);
      K.analyzeModeProduct(cur, next, pre, m, post, hId, D1);
      s.release(hId);
      s.release(cur);
      cur = next;
      pre *= D1;
      off += m;
    }
    return { axes, points: n, coefficients: b.readF64(cur, D1 ** k), acc };
  });
}

export function hermiteExpansion(linalg: WasmLinalg, program: UploadedExpression, k: number, degree: number, degrees: number[]): HermiteExpansion {
  const rules = hermiteRules(degrees, degree);
  const fine = hermiteRun(linalg, program, k, degree, rules.fine);
  const coarse = hermiteRun(linalg, program, k, degree, rules.coarse);
  return { degree, k, exact: rules.exact, fine, coarse, error: linalg.absDiff(fine.coefficients, coarse.coefficients) };
}
