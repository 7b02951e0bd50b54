// Column helpers shared by the Gaussian-expectation kernels (not exported from the module:
// assembly/index.ts does not list this file).
import { evalProgram } from './expr';
import { displacementScale } from './displacement';
import { LOSS_SQUARE, lossResidualColumn } from './lossResidual';

/**
 * Per-point gradient columns of docs/model.md §1: DER_j ← a_j σ'(u_j) (kept for the noise term) and
 * ACT_j ← r · a_j σ'(u_j) = g_j, columns of `stride` bytes, `len` points. Shared by the Monte
 * Carlo and the product-rule kernels (assembly/gaussProduct.ts).
 */
@inline
export function gradientColumns(p: i32, a: usize, DER: usize, ACT: usize, R: usize, stride: usize, len: i32): void {
  for (let j = 0; j < p; j++) {
    const aj = load<f64>(a + (<usize>j << 3));
    const sj = DER + <usize>j * stride;
    const gj = ACT + <usize>j * stride;
    for (let i = 0; i < len; i++) {
      const o = <usize>i << 3;
      const s = aj * load<f64>(sj + o);
      store<f64>(sj + o, s);
      store<f64>(gj + o, load<f64>(R + o) * s);
    }
  }
}

/**
 * Per-sample displaced fields (docs/model.md §4, §6): from the gradient columns g (ACT, after
 * gradientColumns) and the fields u (U), writes into UT the fields each sample sees at weights
 * displaced by its own gradient, in the d → ∞ limit ‖x‖²/d → 1:
 *   kind DISPLACE_EXTRAGRADIENT ũ_j = u_j − ρ g_j; DISPLACE_SAM ũ_j = u_j + ρ g_j/‖g‖ (‖g‖ = 0: ũ = u)
 *   (assembly/displacement.ts).
 * All columns `stride` bytes apart, `len` points.
 */
@inline
export function displacedFields(p: i32, kind: i32, rho: f64, U: usize, ACT: usize, stride: usize, len: i32, UT: usize): void {
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 3;
    const scale = displacementScale<f64>(p, kind, rho, ACT + o, stride);
    for (let j = 0; j < p; j++) {
      store<f64>(UT + <usize>j * stride + o, load<f64>(U + <usize>j * stride + o) + scale * load<f64>(ACT + <usize>j * stride + o));
    }
  }
}

/** RL ← ŷ(ACT) − y, ŷ = Σ_j a_j ACT_j (σ columns); y from the column Y. */
@inline
export function residualColumn(p: i32, a: usize, ACT: usize, stride: usize, Y: usize, len: i32, RL: usize): void {
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 3;
    let r = load<f64>(a) * load<f64>(ACT + o);
    for (let j = 1; j < p; j++) r += load<f64>(a + (<usize>j << 3)) * load<f64>(ACT + <usize>j * stride + o);
    store<f64>(RL + o, r - load<f64>(Y + o));
  }
}

/**
 * RL ← the residual at the displaced fields ũ of each point (docs/model.md §6: g̃ = ℓ'(ŷ(ũ), y)
 * a ⊙ σ'(ũ), ũ from the point's own g). On entry ACT, DER hold σ(u), σ'(u) and RL the residual
 * at u; on exit ACT, DER hold σ(ũ), σ'(ũ). Y: the labels of the points; varStride: the column
 * stride evalProgram reads.
 */
@inline
export function displacedResidual(
  p: i32, a: usize, kind: i32, rho: f64, loss: i32, U: usize, ACT: usize, DER: usize, RL: usize, Y: usize,
  stride: usize, varStride: i32, len: i32, UT: usize,
  sCode: usize, sLen: i32, sConsts: usize, dCode: usize, dLen: i32, dConsts: usize, stack: usize,
): void {
  gradientColumns(p, a, DER, ACT, RL, stride, len);
  displacedFields(p, kind, rho, U, ACT, stride, len, UT);
  for (let j = 0; j < p; j++) {
    evalProgram(sCode, sLen, sConsts, UT + <usize>j * stride, varStride, len, ACT + <usize>j * stride, stack);
    evalProgram(dCode, dLen, dConsts, UT + <usize>j * stride, varStride, len, DER + <usize>j * stride, stack);
  }
  residualColumn(p, a, ACT, stride, Y, len, RL);
  if (loss != LOSS_SQUARE) lossResidualColumn(loss, RL, Y, len, RL);
}
