// Small dense linear algebra of the reduced engine (docs/model.md §8): the rank-revealing
// factor of a p×p PSD matrix (S = Q − MMᵀ, the Schur complement of Σ, and the Gram GᵀG of
// the per-sample gradients) and the triangular solve that turns G into an orthonormal basis
// of its column space. Row-major float64 throughout; sizes are at most 16 (p ≤ 16).

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/**
 * Pivoted (rank-revealing) Cholesky of the symmetric PSD n×n matrix A (Higham, "Accuracy and
 * Stability of Numerical Algorithms", §10.3, outer-product form with complete pivoting): at
 * step j the largest remaining Schur diagonal is the pivot; the factorisation stops when it is
 * ≤ tol·(largest diagonal of A) or not positive, and that j is the rank s. L (n×n, row-major,
 * in A's row order) then satisfies L Lᵀ = A up to the dropped Schur complement, its columns
 * s … n−1 are zero, and piv[j] is the row of the j-th pivot, so that L[piv[i]][j] = 0 for
 * j > i (the pivot rows form a lower-triangular s×s block). work: n float64 + n i32.
 * A is not modified. An all-zero A has rank 0 (dead ReLU units, no gradient).
 */
export function pivotedCholesky(A: usize, n: i32, tol: f64, L: usize, piv: usize, work: usize): i32 {
  if (n == 2) return pivotedCholesky2(A, tol, L, piv);
  const dg = work;
  const used = work + (<usize>n << 3);
  let dmax: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = ld(A, i * n + i);
    st(dg, i, v);
    store<i32>(used + (<usize>i << 2), 0);
    if (v > dmax) dmax = v;
    for (let j = 0; j < n; j++) st(L, i * n + j, 0.0);
  }
  const floor = tol * dmax;
  let rank = 0;
  for (let j = 0; j < n; j++) {
    let q = -1;
    let best: f64 = 0;
    for (let i = 0; i < n; i++) {
      if (load<i32>(used + (<usize>i << 2)) == 0 && ld(dg, i) > best) {
        best = ld(dg, i);
        q = i;
      }
    }
    // `!(best > floor)` also stops on NaN (a diverging state is caught by the caller).
    if (q < 0 || !(best > floor)) break;
    store<i32>(used + (<usize>q << 2), 1);
    store<i32>(piv + (<usize>j << 2), q);
    const lqq = Math.sqrt(best);
    st(L, q * n + j, lqq);
    for (let i = 0; i < n; i++) {
      if (load<i32>(used + (<usize>i << 2)) != 0) continue;
      let s = ld(A, i * n + q);
      for (let l = 0; l < j; l++) s -= ld(L, i * n + l) * ld(L, q * n + l);
      const v = s / lqq;
      st(L, i * n + j, v);
      st(dg, i, ld(dg, i) - v * v);
    }
    rank++;
  }
  return rank;
}

/**
 * pivotedCholesky for n = 2 (p = 2, the paper's width, where the loops cost more than the
 * arithmetic): the same operations in the same order, so the same bits.
 */
function pivotedCholesky2(A: usize, tol: f64, L: usize, piv: usize): i32 {
  const a00 = ld(A, 0), a11 = ld(A, 3);
  let dmax: f64 = 0;
  if (a00 > dmax) dmax = a00;
  if (a11 > dmax) dmax = a11;
  st(L, 0, 0.0); st(L, 1, 0.0); st(L, 2, 0.0); st(L, 3, 0.0);
  const floor = tol * dmax;
  let q = -1;
  let best: f64 = 0;
  if (a00 > best) { best = a00; q = 0; }
  if (a11 > best) { best = a11; q = 1; }
  if (q < 0 || !(best > floor)) return 0;
  const o = 1 - q;
  store<i32>(piv, q);
  const lqq = Math.sqrt(best);
  st(L, q * 2, lqq);
  const v = ld(A, o * 2 + q) / lqq;
  st(L, o * 2, v);
  const rest = ld(A, o * 2 + o) - v * v;
  if (!(rest > 0) || !(rest > floor)) return 1;
  store<i32>(piv + 4, o);
  st(L, o * 2 + 1, Math.sqrt(rest));
  return 2;
}

/**
 * Orthonormal basis of the column space of G (n×p, column-major: G[j·n + μ]) from the
 * pivoted Cholesky L of GᵀG (rank s): with R11 the s×s upper-triangular block of Lᵀ on the
 * pivot columns, G_π = Gq R11 and Gq = G_π R11⁻¹ (Cholesky QR), written column-major n×s.
 */
export function gramBasis(G: usize, n: i32, p: i32, L: usize, piv: usize, s: i32, Gq: usize): void {
  for (let mu = 0; mu < n; mu++) {
    for (let j = 0; j < s; j++) {
      const pj = load<i32>(piv + (<usize>j << 2));
      let v = ld(G, pj * n + mu);
      // R11[i][j] = L[piv[j]][i]
      for (let i = 0; i < j; i++) v -= ld(Gq, i * n + mu) * ld(L, pj * p + i);
      st(Gq, j * n + mu, v / ld(L, pj * p + j));
    }
  }
}
