// Gaussian integration rules for the low-dimensional expectations of docs/model.md §3 (test
// error) and §6 (single-pass state evolution): (u, z) ~ N(0, Σ), Σ = [[Q, M],[Mᵀ, I_k]].
// No managed allocation: every buffer is a byte offset handed in by src/wasm/backend.ts.

/**
 * Probabilists' Gauss–Hermite rule (weight e^{−x²/2}/√(2π), so the weights sum to 1).
 * Golub–Welsch: eigenvalues of the Jacobi matrix (diagonal 0, off-diagonal √j) by implicit
 * QL, symmetrised, then polished by Newton on the orthonormal three-term recurrence; weights
 * from the Christoffel function 1/Σ_{j<m} p̃_j(x)², which keeps tiny tail weights accurate
 * (eigenvector components would only be accurate relative to the largest weight).
 * `scratch` holds 2m doubles. Nodes come out ascending.
 */
export function gaussHermiteRule(m: i32, nodes: usize, weights: usize, scratch: usize): void {
  const d = scratch;
  const e = scratch + (<usize>m << 3);
  for (let i = 0; i < m; i++) {
    store<f64>(d + (<usize>i << 3), 0.0);
    // e[i] couples i and i+1 (the NR convention after its shift).
    store<f64>(e + (<usize>i << 3), i < m - 1 ? Math.sqrt(<f64>(i + 1)) : 0.0);
  }
  tqlEigenvalues(m, d, e);
  // Insertion sort, ascending.
  for (let i = 1; i < m; i++) {
    const v = load<f64>(d + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && load<f64>(d + (<usize>j << 3)) > v) {
      store<f64>(d + (<usize>(j + 1) << 3), load<f64>(d + (<usize>j << 3)));
      j--;
    }
    store<f64>(d + (<usize>(j + 1) << 3), v);
  }
  const half = m >> 1;
  for (let i = 0; i < half; i++) {
    // Exact symmetry x_i = −x_{m−1−i}: symmetric integrands then integrate symmetrically.
    let x = 0.5 * (load<f64>(d + (<usize>(m - 1 - i) << 3)) - load<f64>(d + (<usize>i << 3)));
    for (let it = 0; it < 4; it++) {
      // p̃_{j+1} = (x p̃_j − √j p̃_{j−1}) / √(j+1); p̃_m' = √m p̃_{m−1}.
      let p0 = 1.0;
      let p1 = x;
      for (let j = 1; j < m; j++) {
        const p2 = (x * p1 - Math.sqrt(<f64>j) * p0) / Math.sqrt(<f64>(j + 1));
        p0 = p1;
        p1 = p2;
      }
      const dx = p1 / (Math.sqrt(<f64>m) * p0);
      x -= dx;
    }
    let p0 = 1.0;
    let p1 = x;
    let s = 1.0 + x * x;
    for (let j = 1; j < m - 1; j++) {
      const p2 = (x * p1 - Math.sqrt(<f64>j) * p0) / Math.sqrt(<f64>(j + 1));
      p0 = p1;
      p1 = p2;
      s += p2 * p2;
    }
    if (m == 1) s = 1.0;
    const w = 1.0 / s;
    store<f64>(nodes + (<usize>(m - 1 - i) << 3), x);
    store<f64>(nodes + (<usize>i << 3), -x);
    store<f64>(weights + (<usize>(m - 1 - i) << 3), w);
    store<f64>(weights + (<usize>i << 3), w);
  }
  if (m & 1) {
    // Middle node 0: Christoffel function with p̃_{2j}(0) = (−1)^j √((2j−1)!!/(2j)!!).
    let s = 1.0;
    let q = 1.0;
    for (let j = 2; j < m; j += 2) {
      q *= <f64>(j - 1) / <f64>j;
      s += q;
    }
    store<f64>(nodes + (<usize>half << 3), 0.0);
    store<f64>(weights + (<usize>half << 3), 1.0 / s);
  }
}

/** Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix (eigenvalues only). */
function tqlEigenvalues(n: i32, d: usize, e: usize): void {
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let mm = l;
    do {
      for (mm = l; mm < n - 1; mm++) {
        const dd = Math.abs(ld(d, mm)) + Math.abs(ld(d, mm + 1));
        if (Math.abs(ld(e, mm)) <= 2.220446049250313e-16 * dd) break;
      }
      if (mm != l) {
        if (iter++ == 100) break;
        let g = (ld(d, l + 1) - ld(d, l)) / (2.0 * ld(e, l));
        let r = Math.hypot(g, 1.0);
        g = ld(d, mm) - ld(d, l) + ld(e, l) / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1.0;
        let c = 1.0;
        let p = 0.0;
        let i = mm - 1;
        let underflow = false;
        for (; i >= l; i--) {
          const f = s * ld(e, i);
          const b = c * ld(e, i);
          r = Math.hypot(f, g);
          st(e, i + 1, r);
          if (r == 0.0) {
            st(d, i + 1, ld(d, i + 1) - p);
            st(e, mm, 0.0);
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = ld(d, i + 1) - p;
          r = (ld(d, i) - g) * s + 2.0 * c * b;
          p = s * r;
          st(d, i + 1, g + p);
          g = c * r - b;
        }
        if (underflow) continue;
        st(d, l, ld(d, l) - p);
        st(e, l, g);
        st(e, mm, 0.0);
      }
    } while (mm != l);
  }
}

// @ts-ignore: decorator
@inline function ld(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

/**
 * Tensor-product rule in D dimensions from a 1-D rule (m nodes), with points whose weight
 * is below `pruneRel` × (largest weight) dropped (they carry a negligible share of the mass
 * for integrands of polynomial growth). With capacity 0 it only counts. Otherwise point i is
 * written column-major: ξ_d at xi + 8(d·capacity + i), weight at w + 8i. Returns the count.
 */
export function gaussTensorRule(
  D: i32, m: i32, nodes: usize, weights: usize, pruneRel: f64,
  xi: usize, w: usize, capacity: i32,
): i32 {
  let wmax1 = 0.0;
  for (let i = 0; i < m; i++) wmax1 = Math.max(wmax1, ld(weights, i));
  let wmax = 1.0;
  for (let d = 0; d < D; d++) wmax *= wmax1;
  const thresh = pruneRel * wmax;
  let total: i64 = 1;
  for (let d = 0; d < D; d++) total *= <i64>m;
  let n = 0;
  for (let idx: i64 = 0; idx < total; idx++) {
    let rest = idx;
    let wt = 1.0;
    for (let d = 0; d < D; d++) {
      wt *= ld(weights, <i32>(rest % <i64>m));
      rest /= <i64>m;
    }
    if (wt < thresh) continue;
    if (capacity > 0) {
      rest = idx;
      for (let d = 0; d < D; d++) {
        store<f64>(xi + ((<usize>d * <usize>capacity + <usize>n) << 3), ld(nodes, <i32>(rest % <i64>m)));
        rest /= <i64>m;
      }
      st(w, n, wt);
    }
    n++;
  }
  return n;
}

/** Weights 1/n for a Monte-Carlo rule of n points. */
export function gaussEqualWeights(n: i32, w: usize): void {
  const v = 1.0 / <f64>n;
  for (let i = 0; i < n; i++) st(w, i, v);
}

/**
 * Lower-triangular factor L (D×D row-major, D = k + p) with L Lᵀ = Σ for the variable order
 * (z, u): Σ = [[I_k, Mᵀ],[M, Q]], so that z = ξ_{0..k−1} exactly and u = M z + chol(Q − MMᵀ) ξ_u.
 * The target is then evaluated on the rule's own axes. Cholesky with clamping: a pivot below
 * `tol`·Σ_jj (a student row inside the span of the earlier variables, Σ singular) gets a zero
 * column, so PSD and singular Σ are handled. M is p×k row-major, Q p×p row-major (its lower
 * triangle is read). Returns the rank.
 */
export function gaussFactorOverlaps(p: i32, k: i32, M: usize, Q: usize, tol: f64, L: usize): i32 {
  const D = p + k;
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      let s = 0.0;
      if (i < k && j < k) s = i == j ? 1.0 : 0.0;
      else if (i >= k && j < k) s = ld(M, (i - k) * k + j);
      else if (i < k && j >= k) s = ld(M, (j - k) * k + i);
      else s = ld(Q, (i >= j ? (i - k) * p + (j - k) : (j - k) * p + (i - k)));
      st(L, i * D + j, s);
    }
  }
  return choleskyPsdInPlace(D, L, tol);
}

/** In-place clamped Cholesky of a symmetric PSD matrix (row-major); upper part zeroed. */
export function gaussCholeskyPsd(D: i32, S: usize, tol: f64): i32 {
  return choleskyPsdInPlace(D, S, tol);
}

function choleskyPsdInPlace(D: i32, A: usize, tol: f64): i32 {
  let rank = 0;
  for (let j = 0; j < D; j++) {
    const ajj = ld(A, j * D + j);
    let dsum = ajj;
    for (let l = 0; l < j; l++) {
      const v = ld(A, j * D + l);
      dsum -= v * v;
    }
    const scale = Math.max(Math.abs(ajj), 1e-300);
    if (dsum <= tol * scale) {
      st(A, j * D + j, 0.0);
      for (let i = j + 1; i < D; i++) st(A, i * D + j, 0.0);
    } else {
      const ljj = Math.sqrt(dsum);
      st(A, j * D + j, ljj);
      rank++;
      for (let i = j + 1; i < D; i++) {
        let s = ld(A, i * D + j);
        for (let l = 0; l < j; l++) s -= ld(A, i * D + l) * ld(A, j * D + l);
        st(A, i * D + j, s / ljj);
      }
    }
    for (let i = 0; i < j; i++) st(A, i * D + j, 0.0);
  }
  return rank;
}

/**
 * Column dot Σ_i (w_i x_i) y_i over n points. Two partial sums (even and odd i) so that the
 * f64x2 path and the scalar path do the same IEEE operations in the same order.
 */
export function gaussDotW(n: i32, w: usize, x: usize, y: usize): f64 {
  let s0 = 0.0;
  let s1 = 0.0;
  const n2 = n & ~1;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0.0);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      acc = f64x2.add(acc, f64x2.mul(f64x2.mul(v128.load(w + o), v128.load(x + o)), v128.load(y + o)));
    }
    s0 = f64x2.extract_lane(acc, 0);
    s1 = f64x2.extract_lane(acc, 1);
  } else {
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      s0 += (load<f64>(w + o) * load<f64>(x + o)) * load<f64>(y + o);
      s1 += (load<f64>(w + o + 8) * load<f64>(x + o + 8)) * load<f64>(y + o + 8);
    }
  }
  if (n2 < n) {
    const o = <usize>n2 << 3;
    s0 += (load<f64>(w + o) * load<f64>(x + o)) * load<f64>(y + o);
  }
  return s0 + s1;
}

/** Σ_i w_i x_i over n points, with the same two-lane order in both builds (see gaussDotW). */
export function gaussSumW(n: i32, w: usize, x: usize): f64 {
  let s0 = 0.0;
  let s1 = 0.0;
  const n2 = n & ~1;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0.0);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      acc = f64x2.add(acc, f64x2.mul(v128.load(w + o), v128.load(x + o)));
    }
    s0 = f64x2.extract_lane(acc, 0);
    s1 = f64x2.extract_lane(acc, 1);
  } else {
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      s0 += load<f64>(w + o) * load<f64>(x + o);
      s1 += load<f64>(w + o + 8) * load<f64>(x + o + 8);
    }
  }
  if (n2 < n) {
    const o = <usize>n2 << 3;
    s0 += load<f64>(w + o) * load<f64>(x + o);
  }
  return s0 + s1;
}

/** Eigenvalues (in place, unsorted) of the symmetric tridiagonal matrix diag d, off-diagonal e[i] = (i, i+1). */
export function gaussTridiagEigenvalues(n: i32, d: usize, e: usize): void {
  tqlEigenvalues(n, d, e);
}
