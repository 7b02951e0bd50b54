// Low-dimensional observables of SCIENCE.md §3 computed from (M, Q): per-neuron cosine with
// the target subspace and projections of M on the step-1 direction and its complement.

/**
 * u₁ = M¹_0/‖M¹_0‖ (k) and an orthonormal basis (k−1 rows of k) of its complement: Gram–
 * Schmidt of the standard basis vectors e_r, skipping the one most parallel to u₁, so each
 * basis vector keeps a positive component along "its" target variable z_r — the sign
 * convention of the paper's "orthogonal overlap" (§5). Returns 0 if M¹_0 = 0.
 */
export function stepDirection(M: usize, k: i32, u1: usize, basis: usize): i32 {
  let n2: f64 = 0;
  for (let r = 0; r < k; r++) n2 += load<f64>(M + (<usize>r << 3)) ** 2;
  if (!(n2 > 0)) return 0;
  const inv = 1.0 / Math.sqrt(n2);
  let skip = 0;
  let best: f64 = -1;
  for (let r = 0; r < k; r++) {
    const v = load<f64>(M + (<usize>r << 3)) * inv;
    store<f64>(u1 + (<usize>r << 3), v);
    if (Math.abs(v) > best) { best = Math.abs(v); skip = r; }
  }
  let c = 0;
  for (let r = 0; r < k; r++) {
    if (r == skip) continue;
    const b = basis + (<usize>(c * k) << 3);
    for (let s = 0; s < k; s++) store<f64>(b + (<usize>s << 3), s == r ? 1.0 : 0.0);
    for (let pass = 0; pass < 2; pass++) {
      orthogonalise(b, u1, k);
      for (let q = 0; q < c; q++) orthogonalise(b, basis + (<usize>(q * k) << 3), k);
    }
    let nb: f64 = 0;
    for (let s = 0; s < k; s++) nb += load<f64>(b + (<usize>s << 3)) ** 2;
    const ib = 1.0 / Math.sqrt(nb);
    for (let s = 0; s < k; s++) store<f64>(b + (<usize>s << 3), load<f64>(b + (<usize>s << 3)) * ib);
    c++;
  }
  return 1;
}

@inline function orthogonalise(b: usize, unit: usize, k: i32): void {
  let dot: f64 = 0;
  for (let s = 0; s < k; s++) dot += load<f64>(b + (<usize>s << 3)) * load<f64>(unit + (<usize>s << 3));
  for (let s = 0; s < k; s++) store<f64>(b + (<usize>s << 3), load<f64>(b + (<usize>s << 3)) - dot * load<f64>(unit + (<usize>s << 3)));
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
