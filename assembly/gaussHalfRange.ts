// Half-range Gauss rule for N(0,1): Gauss quadrature for the weight φ(x) on (0, ∞), mirrored
// to (−∞, 0). With 2n nodes it is exact for functions that are polynomials of degree ≤ 2n−1
// on each half-line separately, so a kink or jump at 0 (relu, step, sign, |·|, the ReLU
// derivative in g of docs/model.md §6) costs nothing when it sits on an axis — the case at the
// paper's initialisation M⁰ = 0, Q⁰ = I, where u = ξ_u exactly. Plain Gauss–Hermite
// converges only like 1/m there (E|ξ| is off by 1.4e-2 at m = 24).
// Recurrence coefficients by the Stieltjes procedure on a discretisation of φ on [0, 12]
// (composite 16-point Gauss–Legendre, 96 panels; φ(12) ≈ 5e-32 so the tail is negligible);
// nodes by Golub–Welsch (implicit QL), polished by Newton on the orthonormal recurrence;
// weights from the Christoffel function.
import { gaussTridiagEigenvalues } from './gaussian';

const PANELS = 96;
const GL = 16;
const UPPER = 12.0;
const INV_SQRT_2PI: f64 = 0.3989422804014327;

/** Doubles of scratch that gaussHalfRangeRule needs for m = 2n nodes. */
export function gaussHalfRangeScratch(m: i32): i32 {
  return 4 * GL + 5 * PANELS * GL + 4 * (m + 4);
}

/**
 * m (even) nodes ascending and weights summing to 1 for E over N(0,1), symmetric about 0, no
 * node at 0.
 */
export function gaussHalfRangeRule(m: i32, nodes: usize, weights: usize, scratch: usize): void {
  const n = m >> 1;
  const N = PANELS * GL;
  const glx = scratch;
  const glw = glx + (<usize>GL << 3);
  const gle = glw + (<usize>GL << 3);
  const X = gle + (<usize>(2 * GL) << 3);
  const W = X + (<usize>N << 3);
  const q0 = W + (<usize>N << 3);
  const q1 = q0 + (<usize>N << 3);
  const rr = q1 + (<usize>N << 3);
  const al = rr + (<usize>N << 3);
  const be = al + (<usize>(m + 4) << 3);
  const d = be + (<usize>(m + 4) << 3);
  const e = d + (<usize>(m + 4) << 3);

  gaussLegendre(GL, glx, glw, gle);
  // Discrete measure: φ on [0, UPPER].
  const h = UPPER / <f64>PANELS;
  let mu0 = 0.0;
  for (let pnl = 0; pnl < PANELS; pnl++) {
    const c = (<f64>pnl + 0.5) * h;
    for (let i = 0; i < GL; i++) {
      const x = c + 0.5 * h * ld(glx, i);
      const w = 0.5 * h * ld(glw, i) * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
      st(X, pnl * GL + i, x);
      st(W, pnl * GL + i, w);
      mu0 += w;
    }
  }
  gaussFromMeasure(n, N, X, W, mu0, q0, q1, rr, al, be, d, e);
  // d now holds the n nodes ascending and e their weights (mass mu0 ≈ 1/2); mirror them.
  for (let i = 0; i < n; i++) {
    const x = ld(d, i);
    const w = ld(e, i);
    st(nodes, n + i, x);
    st(nodes, n - 1 - i, -x);
    st(weights, n + i, w);
    st(weights, n - 1 - i, w);
  }
}

/**
 * n-point Gauss rule of a discrete positive measure (N points X with masses W, total mu0):
 * Stieltjes with normalised vectors for the recurrence, Golub–Welsch (implicit QL) for the
 * nodes, Newton on the orthonormal recurrence to polish them, Christoffel weights (which keep
 * small weights accurate relative to themselves). Nodes ascending in d[0..n), weights in
 * e[0..n) (summing to mu0). q0, q1, rr: N doubles each; al, be, d, e: n + 4 doubles each.
 */
function gaussFromMeasure(
  n: i32, N: i32, X: usize, W: usize, mu0: f64,
  q0: usize, q1: usize, rr: usize, al: usize, be: usize, d: usize, e: usize,
): void {
  // Stieltjes: q_{j+1} b_{j+1} = (x − α_j) q_j − b_j q_{j−1}.
  const c0 = 1.0 / Math.sqrt(mu0);
  for (let i = 0; i < N; i++) {
    st(q1, i, c0);
    st(q0, i, 0.0);
  }
  let bj = 0.0;
  let qa = q0; // q_{j−1}
  let qb = q1; // q_j
  let qc = rr;
  for (let j = 0; j <= n; j++) {
    let a = 0.0;
    for (let i = 0; i < N; i++) {
      const v = ld(qb, i);
      a += ld(W, i) * ld(X, i) * v * v;
    }
    let s = 0.0;
    for (let i = 0; i < N; i++) {
      const r = (ld(X, i) - a) * ld(qb, i) - bj * ld(qa, i);
      st(qc, i, r);
      s += ld(W, i) * r * r;
    }
    const bn = Math.sqrt(s);
    st(al, j, a);
    st(be, j + 1, bn);
    for (let i = 0; i < N; i++) st(qc, i, ld(qc, i) / bn);
    const t = qa;
    qa = qb;
    qb = qc;
    qc = t;
    bj = bn;
  }
  // Golub–Welsch on the first n coefficients (b_j couples j−1 and j).
  for (let j = 0; j < n; j++) {
    st(d, j, ld(al, j));
    st(e, j, j < n - 1 ? ld(be, j + 1) : 0.0);
  }
  gaussTridiagEigenvalues(n, d, e);
  // Sort ascending.
  for (let i = 1; i < n; i++) {
    const v = ld(d, i);
    let j = i - 1;
    while (j >= 0 && ld(d, j) > v) {
      st(d, j + 1, ld(d, j));
      j--;
    }
    st(d, j + 1, v);
  }
  for (let i = 0; i < n; i++) {
    let x = ld(d, i);
    for (let it = 0; it < 4; it++) {
      // p̃_n and its derivative by the orthonormal recurrence.
      let p0 = 0.0;
      let p1 = c0;
      let dp0 = 0.0;
      let dp1 = 0.0;
      for (let j = 0; j < n; j++) {
        const b1 = ld(be, j + 1);
        const bjj = ld(be, j);
        const p2 = ((x - ld(al, j)) * p1 - (j > 0 ? bjj * p0 : 0.0)) / b1;
        const dp2 = (p1 + (x - ld(al, j)) * dp1 - (j > 0 ? bjj * dp0 : 0.0)) / b1;
        p0 = p1;
        p1 = p2;
        dp0 = dp1;
        dp1 = dp2;
      }
      if (dp1 != 0.0) x -= p1 / dp1;
    }
    let p0 = 0.0;
    let p1 = c0;
    let sum = c0 * c0;
    for (let j = 0; j < n - 1; j++) {
      const p2 = ((x - ld(al, j)) * p1 - (j > 0 ? ld(be, j) * p0 : 0.0)) / ld(be, j + 1);
      p0 = p1;
      p1 = p2;
      sum += p2 * p2;
    }
    st(d, i, x);
    st(e, i, 1.0 / sum); // Christoffel weight
  }
}

// Truncated-normal rules for kinks off the axes (docs/model.md §6 with a ReLU student: the jump
// of σ'(u_j) = step(u_j) sits at u_j = 0, which in the conditional coordinate ξ_j of the
// nested rule of assembly/gaussProduct.ts is an arbitrary point t_j). Table entry g holds the
// n-point Gauss rule for the weight φ(x) on (t_g, ∞), t_g = −TRUNC_T + g·TRUNC_H; a rule for
// (t, ∞) is entry g nearest to t shifted by δ = t − t_g with weights times
// φ(x + δ)/φ(x) = exp(−δx − δ²/2), an entire factor of rate |δ| ≤ TRUNC_H/2 = 1/32. Over the
// ~9-wide spread of the nodes it varies by at most e^{0.28}, so n ≥ 4 Gauss nodes integrate
// (piecewise polynomial) × factor to ~1e-8 relative (at TRUNC_H = 1/4 the paper-2 moments were
// off by 3e-6 with n = 4). (−∞, t) is the mirror of (−t, ∞). Beyond |t| = TRUNC_T the far
// side carries mass < Φ(−8) ≈ 6e-16 and the split is clamped.
const TRUNC_T: f64 = 8.0;
const TRUNC_H: f64 = 0.0625;
const TRUNC_G: i32 = 257; // 2·TRUNC_T/TRUNC_H + 1
// Discretisation of φ on [−12, 12]: panels of width TRUNC_H (so every t_g is a panel edge),
// 8-point Gauss–Legendre each (exact for degree 15 per panel of width 1/16); φ(12) ≈ 5e-32.
const TP = 384;
const TGL = 8;

/** Entries of the truncated-normal table (rows of n nodes). */
export function gaussTruncEntries(): i32 {
  return TRUNC_G;
}

/** Doubles of scratch that gaussTruncTable needs for n nodes per side. */
export function gaussTruncScratch(n: i32): i32 {
  return 4 * TGL + 5 * TP * TGL + 4 * (n + 4);
}

/**
 * Fills nodes[g·n + i], weights[g·n + i] (g < TRUNC_G, i < n) with the n-point Gauss rule for
 * φ(x) dx on (t_g, ∞): weights sum to the mass 1 − Φ(t_g).
 */
export function gaussTruncTable(n: i32, nodes: usize, weights: usize, scratch: usize): void {
  const N = TP * TGL;
  const glx = scratch;
  const glw = glx + (<usize>TGL << 3);
  const gle = glw + (<usize>TGL << 3);
  const X = gle + (<usize>(2 * TGL) << 3);
  const W = X + (<usize>N << 3);
  const q0 = W + (<usize>N << 3);
  const q1 = q0 + (<usize>N << 3);
  const rr = q1 + (<usize>N << 3);
  const al = rr + (<usize>N << 3);
  const be = al + (<usize>(n + 4) << 3);
  const d = be + (<usize>(n + 4) << 3);
  const e = d + (<usize>(n + 4) << 3);
  gaussLegendre(TGL, glx, glw, gle);
  const lo = -12.0;
  for (let pnl = 0; pnl < TP; pnl++) {
    const c = lo + (<f64>pnl + 0.5) * TRUNC_H;
    for (let i = 0; i < TGL; i++) {
      const x = c + 0.5 * TRUNC_H * ld(glx, i);
      st(X, pnl * TGL + i, x);
      st(W, pnl * TGL + i, 0.5 * TRUNC_H * ld(glw, i) * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
    }
  }
  const first = <i32>((-TRUNC_T - lo) / TRUNC_H + 0.5); // panel whose left edge is t_0
  for (let g = 0; g < TRUNC_G; g++) {
    const off = (first + g) * TGL;
    const cnt = N - off;
    const Xg = X + (<usize>off << 3);
    const Wg = W + (<usize>off << 3);
    // Mass summed from the small tail end up, for accuracy at large t_g.
    let mu0 = 0.0;
    for (let i = cnt - 1; i >= 0; i--) mu0 += ld(Wg, i);
    gaussFromMeasure(n, cnt, Xg, Wg, mu0, q0, q1, rr, al, be, d, e);
    for (let i = 0; i < n; i++) {
      st(nodes, g * n + i, ld(d, i));
      st(weights, g * n + i, ld(e, i));
    }
  }
}

/** m-point Gauss–Legendre nodes and weights on [−1, 1] (Golub–Welsch + Newton); gle: scratch. */
function gaussLegendre(GL: i32, glx: usize, glw: usize, gle: usize): void {
  for (let i = 0; i < GL; i++) {
    st(glx, i, 0.0);
    const j = <f64>(i + 1);
    st(gle, i, i < GL - 1 ? j / Math.sqrt(4.0 * j * j - 1.0) : 0.0);
  }
  gaussTridiagEigenvalues(GL, glx, gle);
  for (let i = 0; i < GL; i++) {
    let x = ld(glx, i);
    for (let it = 0; it < 4; it++) {
      // Legendre P_GL and derivative by the standard recurrence.
      let p0 = 1.0;
      let p1 = x;
      for (let k = 2; k <= GL; k++) {
        const p2 = ((2.0 * <f64>k - 1.0) * x * p1 - (<f64>k - 1.0) * p0) / <f64>k;
        p0 = p1;
        p1 = p2;
      }
      const dp = <f64>GL * (x * p1 - p0) / (x * x - 1.0);
      x -= p1 / dp;
    }
    let p0 = 1.0;
    let p1 = x;
    for (let k = 2; k <= GL; k++) {
      const p2 = ((2.0 * <f64>k - 1.0) * x * p1 - (<f64>k - 1.0) * p0) / <f64>k;
      p0 = p1;
      p1 = p2;
    }
    const dp = <f64>GL * (x * p1 - p0) / (x * x - 1.0);
    st(glx, i, x);
    st(glw, i, 2.0 / ((1.0 - x * x) * dp * dp));
  }
}

/**
 * The 2n-point rule for N(0,1) split at t (n nodes on each side, ascending; weights sum to 1
 * up to the rule's error): from the table (tx, tw) of gaussTruncTable. Used per point by the
 * nested kink rule; plain scalar arithmetic so SIMD and scalar builds agree.
 */
export function gaussSplitRule(n: i32, tx: usize, tw: usize, t: f64, nodes: usize, weights: usize): void {
  const tc = Math.min(Math.max(t, -TRUNC_T), TRUNC_T);
  // Upper side (tc, ∞).
  let g = <i32>Math.floor((tc + TRUNC_T) / TRUNC_H + 0.5);
  let dl = tc - (-TRUNC_T + <f64>g * TRUNC_H);
  let c = -0.5 * dl * dl;
  for (let i = 0; i < n; i++) {
    const x = ld(tx, g * n + i);
    st(nodes, n + i, x + dl);
    st(weights, n + i, ld(tw, g * n + i) * Math.exp(c - dl * x));
  }
  // Lower side (−∞, tc): mirror of (−tc, ∞).
  g = <i32>Math.floor((TRUNC_T - tc) / TRUNC_H + 0.5);
  dl = -tc - (-TRUNC_T + <f64>g * TRUNC_H);
  c = -0.5 * dl * dl;
  for (let i = 0; i < n; i++) {
    const x = ld(tx, g * n + i);
    st(nodes, n - 1 - i, -(x + dl));
    st(weights, n - 1 - i, ld(tw, g * n + i) * Math.exp(c - dl * x));
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
