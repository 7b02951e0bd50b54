// The moments of assembly/gaussMoments.ts (same output layout) for a product rule: a rule in
// z (k dims, Nz points: the target's own axes, z = ξ_z) times a rule in ξ_u (p dims, Nu
// points), u = M z + C ξ_u with C the lower-right block of the factor L (gaussFactorOverlaps).
// The target is rough along z for the paper's targets (tanh(z1 + He3(z2)) has transitions of
// width ~0.1 in z2) and needs many nodes there, while u needs few: the product form lets the
// two axes have different resolutions, and evaluates f*(z) once per z node, not per point.
import { evalProgram } from './expr';
import { gaussDotW, gaussSumW } from './gaussian';
import { gaussMomentsSize } from './gaussMoments';

/** Doubles of `work` that gaussMomentsProduct needs. */
export function gaussProductWork(p: i32, nz: i32, nu: i32): i32 {
  return nz + (3 * p + 2) * nu;
}

export function gaussMomentsProduct(
  nz: i32, zx: usize, zw: usize,
  nu: i32, ux: usize, uw: usize,
  k: i32, p: i32, L: usize, a: usize,
  tCode: usize, tLen: i32, tConsts: usize,
  sCode: usize, sLen: i32, sConsts: usize,
  dCode: usize, dLen: i32, dConsts: usize,
  work: usize, stack: usize,
  out: usize,
): void {
  const D = k + p;
  const CU = <usize>nu << 3;
  const Y = work;
  const U = Y + (<usize>nz << 3); // p columns of u
  const ACT = U + <usize>p * CU; // σ(u_j), then g_j
  const DER = ACT + <usize>p * CU; // σ'(u_j), then s_j
  const R = DER + <usize>p * CU;
  const R2 = R + CU;
  const size = gaussMomentsSize(p, k);
  for (let i = 0; i < size; i++) store<f64>(out + (<usize>i << 3), 0.0);
  const oGZ = out + 16;
  const oGU = oGZ + (<usize>(p * k) << 3);
  const oGG = oGU + (<usize>(p * p) << 3);
  const oSS = oGG + (<usize>(p * p) << 3);
  const oGX = oSS + (<usize>(p * p) << 3);
  const deriv = dLen > 0;
  // f*(z) once per z node.
  evalProgram(tCode, tLen, tConsts, zx, nz, nz, Y, stack);

  for (let iz = 0; iz < nz; iz++) {
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
    if (!deriv) continue;
    for (let j = 0; j < p; j++) {
      const aj = load<f64>(a + (<usize>j << 3));
      const sj = DER + <usize>j * CU;
      const gj = ACT + <usize>j * CU;
      for (let i = 0; i < nu; i++) {
        const o = <usize>i << 3;
        const s = aj * load<f64>(sj + o);
        store<f64>(sj + o, s);
        store<f64>(gj + o, load<f64>(R + o) * s);
      }
    }
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
}

// @ts-ignore: decorator
@inline function acc(base: usize, i: i32, v: f64): void {
  const o = base + (<usize>i << 3);
  store<f64>(o, load<f64>(o) + v);
}
