// Observables of docs/model.md §3 that need the d-dimensional weights: M = W W*ᵀ/d, Q = W Wᵀ/d.
// Float64 throughout (p(p+k)d multiply-adds per step: negligible next to the GD step).

/** M (p×k) and Q (p×p), row-major float64. W: p × ld, T (= W*): k × ld, both float64. */
export function overlaps(W: usize, p: i32, T: usize, k: i32, ld: i32, d: i32, M: usize, Q: usize): void {
  const rowBytes = <usize>ld << 3;
  const inv = 1.0 / <f64>d;
  for (let j = 0; j < p; j++) {
    const wj = W + <usize>j * rowBytes;
    for (let r = 0; r < k; r++) {
      store<f64>(M + (<usize>(j * k + r) << 3), dotF64(wj, T + <usize>r * rowBytes, ld) * inv);
    }
    for (let l = j; l < p; l++) {
      const q = dotF64(wj, W + <usize>l * rowBytes, ld) * inv;
      store<f64>(Q + (<usize>(j * p + l) << 3), q);
      store<f64>(Q + (<usize>(l * p + j) << 3), q);
    }
  }
}

/** Plain float64 inner product, four partial sums (same order in both builds). */
export function dotF64(a: usize, b: usize, ld: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  for (; i + 3 < ld; i += 4) {
    const o = <usize>i << 3;
    s0 += load<f64>(a + o) * load<f64>(b + o);
    s1 += load<f64>(a + o, 8) * load<f64>(b + o, 8);
    s2 += load<f64>(a + o, 16) * load<f64>(b + o, 16);
    s3 += load<f64>(a + o, 24) * load<f64>(b + o, 24);
  }
  for (; i < ld; i++) s0 += load<f64>(a + (<usize>i << 3)) * load<f64>(b + (<usize>i << 3));
  return (s0 + s1) + (s2 + s3);
}
