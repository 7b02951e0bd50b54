// The single-pass leap staircase (docs/model.md §7; Abbe et al. 2023, leap complexity, in its
// rotation-invariant form), from the Hermite tensors T_ℓ = E[f*(z) He_ℓ(z)] (order-ℓ
// symmetric tensors whose entries are the coefficients c_α).
// With U the learnt subspace (columns 0…r−1 of an orthonormal basis Q, the others spanning
// U^⊥), rotate every T_ℓ into Q and form, for a leap size s, the PSD matrix on U^⊥
//   N_s[a][c] = Σ_{ℓ=s}^{degree} (1/ℓ!) Σ_{rest} T_ℓ[a, rest] T_ℓ[c, rest],
// the inner sum over the index sequences `rest` (ℓ−1 indices) with exactly s−1 indices in U^⊥
// (and ℓ−s in U). Its range is spanned by the directions w ∈ U^⊥ such that some Hermite
// component He_β(z_U)·He_γ(z_⊥) with |γ| = s and γ involving w is non-zero: the directions a
// leap of size s reaches given U. It depends on U only, not on the bases chosen. The
// staircase takes the smallest s with an eigenvalue above the threshold, adds all those
// eigen-directions to U, and restarts at s = 1; the leap exponent is the largest s taken.
// For s = 1, U = {}: range of E[f* z]; s = 2, U = {}: range of E[f*(zzᵀ − I)], as in §7.
// Decisions: value √λ (an RMS Hermite coefficient), error |√λ − √λ_coarse| (the same matrix
// from the coarser quadrature rule), threshold max(tolerance, 5·error).
import type { Decision } from './Analysis.js';
import type { HermiteExpansion } from './hermiteExpansion.js';
import { HermiteTensors as Tensors } from './HermiteTensors.js';
import { column, identity, type WasmLinalg } from './WasmLinalg.js';
import { BufferScope } from '../wasm/backend.js';

export const ERROR_FACTOR = 5;

export interface StaircaseResult {
  steps: { leap: number; vectors: number[][]; informationExponents: (number | null)[] }[];
  unreached: number[][];
  decisions: Decision[];
}

export function singlePassStaircase(linalg: WasmLinalg, h: HermiteExpansion, tolerance: number, name: (v: Float64Array) => string): StaircaseResult {
  const b = linalg.backend;
  const K = linalg.K;
  const { k, degree } = h;
  const maxLen = k ** degree;
  const scope = new BufferScope(b);
  const decisions: Decision[] = [];
  const steps: StaircaseResult['steps'] = [];

  try {
    const fine = scope.own(new Tensors(b, linalg, h.fine.coefficients, k, degree));
    const coarse = scope.own(new Tensors(b, linalg, h.coarse.coefficients, k, degree));
    const rotF = scope.buffer(8 * Math.max(2, maxLen));
    const rotC = scope.buffer(8 * Math.max(2, maxLen));
    const scratch = scope.buffer(8 * Math.max(2, maxLen));
    const qtId = scope.buffer(8 * k * k);
    const nF = scope.buffer(8 * k * k);
    const nC = scope.buffer(8 * k * k);
    const vId = scope.buffer(8 * k);

    /** E[f* He_l(v·z)] from both rules. */
    const directional = (v: Float64Array, l: number): [number, number] => {
      b.writeF64(vId, v);
      return [
        K.analyzeContract(fine.ids[l], l, k, vId, scratch),
        K.analyzeContract(coarse.ids[l], l, k, vId, scratch),
      ];
    };

    let q = identity(k);
    let r = 0;
    while (r < k) {
      const kw = k - r;
      const qt = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let a = 0; a < k; a++) qt[a * k + i] = q[i * k + a];
      b.writeF64(qtId, qt);
      let taken = false;
      for (let s = 1; s <= degree && !taken; s++) {
        b.f64(nF, kw * kw).fill(0);
        b.f64(nC, kw * kw).fill(0);
        for (let l = s; l <= degree; l++) {
          K.analyzeTensorModes(fine.ids[l], l, k, qtId, rotF, scratch);
          K.analyzeLeapMatrix(rotF, l, k, r, s, nF);
          K.analyzeTensorModes(coarse.ids[l], l, k, qtId, rotC, scratch);
          K.analyzeLeapMatrix(rotC, l, k, r, s, nC);
        }
        const ef = linalg.eigen(b.readF64(nF, kw * kw), kw);
        const ec = linalg.eigen(b.readF64(nC, kw * kw), kw);
        const vf = linalg.sqrtPos(ef.values);
        const err = linalg.absDiff(vf, linalg.sqrtPos(ec.values));
        const accepted: number[] = [];
        const rejected: number[] = [];
        for (let i = 0; i < kw; i++) {
          const tol = linalg.threshold(tolerance, err[i], ERROR_FACTOR);
          const nonZero = vf[i] > tol;
          (nonZero ? accepted : rejected).push(i);
          decisions.push({
            kind: 'leap',
            what: `single-pass: leap of size ${s} from U = ${r === 0 ? '{}' : `a ${r}-dimensional subspace`}, eigen-direction ${i + 1} of ${kw} (RMS Hermite coefficient)`,
            value: vf[i], error: err[i], tolerance: tol, nonZero,
          });
        }
        if (!accepted.length) continue;
        taken = true;
        // New basis of U^⊥: accepted eigen-directions first, each block made canonical.
        q = linalg.rotateColumns(q, k, r, [...accepted, ...rejected].map((i) => ef.vectors[i]));
        q = linalg.canonicalizeColumns(q, k, r, accepted.length);
        q = linalg.canonicalizeColumns(q, k, r + accepted.length, rejected.length);
        const vectors: number[][] = [];
        const ies: (number | null)[] = [];
        for (let j = 0; j < accepted.length; j++) {
          const v = column(q, k, r + j);
          vectors.push(Array.from(v));
          let ie: number | null = null;
          for (let l = 1; l <= degree && ie === null; l++) {
            const [cf, cc] = directional(v, l);
            const val = cf;
            const e = linalg.absDiff([val], [cc])[0];
            const tol = linalg.threshold(tolerance, e, ERROR_FACTOR);
            const nonZero = !(Math.abs(val) <= tol);
            decisions.push({
              kind: 'information-exponent',
              what: `single-pass: E[f* He_${l}(v·z)] along v = ${name(v)}`,
              value: val, error: e, tolerance: tol, nonZero,
            });
            if (nonZero) ie = l;
          }
          ies.push(ie);
        }
        steps.push({ leap: s, vectors, informationExponents: ies });
        r += accepted.length;
      }
      if (!taken) break;
    }
    const unreached = Array.from({ length: k - r }, (_, j) => Array.from(column(q, k, r + j)));
    return { steps, unreached, decisions };
  } finally {
    scope.free();
  }
}
