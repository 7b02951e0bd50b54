// Initialisation of teacher and student (docs/model.md §1–2), float64.
import { dotF64 } from './overlaps';

/**
 * Gram–Schmidt on `rows` rows of A (stride ld, float64): each row is made orthogonal to the
 * nB rows of B (which need not be normalised) and to the previous rows of A, twice
 * ("twice is enough", Giraud et al. 2005) for orthogonality to machine precision, then
 * rescaled to norm √d. Returns 0 if a row becomes numerically zero (rows ≥ d − nB), else 1.
 */
export function orthonormalRows(A: usize, rows: i32, B: usize, nB: i32, ld: i32, d: i32): i32 {
  const rowBytes = <usize>ld << 3;
  const target = Math.sqrt(<f64>d);
  for (let i = 0; i < rows; i++) {
    const ai = A + <usize>i * rowBytes;
    const norm0 = Math.sqrt(dotF64(ai, ai, ld));
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < nB; b++) projectOut(ai, B + <usize>b * rowBytes, ld);
      for (let b = 0; b < i; b++) projectOut(ai, A + <usize>b * rowBytes, ld);
    }
    const norm = Math.sqrt(dotF64(ai, ai, ld));
    if (!(norm > 1e-10 * norm0) || norm0 == 0) return 0;
    const s = target / norm;
    for (let c = 0; c < ld; c++) store<f64>(ai + (<usize>c << 3), load<f64>(ai + (<usize>c << 3)) * s);
  }
  return 1;
}

@inline function projectOut(a: usize, b: usize, ld: i32): void {
  const bb = dotF64(b, b, ld);
  if (bb == 0) return;
  const c = dotF64(a, b, ld) / bb;
  for (let i = 0; i < ld; i++) {
    const o = <usize>i << 3;
    store<f64>(a + o, load<f64>(a + o) - c * load<f64>(b + o));
  }
}

/**
 * Prescribed initial overlap (§2): W_j = Σ_r m0[j][r] T_r + √(1 − ‖m0_j‖²) O_j, with T the
 * teacher rows (norm √d, orthogonal) and O rows of norm √d orthogonal to T and to each other.
 * Returns 0 if some ‖m0_j‖ ≥ 1.
 */
export function combineRows(W: usize, p: i32, m0: usize, T: usize, k: i32, O: usize, ld: i32): i32 {
  const rowBytes = <usize>ld << 3;
  for (let j = 0; j < p; j++) {
    let norm2: f64 = 0;
    for (let r = 0; r < k; r++) {
      const m = load<f64>(m0 + (<usize>(j * k + r) << 3));
      norm2 += m * m;
    }
    if (!(norm2 < 1)) return 0;
    const c = Math.sqrt(1 - norm2);
    const wj = W + <usize>j * rowBytes, oj = O + <usize>j * rowBytes;
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 3;
      let w = c * load<f64>(oj + o);
      for (let r = 0; r < k; r++) w += load<f64>(m0 + (<usize>(j * k + r) << 3)) * load<f64>(T + <usize>r * rowBytes + o);
      store<f64>(wj + o, w);
    }
  }
  return 1;
}

/** f32 → f64 copy (normals are generated in f32, see assembly/rng.ts). */
export function widenF32(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f64>(dst + (<usize>i << 3), <f64>load<f32>(src + (<usize>i << 2)));
}

/**
 * Second layer a ∈ R^p (§1): kind 0 alternating ±1/√p (+ for even j), 1 all +1/√p,
 * 2 all 1/p, 3 signs[j]/√p with signs (i32, ±1) drawn by the caller from the seed (Rademacher),
 * 4 out[j]/√p in place, out holding p standard normals the caller drew (a_j ~ N(0, 1/p)).
 */
export function secondLayer(kind: i32, p: i32, signs: usize, out: usize): void {
  const s = 1.0 / Math.sqrt(<f64>p);
  for (let j = 0; j < p; j++) {
    let v: f64;
    if (kind == 0) v = (j & 1) == 0 ? s : -s;
    else if (kind == 1) v = s;
    else if (kind == 2) v = 1.0 / <f64>p;
    else if (kind == 3) v = <f64>load<i32>(signs + (<usize>j << 2)) * s;
    else v = load<f64>(out + (<usize>j << 3)) * s;
    store<f64>(out + (<usize>j << 3), v);
  }
}
