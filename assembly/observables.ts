// Low-dimensional observables of docs/model.md §3 computed from (M, Q): per-neuron cosine with
// the target subspace and projections of M on the step-1 direction and its complement.

/**
 * u₁ = M¹_0/‖M¹_0‖ (k) and an orthonormal basis (k−1 rows of k) of its complement: the images
 * R e₂ … R e_k under the Householder reflection R that exchanges e₁ and −s·u₁ (s = sign of u₁'s
 * first component, +1 at 0), R e_r = e_r − (s·u₁_r/(1 + |u₁_1|))(s·u₁ + e₁) (docs/model.md §3).
 * The basis depends smoothly on u₁ (away from u₁_1 = 0), so the O(1/√d) seed-to-seed wobble of
 * u₁ averages out of the "orthogonal overlap" (§5) instead of biasing it, as an orientation
 * chosen by a discrete rule would. For k = 2 the basis vector is s·(−u₁_2, u₁_1), u₁ turned by
 * ±90° so that its second component |u₁_1| is ≥ 0. Returns 0 if M¹_0 = 0.
 */
export function stepDirection(M: usize, k: i32, u1: usize, basis: usize): i32 {
  let n2: f64 = 0;
  for (let r = 0; r < k; r++) n2 += load<f64>(M + (<usize>r << 3)) ** 2;
  if (!(n2 > 0)) return 0;
  const inv = 1.0 / Math.sqrt(n2);
  for (let r = 0; r < k; r++) store<f64>(u1 + (<usize>r << 3), load<f64>(M + (<usize>r << 3)) * inv);
  const c0 = load<f64>(u1);
  const s: f64 = c0 < 0 ? -1.0 : 1.0;
  const denom = 1.0 + s * c0;
  for (let c = 0; c < k - 1; c++) {
    const b = basis + (<usize>(c * k) << 3);
    const coef = s * load<f64>(u1 + (<usize>(c + 1) << 3)) / denom;
    for (let r = 0; r < k; r++) {
      const e: f64 = r == c + 1 ? 1.0 : 0.0;
      const w = s * load<f64>(u1 + (<usize>r << 3)) + (r == 0 ? 1.0 : 0.0);
      store<f64>(b + (<usize>r << 3), e - coef * w);
    }
  }
  return 1;
}

/**
 * cosine[j] = ‖M_j‖/√Q_jj; when hasDirection, overlap[j] = M_j·u₁ and ortho[j·(k−1)+c] =
 * M_j·basis_c (else both left untouched).
 */
export function neuronObservables(
  M: usize, Q: usize, p: i32, k: i32, hasDirection: i32, u1: usize, basis: usize,
  cosine: usize, overlap: usize, ortho: usize,
): void {
  for (let j = 0; j < p; j++) {
    const mj = M + (<usize>(j * k) << 3);
    let n2: f64 = 0;
    for (let r = 0; r < k; r++) n2 += load<f64>(mj + (<usize>r << 3)) ** 2;
    const q = load<f64>(Q + (<usize>(j * p + j) << 3));
    store<f64>(cosine + (<usize>j << 3), q > 0 ? Math.sqrt(n2) / Math.sqrt(q) : 0);
    if (!hasDirection) continue;
    let o: f64 = 0;
    for (let r = 0; r < k; r++) o += load<f64>(mj + (<usize>r << 3)) * load<f64>(u1 + (<usize>r << 3));
    store<f64>(overlap + (<usize>j << 3), o);
    for (let c = 0; c < k - 1; c++) {
      let s: f64 = 0;
      const b = basis + (<usize>(c * k) << 3);
      for (let r = 0; r < k; r++) s += load<f64>(mj + (<usize>r << 3)) * load<f64>(b + (<usize>r << 3));
      store<f64>(ortho + (<usize>(j * (k - 1) + c) << 3), s);
    }
  }
}
