// Column helpers shared by the Gaussian-expectation kernels (not exported from the module:
// assembly/index.ts does not list this file).
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
 *   kind 1 (extra-gradient) ũ_j = u_j − ρ g_j;  kind 2 (SAM) ũ_j = u_j + ρ g_j/‖g‖ (‖g‖ = 0: ũ = u).
 * All columns `stride` bytes apart, `len` points.
 */
@inline
export function displacedFields(p: i32, kind: i32, rho: f64, U: usize, ACT: usize, stride: usize, len: i32, UT: usize): void {
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 3;
    let scale = -rho;
    if (kind == 2) {
      let n2 = 0.0;
      for (let j = 0; j < p; j++) {
        const g = load<f64>(ACT + <usize>j * stride + o);
        n2 += g * g;
      }
      scale = n2 > 0.0 ? rho / Math.sqrt(n2) : 0.0;
    }
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
