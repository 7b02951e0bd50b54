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
