// Small dense linear algebra for the learnability analyser (src/analyze/, docs/model.md §7):
// symmetric eigen-decompositions of k×k matrices (k ≤ 6 target directions, cyclic Jacobi),
// a basis-independent orthonormal basis of a subspace, and in-place rotations of basis
// blocks. Plain scalar f64 code without fused multiply-add, so the SIMD and the scalar build
// give the same bits. Kernels never allocate; matrices are row-major f64 at byte offsets.

@inline function at(p: usize, i: i32, j: i32, n: i32): usize {
  return p + ((<usize>(i * n + j)) << 3);
}

/**
 * Eigen-decomposition of the symmetric n×n matrix at `a` (destroyed): eigenvalues into
 * `evals` (descending), eigenvectors into the columns of `v` (v[i][j] = component i of vector
 * j). Each vector's largest-magnitude component (the first on ties) is made positive so that
 * the output does not depend on the rotation path's sign conventions.
 */
export function analyzeJacobiEigen(a: usize, n: i32, v: usize, evals: usize): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) store<f64>(at(v, i, j, n), i == j ? 1.0 : 0.0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off: f64 = 0.0;
    let diag: f64 = 0.0;
    for (let p = 0; p < n; p++) {
      const d = load<f64>(at(a, p, p, n));
      diag += d * d;
      for (let q = p + 1; q < n; q++) {
        const x = load<f64>(at(a, p, q, n));
        off += x * x;
      }
    }
    if (!(off > 1e-34 * diag)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = load<f64>(at(a, p, q, n));
        if (apq == 0.0) continue;
        const theta = (load<f64>(at(a, q, q, n)) - load<f64>(at(a, p, p, n))) / (2.0 * apq);
        const at_ = abs<f64>(theta);
        let t: f64;
        if (at_ > 1e150) t = 0.5 / theta;
        else {
          t = 1.0 / (at_ + Math.sqrt(theta * theta + 1.0));
          if (theta < 0.0) t = -t;
        }
        const c = 1.0 / Math.sqrt(t * t + 1.0);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = load<f64>(at(a, r, p, n));
          const arq = load<f64>(at(a, r, q, n));
          store<f64>(at(a, r, p, n), c * arp - s * arq);
          store<f64>(at(a, r, q, n), s * arp + c * arq);
        }
        for (let r = 0; r < n; r++) {
          const apr = load<f64>(at(a, p, r, n));
          const aqr = load<f64>(at(a, q, r, n));
          store<f64>(at(a, p, r, n), c * apr - s * aqr);
          store<f64>(at(a, q, r, n), s * apr + c * aqr);
        }
        store<f64>(at(a, p, q, n), 0.0);
        store<f64>(at(a, q, p, n), 0.0);
        for (let r = 0; r < n; r++) {
          const vrp = load<f64>(at(v, r, p, n));
          const vrq = load<f64>(at(v, r, q, n));
          store<f64>(at(v, r, p, n), c * vrp - s * vrq);
          store<f64>(at(v, r, q, n), s * vrp + c * vrq);
        }
      }
    }
  }
  for (let i = 0; i < n; i++) store<f64>(evals + ((<usize>i) << 3), load<f64>(at(a, i, i, n)));
  // Selection sort, descending (n ≤ 6), swapping eigenvector columns along.
  for (let i = 0; i < n - 1; i++) {
    let best = i;
    for (let j = i + 1; j < n; j++) {
      if (load<f64>(evals + ((<usize>j) << 3)) > load<f64>(evals + ((<usize>best) << 3))) best = j;
    }
    if (best != i) {
      const ei = load<f64>(evals + ((<usize>i) << 3));
      store<f64>(evals + ((<usize>i) << 3), load<f64>(evals + ((<usize>best) << 3)));
      store<f64>(evals + ((<usize>best) << 3), ei);
      for (let r = 0; r < n; r++) {
        const x = load<f64>(at(v, r, i, n));
        store<f64>(at(v, r, i, n), load<f64>(at(v, r, best, n)));
        store<f64>(at(v, r, best, n), x);
      }
    }
  }
  for (let j = 0; j < n; j++) {
    let big = 0;
    for (let r = 1; r < n; r++) {
      if (abs<f64>(load<f64>(at(v, r, j, n))) > abs<f64>(load<f64>(at(v, big, j, n)))) big = r;
    }
    if (load<f64>(at(v, big, j, n)) < 0.0) {
      for (let r = 0; r < n; r++) store<f64>(at(v, r, j, n), -load<f64>(at(v, r, j, n)));
    }
  }
}

/**
 * An orthonormal basis of the span of the r orthonormal vectors at `vecs` (row j = vector j,
 * k components) that depends only on the subspace: pivoted Gram–Schmidt on the projections
 * P e_i of the coordinate axes (largest residual first, lowest i on ties). Coordinate axes
 * inside the subspace come out as themselves, span{(1,1)} as (1,1)/√2 — the forms a human
 * reads in the target's variables. Writes r rows to `out`; `scratch` holds k·k + k doubles.
 * Returns the number of vectors written (r unless the input was rank-deficient).
 */
export function analyzeCanonicalBasis(vecs: usize, k: i32, r: i32, out: usize, scratch: usize): i32 {
  const proj = scratch; // k×k: column i is P e_i, reduced as vectors are accepted
  const used = scratch + ((<usize>(k * k)) << 3);
  for (let i = 0; i < k; i++) {
    store<f64>(used + ((<usize>i) << 3), 0.0);
    for (let l = 0; l < k; l++) {
      let s: f64 = 0.0;
      for (let j = 0; j < r; j++) s += load<f64>(at(vecs, j, i, k)) * load<f64>(at(vecs, j, l, k));
      store<f64>(at(proj, l, i, k), s);
    }
  }
  let got = 0;
  while (got < r) {
    let best = -1;
    let bestNorm: f64 = 1e-12;
    for (let i = 0; i < k; i++) {
      if (load<f64>(used + ((<usize>i) << 3)) != 0.0) continue;
      let s: f64 = 0.0;
      for (let l = 0; l < k; l++) {
        const x = load<f64>(at(proj, l, i, k));
        s += x * x;
      }
      if (s > bestNorm) {
        bestNorm = s;
        best = i;
      }
    }
    if (best < 0) break;
    store<f64>(used + ((<usize>best) << 3), 1.0);
    // Re-orthogonalise against the vectors already written (twice is enough), then normalise.
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < got; j++) {
        let d: f64 = 0.0;
        for (let l = 0; l < k; l++) d += load<f64>(at(out, j, l, k)) * load<f64>(at(proj, l, best, k));
        for (let l = 0; l < k; l++) store<f64>(at(proj, l, best, k), load<f64>(at(proj, l, best, k)) - d * load<f64>(at(out, j, l, k)));
      }
    }
    let s: f64 = 0.0;
    for (let l = 0; l < k; l++) {
      const x = load<f64>(at(proj, l, best, k));
      s += x * x;
    }
    const inv = 1.0 / Math.sqrt(s);
    for (let l = 0; l < k; l++) store<f64>(at(out, got, l, k), load<f64>(at(proj, l, best, k)) * inv);
    // Remove the new vector from the other candidates.
    for (let i = 0; i < k; i++) {
      if (load<f64>(used + ((<usize>i) << 3)) != 0.0) continue;
      let d: f64 = 0.0;
      for (let l = 0; l < k; l++) d += load<f64>(at(out, got, l, k)) * load<f64>(at(proj, l, i, k));
      for (let l = 0; l < k; l++) store<f64>(at(proj, l, i, k), load<f64>(at(proj, l, i, k)) - d * load<f64>(at(out, got, l, k)));
    }
    got++;
  }
  return got;
}

/**
 * Q (k×k, columns = an orthonormal basis of R^k) ← Q with its columns c0 … c0+nc−1 replaced by
 * (those columns) · V, V nc×nc (row-major). `scratch` holds nc doubles.
 */
export function analyzeRotateColumns(q: usize, k: i32, c0: i32, nc: i32, v: usize, scratch: usize): void {
  for (let row = 0; row < k; row++) {
    for (let j = 0; j < nc; j++) {
      let s: f64 = 0.0;
      for (let l = 0; l < nc; l++) s += load<f64>(at(q, row, c0 + l, k)) * load<f64>(at(v, l, j, nc));
      store<f64>(scratch + ((<usize>j) << 3), s);
    }
    for (let j = 0; j < nc; j++) store<f64>(at(q, row, c0 + j, k), load<f64>(scratch + ((<usize>j) << 3)));
  }
}

/**
 * Completes the r orthonormal rows at `vecs` (k components) into an orthonormal basis of R^k,
 * written as the columns of q (k×k): columns 0…r−1 are the given vectors, columns r…k−1 the
 * canonical basis of their orthogonal complement (eigenvectors of I − VᵀV with eigenvalue 1,
 * made canonical by analyzeCanonicalBasis). scratch: 4k² + 2k doubles.
 */
export function analyzeCompleteBasis(vecs: usize, k: i32, r: i32, q: usize, scratch: usize): void {
  const m = scratch;
  const ev = scratch + ((<usize>(k * k)) << 3);
  const vv = ev + ((<usize>(k * k)) << 3);
  const evals = vv + ((<usize>(k * k)) << 3);
  const cb = evals + ((<usize>k) << 3);
  for (let i = 0; i < k; i++) {
    for (let l = 0; l < k; l++) {
      let s: f64 = i == l ? 1.0 : 0.0;
      for (let j = 0; j < r; j++) s -= load<f64>(at(vecs, j, i, k)) * load<f64>(at(vecs, j, l, k));
      store<f64>(at(m, i, l, k), s);
    }
  }
  analyzeJacobiEigen(m, k, ev, evals);
  // Rows of vv: the k − r leading eigenvectors (eigenvalue 1), then made canonical.
  for (let j = 0; j < k - r; j++) for (let l = 0; l < k; l++) store<f64>(at(vv, j, l, k), load<f64>(at(ev, l, j, k)));
  analyzeCanonicalBasis(vv, k, k - r, m, cb);
  for (let l = 0; l < k; l++) {
    for (let j = 0; j < r; j++) store<f64>(at(q, l, j, k), load<f64>(at(vecs, j, l, k)));
    for (let j = 0; j < k - r; j++) store<f64>(at(q, l, r + j, k), load<f64>(at(m, j, l, k)));
  }
}

/**
 * Variance check of a target from two rules' accumulators (Σw f, Σw f², #bad, tail Σw f²;
 * see analyzeGridEval): out = [mean, E f², Var f (fine), Var f (coarse), |ΔE f²| / E f²,
 * tail share of E f²].
 */
export function analyzeVarianceCheck(fine: usize, coarse: usize, out: usize): void {
  const m = load<f64>(fine);
  const s = load<f64>(fine + 8);
  const mc = load<f64>(coarse);
  const sc = load<f64>(coarse + 8);
  store<f64>(out, m);
  store<f64>(out + 8, s);
  store<f64>(out + 16, s - m * m);
  store<f64>(out + 24, sc - mc * mc);
  store<f64>(out + 32, s > 0.0 ? abs<f64>(s - sc) / s : 0.0);
  store<f64>(out + 40, s > 0.0 ? load<f64>(fine + 24) / s : 0.0);
}

/** out (k×k) = Σ_i x_i x_iᵀ over the n rows x_i of x (n×k row-major). */
export function analyzeGramRows(x: usize, n: i32, k: i32, out: usize): void {
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < k; c++) {
      let s: f64 = 0.0;
      for (let i = 0; i < n; i++) s += load<f64>(at(x, i, a, k)) * load<f64>(at(x, i, c, k));
      store<f64>(at(out, a, c, k), s);
    }
  }
}

/**
 * Largest projection of an overlap trajectory on a unit vector v, with its error bound:
 * m holds steps·p rows of k entries (M^t_j, t slowest), err[t] the per-step largest entry
 * error. out = [max_{t,j} |M^t_j·v|, √k · max_t err[t] (|ΔM·v| ≤ ‖ΔM‖ ≤ √k max|ΔM|),
 * the first step t reaching that maximum].
 */
export function analyzeStepProjection(m: usize, steps: i32, p: i32, k: i32, v: usize, err: usize, out: usize): void {
  let best: f64 = 0.0;
  let bestStep: i32 = 0;
  let e: f64 = 0.0;
  for (let t = 0; t < steps; t++) {
    const et = load<f64>(err + ((<usize>t) << 3));
    if (et > e) e = et;
    for (let j = 0; j < p; j++) {
      let s: f64 = 0.0;
      for (let l = 0; l < k; l++) s += load<f64>(at(m, t * p + j, l, k)) * load<f64>(v + ((<usize>l) << 3));
      const a = abs<f64>(s);
      if (a > best) {
        best = a;
        bestStep = t;
      }
    }
  }
  store<f64>(out, best);
  store<f64>(out + 8, Math.sqrt(<f64>k) * e);
  store<f64>(out + 16, <f64>bestStep);
}
