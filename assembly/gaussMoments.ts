// Moments over (z, u) ~ N(0, Σ) that the test error (docs/model.md §3) and the single-pass state
// evolution (docs/model.md §6) need, for arbitrary compiled target/activation programs, with a
// rule of points ξ (standard normal in D = k + p dimensions) mapped by v = L ξ (see
// gaussFactorOverlaps). Column-wise in chunks so that evalProgram runs on long vectors.
import { displacedResidual, gradientColumns, residualColumn } from './gaussColumns';
import { DISPLACE_NONE } from './displacement';
import { evalProgram } from './expr';
import { gaussDotW } from './gaussian';
import { LOSS_SQUARE, lossResidualColumn } from './lossResidual';

/** Number of doubles gaussMoments writes to `out` for p neurons and k target directions. */
export function gaussMomentsSize(p: i32, k: i32): i32 {
  return 2 + p * k + 3 * p * p + p * (p + k) + p;
}

/** Doubles of `work` that gaussMoments needs for a given chunk length. */
export function gaussMomentsWork(p: i32, k: i32, chunk: i32): i32 {
  return (k + 4 * p + 3) * chunk;
}

/**
 * out (zeroed here), with r = ŷ − f*(z), ℓ' = ∂ℓ/∂ŷ at (ŷ, f*(z)) for the loss code `loss`
 * (assembly/lossResidual.ts; ℓ' = r for the square loss), s = a ⊙ σ'(u), g = ℓ' s (noise-free
 * parts; label noise is added analytically by the caller's update since ℓ' is affine in y with
 * slope −1 for the square and correlation losses):
 *   [0] E[r²]  [1] E[r⁴] (for a Monte-Carlo standard error)
 *   then E[g zᵀ] (p×k), E[g uᵀ] (p×p), E[g gᵀ] (p×p), E[s sᵀ] (p×p), E[g ξᵀ] (p×D),
 *   E[ℓ' σ(u)] (p: the second layer's gradient, docs/model.md §6).
 * disp ≠ 0 (a code of assembly/displacement.ts, per sample, radius rho): g is taken at the displaced
 * fields ũ of assembly/gaussColumns.ts displacedFields (the second layer's gradient is not).
 * With dLen = 0 (no derivative program) only [0] and [1] are computed.
 * Rule: n points, ξ_d at xi + 8(d·cap + i), weights at w. L: D×D row-major, order (z, u).
 * work: gaussMomentsWork(p, k, chunk) doubles; stack: maxStack·chunk doubles (evalProgram).
 */
export function gaussMoments(
  n: i32, xi: usize, w: usize, cap: i32,
  k: i32, p: i32, L: usize, a: usize,
  tCode: usize, tLen: i32, tConsts: usize,
  sCode: usize, sLen: i32, sConsts: usize,
  dCode: usize, dLen: i32, dConsts: usize,
  loss: i32, disp: i32, rho: f64, chunk: i32, work: usize, stack: usize,
  out: usize,
): void {
  const D = k + p;
  const C = <usize>chunk << 3;
  const V = work; // D columns
  const Y = V + <usize>D * C;
  const R = Y + C;
  const ACT = R + C; // p columns: σ(u_j), then g_j
  const DER = ACT + <usize>p * C; // p columns: σ'(u_j), then s_j
  // ℓ' column: the residual itself for the square loss (the same bits as before the losses).
  const RL = loss == LOSS_SQUARE ? R : DER + <usize>p * C;
  const UT = DER + <usize>(p + 1) * C; // p columns: displaced fields ũ (first r², until they are made)
  const size = gaussMomentsSize(p, k);
  for (let i = 0; i < size; i++) store<f64>(out + (<usize>i << 3), 0.0);
  const oGZ = out + 16;
  const oGU = oGZ + (<usize>(p * k) << 3);
  const oGG = oGU + (<usize>(p * p) << 3);
  const oSS = oGG + (<usize>(p * p) << 3);
  const oGX = oSS + (<usize>(p * p) << 3);
  const oLS = oGX + (<usize>(p * D) << 3);
  const deriv = dLen > 0;

  for (let c0 = 0; c0 < n; c0 += chunk) {
    const len = min(chunk, n - c0);
    const wc = w + (<usize>c0 << 3);
    // v = L ξ, lower-triangular, fixed summation order.
    for (let e = 0; e < D; e++) {
      const ve = V + <usize>e * C;
      for (let i = 0; i < len; i++) {
        let acc = 0.0;
        for (let d = 0; d <= e; d++) {
          acc += load<f64>(L + (<usize>(e * D + d) << 3)) * load<f64>(xi + ((<usize>d * <usize>cap + <usize>(c0 + i)) << 3));
        }
        store<f64>(ve + (<usize>i << 3), acc);
      }
    }
    evalProgram(tCode, tLen, tConsts, V, chunk, len, Y, stack);
    for (let j = 0; j < p; j++) {
      const uj = V + <usize>(k + j) * C;
      evalProgram(sCode, sLen, sConsts, uj, chunk, len, ACT + <usize>j * C, stack);
      if (deriv) evalProgram(dCode, dLen, dConsts, uj, chunk, len, DER + <usize>j * C, stack);
    }
    // r = Σ_j a_j σ(u_j) − y
    residualColumn(p, a, ACT, C, Y, len, R);
    if (deriv && loss != LOSS_SQUARE) lossResidualColumn(loss, R, Y, len, RL);
    store<f64>(out, load<f64>(out) + gaussDotW(len, wc, R, R));
    // r² for the fourth moment, in the first column of UT (free until displacedResidual).
    for (let i = 0; i < len; i++) {
      const o = <usize>i << 3;
      const r = load<f64>(R + o);
      store<f64>(UT + o, r * r);
    }
    store<f64>(out + 8, load<f64>(out + 8) + gaussDotW(len, wc, UT, UT));
    if (!deriv) continue;
    for (let j = 0; j < p; j++) acc(oLS, j, gaussDotW(len, wc, RL, ACT + <usize>j * C));
    if (disp != DISPLACE_NONE) {
      displacedResidual(p, a, disp, rho, loss, V + <usize>k * C, ACT, DER, RL, Y, C, chunk, len, UT, sCode, sLen, sConsts, dCode, dLen, dConsts, stack);
    }
    gradientColumns(p, a, DER, ACT, RL, C, len);
    for (let j = 0; j < p; j++) {
      const gj = ACT + <usize>j * C;
      const sj = DER + <usize>j * C;
      for (let r = 0; r < k; r++) acc(oGZ, j * k + r, gaussDotW(len, wc, gj, V + <usize>r * C));
      for (let l = 0; l < p; l++) {
        acc(oGU, j * p + l, gaussDotW(len, wc, gj, V + <usize>(k + l) * C));
        acc(oGG, j * p + l, gaussDotW(len, wc, gj, ACT + <usize>l * C));
        acc(oSS, j * p + l, gaussDotW(len, wc, sj, DER + <usize>l * C));
      }
      for (let d = 0; d < D; d++) {
        acc(oGX, j * D + d, gaussDotW(len, wc, gj, xi + ((<usize>d * <usize>cap + <usize>c0) << 3)));
      }
    }
  }
}

// @ts-ignore: decorator
@inline function acc(base: usize, i: i32, v: f64): void {
  const o = base + (<usize>i << 3);
  store<f64>(o, load<f64>(o) + v);
}

