// The moments of assembly/gaussMoments.ts (same output layout) for a product rule: a rule in
// z (k dims, Nz points: the target's own axes, z = ξ_z) times a rule in ξ_u (p dims, Nu
// points), u = M z + C ξ_u with C the lower-right block of the factor L (gaussFactorOverlaps).
// The target is rough along z for the paper's targets (tanh(z1 + He3(z2)) has transitions of
// width ~0.1 in z2) and needs many nodes there, while u needs few: the product form lets the
// two axes have different resolutions, and evaluates f*(z) once per z node, not per point.
//
// Two kinds of ξ_u rule:
// - gaussMomentsProduct: one fixed tensor rule for every z node.
// - gaussMomentsSplit (kink rule): per z node, a nested rule whose level j is split at the
//   kink of neuron j. C is lower triangular, so given z and ξ_0…ξ_{j−1}, u_j = b_j + C_jj ξ_j
//   is affine in ξ_j alone, and σ(u_j), σ'(u_j) (relu, step, sign, |·|: docs/model.md §5 uses a
//   ReLU student, whose σ' = step jumps) break at ξ_j = t_j = −b_j/C_jj. Level j uses the
//   2n-point rule split at t_j (n truncated-normal Gauss nodes on each side,
//   assembly/gaussHalfRange.ts gaussSplitRule), so every kink sits on a rule boundary and
//   each side is integrated with Gauss accuracy. After integrating ξ_j…ξ_{p−1} the result is
//   smooth in ξ_{j−1} except at neuron j−1's own kink (the inner kinks move linearly and
//   integrate out), and smooth in z, so the nesting keeps Gauss convergence at every level;
//   a fixed rule cut at an angle by the kink converges like 1/m (M off by ~2e-3 at mu = 24
//   for the paper-1 target, against ~1e-3 simulation error bars at d = 5000).
import { evalProgram } from './expr';
import { gaussDotW, gaussSumW } from './gaussian';
import { displacedResidual, gradientColumns } from './gaussColumns';
import { DISPLACE_NONE } from './displacement';
import { gaussMomentsSize } from './gaussMoments';
import { gaussSplitRule } from './gaussHalfRange';
import { LOSS_SQUARE, lossResidualColumn } from './lossResidual';

/** Doubles of `work` that gaussMomentsProduct needs. */
export function gaussProductWork(p: i32, nz: i32, nu: i32): i32 {
  return nz + (4 * p + 3) * nu;
}

/** Doubles of `work` that gaussMomentsSplit needs (n nodes per side, nu = (2n)^p). */
export function gaussSplitWork(p: i32, nz: i32, n: i32): i32 {
  let nu = 1;
  for (let j = 0; j < p; j++) nu *= 2 * n;
  return nz + (4 * p + 3) * nu + (p + 1) * nu + 4 * n;
}

export function gaussMomentsProduct(
  nz: i32, zx: usize, zw: usize,
  nu: i32, ux: usize, uw: usize,
  k: i32, p: i32, L: usize, a: usize,
  tCode: usize, tLen: i32, tConsts: usize,
  sCode: usize, sLen: i32, sConsts: usize,
  dCode: usize, dLen: i32, dConsts: usize,
  loss: i32, disp: i32, rho: f64, work: usize, stack: usize,
  out: usize,
): void {
  const size = gaussMomentsSize(p, k);
  for (let i = 0; i < size; i++) store<f64>(out + (<usize>i << 3), 0.0);
  const Y = work;
  // f*(z) once per z node.
  evalProgram(tCode, tLen, tConsts, zx, nz, nz, Y, stack);
  for (let iz = 0; iz < nz; iz++) {
    zNode(iz, nz, zx, zw, Y, nu, ux, uw, k, p, L, a, sCode, sLen, sConsts, dCode, dLen, dConsts, loss, disp, rho, Y + (<usize>nz << 3), stack, out);
  }
}

/**
 * As gaussMomentsProduct with the nested kink rule in ξ_u (n nodes per side of each kink,
 * (2n)^p points per z node) built from the truncated-normal table (tx, tw) of
 * gaussTruncTable. A zero pivot C_jj (singular Σ: u_j fixed by the outer variables) leaves ξ_j
 * out of u and its split at 0 is harmless.
 */
export function gaussMomentsSplit(
  nz: i32, zx: usize, zw: usize,
  n: i32, tx: usize, tw: usize,
  k: i32, p: i32, L: usize, a: usize,
  tCode: usize, tLen: i32, tConsts: usize,
  sCode: usize, sLen: i32, sConsts: usize,
  dCode: usize, dLen: i32, dConsts: usize,
  loss: i32, disp: i32, rho: f64, work: usize, stack: usize,
  out: usize,
): void {
  const D = k + p;
  const size = gaussMomentsSize(p, k);
  for (let i = 0; i < size; i++) store<f64>(out + (<usize>i << 3), 0.0);
  const m = 2 * n;
  let nu = 1;
  for (let j = 0; j < p; j++) nu *= m;
  const Y = work;
  const inner = Y + (<usize>nz << 3);
  const ux = inner + <usize>(4 * p + 3) * (<usize>nu << 3); // p columns of stride nu
  const uw = ux + <usize>p * (<usize>nu << 3);
  const rx = uw + (<usize>nu << 3); // one split rule: m nodes, m weights
  const rw = rx + (<usize>m << 3);
  evalProgram(tCode, tLen, tConsts, zx, nz, nz, Y, stack);
  for (let iz = 0; iz < nz; iz++) {
    // Nested rule: after level j, prefix P (0 ≤ P < m^{j+1}) lives at point P·S, S = m^{p−1−j}.
    store<f64>(uw, 1.0);
    let S = nu;
    let count = 1;
    for (let j = 0; j < p; j++) {
      const row = L + (<usize>((k + j) * D) << 3);
      let base = 0.0;
      for (let r = 0; r < k; r++) base += load<f64>(row + (<usize>r << 3)) * load<f64>(zx + ((<usize>r * <usize>nz + <usize>iz) << 3));
      const cjj = load<f64>(row + (<usize>(k + j) << 3));
      const S1 = S / m;
      for (let P = 0; P < count; P++) {
        const at = P * S;
        let b = base;
        for (let d = 0; d < j; d++) b += load<f64>(row + (<usize>(k + d) << 3)) * load<f64>(ux + ((<usize>d * <usize>nu + <usize>at) << 3));
        const t = cjj > 0.0 ? -b / cjj : 0.0;
        gaussSplitRule(n, tx, tw, t, rx, rw);
        const pw = load<f64>(uw + (<usize>at << 3));
        for (let c = m - 1; c >= 0; c--) {
          const q = at + c * S1;
          for (let d = 0; d < j; d++) {
            const o = <usize>d * <usize>nu;
            store<f64>(ux + ((o + <usize>q) << 3), load<f64>(ux + ((o + <usize>at) << 3)));
          }
          store<f64>(ux + ((<usize>j * <usize>nu + <usize>q) << 3), load<f64>(rx + (<usize>c << 3)));
          store<f64>(uw + (<usize>q << 3), pw * load<f64>(rw + (<usize>c << 3)));
        }
      }
      S = S1;
      count *= m;
    }
    zNode(iz, nz, zx, zw, Y, nu, ux, uw, k, p, L, a, sCode, sLen, sConsts, dCode, dLen, dConsts, loss, disp, rho, inner, stack, out);
  }
}

/** Accumulates into `out` the contribution of z node iz with the ξ_u rule (ux, uw, nu points). */
// @ts-ignore: decorator
@inline function zNode(
  iz: i32, nz: i32, zx: usize, zw: usize, Y: usize,
  nu: i32, ux: usize, uw: usize,
  k: i32, p: i32, L: usize, a: usize,
  sCode: usize, sLen: i32, sConsts: usize,
  dCode: usize, dLen: i32, dConsts: usize,
  loss: i32, disp: i32, rho: f64, work: usize, stack: usize, out: usize,
): void {
  const D = k + p;
  const CU = <usize>nu << 3;
  const U = work; // p columns of u
  const ACT = U + <usize>p * CU; // σ(u_j), then g_j
  const DER = ACT + <usize>p * CU; // σ'(u_j), then s_j
  const R = DER + <usize>p * CU;
  const R2 = R + CU;
  // ℓ' column (assembly/lossResidual.ts): the residual itself for the square loss.
  const RL = loss == LOSS_SQUARE ? R : R2 + CU;
  const UT = R2 + 2 * CU; // p columns: displaced fields ũ
  const oGZ = out + 16;
  const oGU = oGZ + (<usize>(p * k) << 3);
  const oGG = oGU + (<usize>(p * p) << 3);
  const oSS = oGG + (<usize>(p * p) << 3);
  const oGX = oSS + (<usize>(p * p) << 3);
  const oLS = oGX + (<usize>(p * D) << 3);
  const deriv = dLen > 0;
  const wz = load<f64>(zw + (<usize>iz << 3));
  const y = load<f64>(Y + (<usize>iz << 3));
  for (let j = 0; j < p; j++) {
    const row = L + (<usize>((k + j) * D) << 3);
    let base = 0.0;
    for (let r = 0; r < k; r++) base += load<f64>(row + (<usize>r << 3)) * load<f64>(zx + ((<usize>r * <usize>nz + <usize>iz) << 3));
    const uj = U + <usize>j * CU;
    for (let i = 0; i < nu; i++) {
      let acc = base;
      for (let d = 0; d <= j; d++) {
        acc += load<f64>(row + (<usize>(k + d) << 3)) * load<f64>(ux + ((<usize>d * <usize>nu + <usize>i) << 3));
      }
      store<f64>(uj + (<usize>i << 3), acc);
    }
    evalProgram(sCode, sLen, sConsts, uj, nu, nu, ACT + <usize>j * CU, stack);
    if (deriv) evalProgram(dCode, dLen, dConsts, uj, nu, nu, DER + <usize>j * CU, stack);
  }
  for (let i = 0; i < nu; i++) {
    const o = <usize>i << 3;
    let r = load<f64>(a) * load<f64>(ACT + o);
    for (let j = 1; j < p; j++) r += load<f64>(a + (<usize>j << 3)) * load<f64>(ACT + <usize>j * CU + o);
    r -= y;
    store<f64>(R + o, r);
    store<f64>(R2 + o, r * r);
  }
  acc(out, 0, wz * gaussDotW(nu, uw, R, R));
  acc(out, 1, wz * gaussDotW(nu, uw, R2, R2));
  if (!deriv) return;
  // y is one number per z node here: R2 (free after the E[r⁴] sum) holds it as a column.
  if (loss != LOSS_SQUARE || disp != DISPLACE_NONE) for (let i = 0; i < nu; i++) store<f64>(R2 + (<usize>i << 3), y);
  if (loss != LOSS_SQUARE) lossResidualColumn(loss, R, R2, nu, RL);
  for (let j = 0; j < p; j++) acc(oLS, j, wz * gaussDotW(nu, uw, RL, ACT + <usize>j * CU));
  if (disp != DISPLACE_NONE) displacedResidual(p, a, disp, rho, loss, U, ACT, DER, RL, R2, CU, nu, nu, UT, sCode, sLen, sConsts, dCode, dLen, dConsts, stack);
  gradientColumns(p, a, DER, ACT, RL, CU, nu);
  for (let j = 0; j < p; j++) {
    const gj = ACT + <usize>j * CU;
    const sj = DER + <usize>j * CU;
    const g1 = wz * gaussSumW(nu, uw, gj);
    for (let r = 0; r < k; r++) {
      const v = g1 * load<f64>(zx + ((<usize>r * <usize>nz + <usize>iz) << 3));
      acc(oGZ, j * k + r, v);
      acc(oGX, j * D + r, v); // ξ_z = z
    }
    for (let l = 0; l < p; l++) {
      acc(oGU, j * p + l, wz * gaussDotW(nu, uw, gj, U + <usize>l * CU));
      acc(oGG, j * p + l, wz * gaussDotW(nu, uw, gj, ACT + <usize>l * CU));
      acc(oSS, j * p + l, wz * gaussDotW(nu, uw, sj, DER + <usize>l * CU));
      acc(oGX, j * D + k + l, wz * gaussDotW(nu, uw, gj, ux + ((<usize>l * <usize>nu) << 3)));
    }
  }
}

// @ts-ignore: decorator
@inline function acc(base: usize, i: i32, v: f64): void {
  const o = base + (<usize>i << 3);
  store<f64>(o, load<f64>(o) + v);
}
