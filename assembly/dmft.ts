// Kernels of the multi-pass DMFT solver (docs/dmft.md). Per-sample work is column-wise over a
// chunk of samples stored as float32 columns (normals ξ, gradients g, z*). The moment sums
// (dmftDotsX) and the fields fed to σ (dmftFields) are float64; the cavity field and echo,
// recomputed from the stored columns each step (h̃ = Aξ, e = Rg, docs/dmft.md (D15)), are
// float32 arithmetic (dmftCombineF32), like the storage. SIMD paths and their
// scalar twins perform the same IEEE operations in the same order (lane accumulators i mod 8
// for sums, one lane per sample for combinations), so both builds give the same bits. The small-matrix algebra (Stein solve, Cholesky extension, m update) is plain
// scalar code, identical in both builds. Nothing here allocates.

import { LOSS_SQUARE, lossDerivative } from './lossResidual';
import { displacementScale } from './displacement';

// @ts-ignore: decorator
@inline function promHi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/**
 * The per-sample gradient g = ℓ'(ŷ, y) a ⊙ σ'(u) (docs/model.md §1, ℓ' of the loss code `loss`,
 * assembly/lossResidual.ts; ℓ' = ŷ − y for the square loss) stored as float32 columns
 * g_j at g + 4(j·gStride + i); sig holds σ(u_j) (columns 0…p−1, with the echo) and σ(u_test,j)
 * (columns p…2p−1, the echo-free field m z* + h̃ of docs/dmft.md §6), dsig σ'(u_j), all f64
 * with column stride `stride`. sums[0] = Σ (y − ŷ)², sums[1] = Σ (f*(z) − ŷ_test)², with
 * lane accumulators i mod 4 like dmftDots.
 */
export function dmftGradient(p: i32, len: i32, stride: i32, a: usize, sig: usize, dsig: usize, y: usize, fz: usize, g: usize, gStride: i32, loss: i32, sums: usize): void {
  gradientBody<f64>(p, len, stride, a, sig, dsig, y, fz, g, gStride, loss, sums);
}

// @ts-ignore: decorator
@inline function gradientBody<R>(p: i32, len: i32, stride: i32, a: usize, sig: usize, dsig: usize, y: usize, fz: usize, g: usize, gStride: i32, loss: i32, sums: usize): void {
  let r0: f64 = 0, r1: f64 = 0, r2: f64 = 0, r3: f64 = 0;
  let e0: f64 = 0, e1: f64 = 0, e2: f64 = 0, e3: f64 = 0;
  const cs = <usize>stride << 3;
  const gs = <usize>gStride << 2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Two samples per f64x2, four per pass: lanes of (lo, hi) are the accumulators i mod 4.
    let rl = f64x2.splat(0), rh = f64x2.splat(0), el = f64x2.splat(0), eh = f64x2.splat(0);
    const len4 = len & ~3;
    for (; i < len4; i += 4) {
      const io = <usize>i << 3;
      let yl = f64x2.splat(0), yh = f64x2.splat(0), tl = f64x2.splat(0), th = f64x2.splat(0);
      for (let j = 0; j < p; j++) {
        const aj = f64x2.splat(load<f64>(a + (<usize>j << 3)));
        const sj = sig + <usize>j * cs + io;
        const tj = sig + <usize>(p + j) * cs + io;
        yl = f64x2.add(yl, f64x2.mul(aj, sigmaV<R>(sj)));
        yh = f64x2.add(yh, f64x2.mul(aj, sigmaV<R>(sj + 16)));
        tl = f64x2.add(tl, f64x2.mul(aj, sigmaV<R>(tj)));
        th = f64x2.add(th, f64x2.mul(aj, sigmaV<R>(tj + 16)));
      }
      const ql = f64x2.sub(yl, v128.load(y + io));
      const qh = f64x2.sub(yh, v128.load(y + io + 16));
      // ℓ' per lane (the residual itself for the square loss), as the scalar loop computes it.
      let gl = ql, gh = qh;
      if (loss != LOSS_SQUARE) {
        gl = f64x2.replace_lane(f64x2.splat(lossDerivative(loss, f64x2.extract_lane(yl, 0), load<f64>(y + io))), 1, lossDerivative(loss, f64x2.extract_lane(yl, 1), load<f64>(y + io + 8)));
        gh = f64x2.replace_lane(f64x2.splat(lossDerivative(loss, f64x2.extract_lane(yh, 0), load<f64>(y + io + 16))), 1, lossDerivative(loss, f64x2.extract_lane(yh, 1), load<f64>(y + io + 24)));
      }
      for (let j = 0; j < p; j++) {
        const aj = f64x2.splat(load<f64>(a + (<usize>j << 3)));
        const dj = dsig + <usize>j * cs + io;
        const gj = g + <usize>j * gs + (<usize>i << 2);
        v128.store64_lane(gj, f32x4.demote_f64x2_zero(f64x2.mul(f64x2.mul(gl, aj), dsigmaV<R>(dj))), 0);
        v128.store64_lane(gj + 8, f32x4.demote_f64x2_zero(f64x2.mul(f64x2.mul(gh, aj), dsigmaV<R>(dj + 16))), 0);
      }
      rl = f64x2.add(rl, f64x2.mul(ql, ql));
      rh = f64x2.add(rh, f64x2.mul(qh, qh));
      const dl = f64x2.sub(v128.load(fz + io), tl);
      const dh = f64x2.sub(v128.load(fz + io + 16), th);
      el = f64x2.add(el, f64x2.mul(dl, dl));
      eh = f64x2.add(eh, f64x2.mul(dh, dh));
    }
    r0 = f64x2.extract_lane(rl, 0); r1 = f64x2.extract_lane(rl, 1);
    r2 = f64x2.extract_lane(rh, 0); r3 = f64x2.extract_lane(rh, 1);
    e0 = f64x2.extract_lane(el, 0); e1 = f64x2.extract_lane(el, 1);
    e2 = f64x2.extract_lane(eh, 0); e3 = f64x2.extract_lane(eh, 1);
  }
  for (; i < len; i++) {
    const io = <usize>i << 3;
    let yh: f64 = 0, yt: f64 = 0;
    for (let j = 0; j < p; j++) {
      const aj = load<f64>(a + (<usize>j << 3));
      yh = yh + aj * sigmaS<R>(sig + <usize>j * cs + io);
      yt = yt + aj * sigmaS<R>(sig + <usize>(p + j) * cs + io);
    }
    const r = yh - load<f64>(y + io);
    const q = lossDerivative(loss, yh, load<f64>(y + io)); // r itself for the square loss
    for (let j = 0; j < p; j++) {
      const aj = load<f64>(a + (<usize>j << 3));
      store<f32>(g + <usize>j * gs + (<usize>i << 2), <f32>(q * aj * dsigmaS<R>(dsig + <usize>j * cs + io)));
    }
    const tr = r * r;
    const d = load<f64>(fz + io) - yt;
    const te = d * d;
    const l = i & 3;
    if (l == 0) { r0 = r0 + tr; e0 = e0 + te; }
    else if (l == 1) { r1 = r1 + tr; e1 = e1 + te; }
    else if (l == 2) { r2 = r2 + tr; e2 = e2 + te; }
    else { r3 = r3 + tr; e3 = e3 + te; }
  }
  store<f64>(sums, (r0 + r1) + (r2 + r3));
  store<f64>(sums + 8, (e0 + e1) + (e2 + e3));
}

/** dst[i] = f64(src[i]) (float32 samples widened for the expression evaluator). */
export function dmftPromote(src: usize, n: i32, dst: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      const o = dst + (<usize>i << 3);
      v128.store(o, f64x2.promote_low_f32x4(v));
      v128.store(o + 16, promHi(v));
    }
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), <f64>load<f32>(src + (<usize>i << 2)));
}

/**
 * The fields of step t fed to σ (docs/dmft.md §6), float64: u_j = ((h_j + e_j) + m_j0 z_0) + …
 * and u_test,j = (h_j + m_j0 z_0) + …, with h_j, e_j the float32 columns at fields + j·colBytes
 * and fields + (p + j)·colBytes, z_r at z + r·colBytes, m (p×k, f64); u_j at u + 8·j·stride,
 * u_test,j at u + 8·(p + j)·stride.
 */
export function dmftFields(p: i32, k: i32, m: usize, fields: usize, colBytes: i32, z: usize, len: i32, u: usize, stride: i32): void {
  const cb = <usize>colBytes;
  const ub = <usize>stride << 3;
  for (let j = 0; j < p; j++) {
    const h = fields + <usize>j * cb;
    const e = fields + <usize>(p + j) * cb;
    const mj = m + (<usize>(j * k) << 3);
    const uo = u + <usize>j * ub;
    const to = u + <usize>(p + j) * ub;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const len4 = len & ~3;
      for (; i < len4; i += 4) {
        const off = <usize>i << 2;
        const hv = v128.load(h + off), ev = v128.load(e + off);
        const hl = f64x2.promote_low_f32x4(hv), hh = promHi(hv);
        let al = f64x2.add(hl, f64x2.promote_low_f32x4(ev)), ah = f64x2.add(hh, promHi(ev));
        let bl = hl, bh = hh;
        for (let r = 0; r < k; r++) {
          const c = f64x2.splat(load<f64>(mj + (<usize>r << 3)));
          const zv = v128.load(z + <usize>r * cb + off);
          const zl = f64x2.mul(c, f64x2.promote_low_f32x4(zv)), zh = f64x2.mul(c, promHi(zv));
          al = f64x2.add(al, zl); ah = f64x2.add(ah, zh);
          bl = f64x2.add(bl, zl); bh = f64x2.add(bh, zh);
        }
        const o = <usize>i << 3;
        v128.store(uo + o, al); v128.store(uo + o + 16, ah);
        v128.store(to + o, bl); v128.store(to + o + 16, bh);
      }
    }
    for (; i < len; i++) {
      const off = <usize>i << 2;
      const hv = <f64>load<f32>(h + off);
      let a = hv + <f64>load<f32>(e + off);
      let b = hv;
      for (let r = 0; r < k; r++) {
        const zr = load<f64>(mj + (<usize>r << 3)) * <f64>load<f32>(z + <usize>r * cb + off);
        a = a + zr;
        b = b + zr;
      }
      store<f64>(u + <usize>j * ub + (<usize>i << 3), a);
      store<f64>(u + <usize>(p + j) * ub + (<usize>i << 3), b);
    }
  }
}

/** y[i] = fz[i] + √Δ·noise[i] (docs/model.md §1); Δ = 0 copies fz. */
export function dmftLabels(fz: usize, noise: usize, delta: f64, len: i32, y: usize): void {
  const s = Math.sqrt(delta);
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, delta > 0 ? load<f64>(fz + o) + s * load<f64>(noise + o) : load<f64>(fz + o));
  }
}

/** Default second layer a_j = +1/√p (j even), −1/√p (j odd), docs/model.md §1. */
export function dmftAlternating(p: i32, out: usize): void {
  const v = 1.0 / Math.sqrt(<f64>p);
  for (let j = 0; j < p; j++) store<f64>(out + (<usize>j << 3), (j & 1) ? -v : v);
}

/**
 * Group and total sums of per-chunk partial moments (docs/dmft.md §7): chunk c (row of R
 * doubles) goes to group c mod G, added in increasing c; total = Σ_g group_g in g order.
 */
export function dmftGroupSums(partials: usize, nChunks: i32, R: i32, G: i32, groups: usize, total: usize): void {
  const rb = <usize>R << 3;
  for (let g = 0; g < G; g++) {
    const dst = groups + <usize>g * rb;
    for (let q = 0; q < R; q++) {
      let s: f64 = 0;
      for (let c = g; c < nChunks; c += G) s = s + load<f64>(partials + <usize>c * rb + (<usize>q << 3));
      store<f64>(dst + (<usize>q << 3), s);
    }
  }
  for (let q = 0; q < R; q++) {
    let s: f64 = 0;
    for (let g = 0; g < G; g++) s = s + load<f64>(groups + <usize>g * rb + (<usize>q << 3));
    store<f64>(total + (<usize>q << 3), s);
  }
}

/**
 * Batch-means standard error over G groups (docs/dmft.md §7):
 * se_q = sqrt(G/(G−1) Σ_g (n_g/S)² (X_gq − X_q)²); NaN when G < 2.
 */
export function dmftStdErr(groupVals: usize, G: i32, len: i32, counts: usize, total: f64, mean: usize, out: usize): void {
  const lb = <usize>len << 3;
  for (let q = 0; q < len; q++) {
    if (G < 2) { store<f64>(out + (<usize>q << 3), NaN); continue; }
    const x = load<f64>(mean + (<usize>q << 3));
    let s: f64 = 0;
    for (let g = 0; g < G; g++) {
      const w = load<f64>(counts + (<usize>g << 3)) / total;
      const d = load<f64>(groupVals + <usize>g * lb + (<usize>q << 3)) - x;
      s = s + (w * d) * (w * d);
    }
    store<f64>(out + (<usize>q << 3), Math.sqrt(s * (<f64>G / <f64>(G - 1))));
  }
}

// ---------------------------------------------------------------------------------------
// Small-matrix algebra of one DMFT step. State layout (f64), N = (T+1)p:
//   m   (T+1)·p·k   m^t, row-major [t][j][r]
//   Qt  N×N         Q̃(t,s) = E[h̃^t h̃^sᵀ]      (D4)
//   C   N×N         C(t,s) = α E[g^t g^sᵀ]      (D7)
//   L   N×N         lower Cholesky factor of C  (D13)
//   G   N×N         Γ(t,s)                      (D8), (D11)
//   W   N×N + N     work: Cholesky of Q̃_{0..t} and a vector

// @ts-ignore: decorator
@inline function ix(base: usize, n: i32, i: i32, j: i32): usize {
  return base + ((<usize>i * <usize>n + <usize>j) << 3);
}

/** Bytes of the state block for p, k, T. */
export function dmftStateBytes(p: i32, k: i32, T: i32): i32 {
  const N = (T + 1) * p;
  return ((T + 1) * p * k + 5 * N * N + N + 2 * (T + 1) * p * N + N * N + p * N) << 3;
}

/**
 * The basis part of the state (docs/dmft.md §7), after W and its vector:
 *   A   (T+1)·p·N   h̃^t = A^t ξ, rows [t][j], ξ = (ν, ζ⁰, …, ζ^{T−1}) the stored normals
 *   R   (T+1)·p·N   e^t = R^t (g⁰; …; g^{t−1}), rows [t][j]
 *   X   N×N         Ξ = Σ ξ ξᵀ over the samples (the state's own: total or group)
 *   V   p×N         work
 */
// @ts-ignore: decorator
@inline function basisA(state: usize, p: i32, k: i32, T: i32): usize {
  const N = (T + 1) * p;
  return state + (<usize>((T + 1) * p * k + 5 * N * N + N) << 3);
}

/**
 * Rows r0 … r1−1 of a lower Cholesky factor L of the symmetric A (ld n), rows < r0 of L
 * given (row-oriented Cholesky–Banachiewicz, so extending by a block row equals refactoring).
 * Semi-definite: a pivot ≤ 1e-12·A_ii is dropped (its column of L set to 0), docs/dmft.md §4–5.
 */
function cholRows(A: usize, n: i32, r0: i32, r1: i32, L: usize): void {
  for (let i = r0; i < r1; i++) {
    for (let c = 0; c < i; c++) {
      const lcc = load<f64>(ix(L, n, c, c));
      if (lcc > 0) {
        let s = load<f64>(ix(A, n, i, c));
        for (let r = 0; r < c; r++) s = s - load<f64>(ix(L, n, i, r)) * load<f64>(ix(L, n, c, r));
        store<f64>(ix(L, n, i, c), s / lcc);
      } else store<f64>(ix(L, n, i, c), 0);
    }
    const aii = load<f64>(ix(A, n, i, i));
    let s = aii;
    for (let r = 0; r < i; r++) {
      const v = load<f64>(ix(L, n, i, r));
      s = s - v * v;
    }
    store<f64>(ix(L, n, i, i), s > 1e-12 * aii && s > 0 ? Math.sqrt(s) : 0);
    for (let c = i + 1; c < n; c++) store<f64>(ix(L, n, i, c), 0);
  }
}

/** Solves L Lᵀ x = x in place (size m, ld n), dropped pivots giving 0 components. */
function cholSolve(L: usize, n: i32, m: i32, x: usize): void {
  for (let i = 0; i < m; i++) {
    const d = load<f64>(ix(L, n, i, i));
    let s = load<f64>(x + (<usize>i << 3));
    for (let r = 0; r < i; r++) s = s - load<f64>(ix(L, n, i, r)) * load<f64>(x + (<usize>r << 3));
    store<f64>(x + (<usize>i << 3), d > 0 ? s / d : 0);
  }
  for (let i = m - 1; i >= 0; i--) {
    const d = load<f64>(ix(L, n, i, i));
    let s = load<f64>(x + (<usize>i << 3));
    for (let r = i + 1; r < m; r++) s = s - load<f64>(ix(L, n, r, i)) * load<f64>(x + (<usize>r << 3));
    store<f64>(x + (<usize>i << 3), d > 0 ? s / d : 0);
  }
}

/**
 * Initial state: zero everything, m⁰ = M0 (p×k), and L0out (p×p) = the semi-definite
 * Cholesky factor of Q0 − M0 M0ᵀ, the covariance of h̃⁰ (D9).
 */
export function dmftInit(state: usize, p: i32, k: i32, T: i32, M0: usize, Q0: usize, L0out: usize): void {
  const N = (T + 1) * p;
  memory.fill(state, 0, <usize>dmftStateBytes(p, k, T));
  memory.copy(state, M0, <usize>(p * k) << 3);
  const W = state + (<usize>((T + 1) * p * k + 4 * N * N) << 3);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = load<f64>(ix(Q0, p, i, j));
      for (let r = 0; r < k; r++) s = s - load<f64>(ix(M0, k, i, r)) * load<f64>(ix(M0, k, j, r));
      store<f64>(ix(W, p, i, j), s);
    }
  }
  cholRows(W, p, 0, p, L0out);
  const A = basisA(state, p, k, T);
  for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) store<f64>(ix(A, N, j, l), load<f64>(ix(L0out, p, j, l)));
}

/**
 * Moment sums of step t from the basis sums of the samples (docs/dmft.md §7). raw layout,
 * P2 = p²: [Σ g_j z_r (p·k)] [Σ g^t_j g^s_l, s ≤ t] [Σ g^t_j ξ_{sp+l}, s ≤ t] [Σ ξ_{tp+j} ξ_{sp+l},
 * s ≤ t] [errors (2)] [Σ ℓ'σ(u_j) (p)], each block indexed s·P2 + j·p + l. Adds the new block row of Ξ to
 * `state` (a total or a group) and writes `out` in the layout of dmftSolveStep, with
 * Σ g^t h̃^sᵀ = (Σ g^t ξᵀ) A^sᵀ and Σ h̃^t h̃^sᵀ = A^t Ξ A^sᵀ, A from `basis` (the total's
 * state: every sample's fields follow the total's kernels). Sums in fixed index order.
 */
export function dmftBasisMoments(state: usize, basis: usize, p: i32, k: i32, T: i32, t: i32, raw: usize, out: usize): void {
  const N = (T + 1) * p;
  const nt = (t + 1) * p;
  const P2 = p * p;
  const A = basisA(basis, p, k, T);
  const X = basisA(state, p, k, T) + (<usize>(2 * (T + 1) * p * N) << 3);
  const V = X + (<usize>(N * N) << 3);
  const oGH = p * k + (t + 1) * P2, oHH = oGH + (t + 1) * P2, oErr = oHH + (t + 1) * P2;
  for (let q = 0; q < oGH; q++) store<f64>(out + (<usize>q << 3), load<f64>(raw + (<usize>q << 3)));
  store<f64>(out + (<usize>oErr << 3), load<f64>(raw + (<usize>oErr << 3)));
  store<f64>(out + (<usize>(oErr + 1) << 3), load<f64>(raw + (<usize>(oErr + 1) << 3)));
  // Σ ℓ'σ(u_j) of the second layer (docs/model.md §6), after the errors.
  for (let j = 0; j < p; j++) store<f64>(out + (<usize>(oErr + 2 + j) << 3), load<f64>(raw + (<usize>(oErr + 2 + j) << 3)));
  for (let s = 0; s <= t; s++) {
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < p; l++) {
        const x = load<f64>(raw + (<usize>(oHH + s * P2 + j * p + l) << 3));
        store<f64>(ix(X, N, t * p + j, s * p + l), x);
        store<f64>(ix(X, N, s * p + l, t * p + j), x);
      }
    }
  }
  // Σ g^t_j h̃^s_l = Σ_c (Σ g^t_j ξ_c) A^s_{lc}, c < (s+1)p.
  for (let s = 0; s <= t; s++) {
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < p; l++) {
        let v: f64 = 0;
        for (let c = 0; c < (s + 1) * p; c++) {
          const gx = load<f64>(raw + (<usize>(oGH + (c / p) * P2 + j * p + (c % p)) << 3));
          v = v + gx * load<f64>(ix(A, N, s * p + l, c));
        }
        store<f64>(out + (<usize>(oGH + s * P2 + j * p + l) << 3), v);
      }
    }
  }
  // V = A^t Ξ (p × nt), then Σ h̃^t_j h̃^s_l = Σ_d V_jd A^s_{ld}.
  for (let j = 0; j < p; j++) {
    for (let d = 0; d < nt; d++) {
      let v: f64 = 0;
      for (let c = 0; c < nt; c++) v = v + load<f64>(ix(A, N, t * p + j, c)) * load<f64>(ix(X, N, c, d));
      store<f64>(ix(V, N, j, d), v);
    }
  }
  for (let s = 0; s <= t; s++) {
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < p; l++) {
        let v: f64 = 0;
        for (let d = 0; d < (s + 1) * p; d++) v = v + load<f64>(ix(V, N, j, d)) * load<f64>(ix(A, N, s * p + l, d));
        store<f64>(out + (<usize>(oHH + s * P2 + j * p + l) << 3), v);
      }
    }
  }
}

/**
 * One step t of the recursion from the summed moments of S samples (count = S, or a group's
 * size). sums layout, P2 = p²: [Σ g_j z_r (p·k)] [Σ g^t_j g^s_l, s = 0…t] [Σ g^t_j h̃^s_l]
 * [Σ h̃^t_j h̃^s_l] [Σ (y − ŷ)², Σ (f* − ŷ_test)²] [Σ ℓ'σ(u_j), p]. Fills block row t of Q̃, C (D7), Γ (D11),
 * L (D13); writes obs = [M^t (p·k) | Q^t (D10) | test error | train error | C rows t (p×N) |
 * Γ rows t (p×N)]; then m^{t+1} (D3) with η_t = lr·factor when t < T.
 */
export function dmftSolveStep(state: usize, p: i32, k: i32, T: i32, t: i32, sums: usize, count: f64,
  alpha: f64, lr: f64, factor: f64, lambda: f64, delta: f64, obs: usize): void {
  // η_t = η·factor(t) (docs/model.md §4; factor 1 gives η bit for bit).
  const eta = lr * factor;
  const N = (T + 1) * p;
  const nt = (t + 1) * p;
  const P2 = p * p;
  const m = state;
  const Qt = m + (<usize>((T + 1) * p * k) << 3);
  const C = Qt + (<usize>(N * N) << 3);
  const L = C + (<usize>(N * N) << 3);
  const G = L + (<usize>(N * N) << 3);
  const W = G + (<usize>(N * N) << 3);
  const v = W + (<usize>(N * N) << 3);
  const oGZ = 0, oGG = p * k, oGH = oGG + nt * p, oHH = oGH + nt * p, oErr = oHH + nt * p;
  for (let s = 0; s <= t; s++) {
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < p; l++) {
        const q = s * P2 + j * p + l;
        const hh = load<f64>(sums + (<usize>(oHH + q) << 3)) / count;
        store<f64>(ix(Qt, N, t * p + j, s * p + l), hh);
        store<f64>(ix(Qt, N, s * p + l, t * p + j), hh);
        const gg = alpha * (load<f64>(sums + (<usize>(oGG + q) << 3)) / count);
        store<f64>(ix(C, N, t * p + j, s * p + l), gg);
        store<f64>(ix(C, N, s * p + l, t * p + j), gg);
      }
    }
  }
  // Γ rows (D11): solve Q̃_{0..t} x = α E[g^t_j H_t] for each j.
  cholRows(Qt, N, 0, nt, W);
  for (let j = 0; j < p; j++) {
    for (let s = 0; s <= t; s++) {
      for (let l = 0; l < p; l++) {
        const q = s * P2 + j * p + l;
        store<f64>(v + (<usize>(s * p + l) << 3), alpha * (load<f64>(sums + (<usize>(oGH + q) << 3)) / count));
      }
    }
    cholSolve(W, N, nt, v);
    for (let c = 0; c < nt; c++) store<f64>(ix(G, N, t * p + j, c), load<f64>(v + (<usize>c << 3)));
  }
  cholRows(C, N, t * p, nt, L);
  // Observables at step t.
  const mt = m + (<usize>(t * p * k) << 3);
  for (let q = 0; q < p * k; q++) store<f64>(obs + (<usize>q << 3), load<f64>(mt + (<usize>q << 3)));
  const oq = obs + (<usize>(p * k) << 3);
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) {
      let s: f64 = 0;
      for (let r = 0; r < k; r++) s = s + load<f64>(ix(mt, k, j, r)) * load<f64>(ix(mt, k, l, r));
      store<f64>(ix(oq, p, j, l), s + load<f64>(ix(Qt, N, t * p + j, t * p + l)));
    }
  }
  const oe = oq + (<usize>P2 << 3);
  store<f64>(oe, 0.5 * (load<f64>(sums + (<usize>(oErr + 1) << 3)) / count) + 0.5 * delta);
  store<f64>(oe + 8, 0.5 * (load<f64>(sums + (<usize>oErr << 3)) / count));
  const oc = oe + 16;
  const og = oc + (<usize>(p * N) << 3);
  for (let j = 0; j < p; j++) {
    for (let c = 0; c < N; c++) {
      store<f64>(ix(oc, N, j, c), load<f64>(ix(C, N, t * p + j, c)));
      store<f64>(ix(og, N, j, c), load<f64>(ix(G, N, t * p + j, c)));
    }
  }
  if (t < T) {
    const kappa = 1.0 - eta * lambda;
    const mn = mt + (<usize>(p * k) << 3);
    for (let q = 0; q < p * k; q++) {
      const ez = load<f64>(sums + (<usize>(oGZ + q) << 3)) / count;
      store<f64>(mn + (<usize>q << 3), kappa * load<f64>(mt + (<usize>q << 3)) - eta * alpha * ez);
    }
  }
}

/** Length of one step's obs vector. */
export function dmftObsLength(p: i32, k: i32, T: i32): i32 {
  return p * k + p * p + 2 + 2 * p * (T + 1) * p;
}

/**
 * Advances the basis coefficients from step t to t+1 after dmftSolveStep(t), in the state of
 * the total, with η = η_t = lr·factor and κ = 1 − η_tλ (docs/dmft.md §7):
 *   A^{t+1} = κA^t − η (L(t,·) on the ζ blocks 1…t+1 + Σ_{s≤t} Γ(t,s) A^s)      (D9 with D14)
 *   R^{t+1} = κR^t − η (I on the g^t block + Σ_{s≤t} Γ(t,s) R^s)                  (D5)
 * and writes the coefficients of step t+1 for the samples: p rows of A^{t+1} over the
 * (t+2)p stored normals, then p rows of R^{t+1} over the (t+1)p stored gradients.
 */
export function dmftAdvanceCoefs(state: usize, p: i32, k: i32, T: i32, t: i32, lr: f64, factor: f64, lambda: f64, out: usize): void {
  const eta = lr * factor;
  const N = (T + 1) * p;
  const nt = (t + 1) * p;
  const L = state + (<usize>((T + 1) * p * k + 2 * N * N) << 3);
  const G = L + (<usize>(N * N) << 3);
  const A = basisA(state, p, k, T);
  const R = A + (<usize>((T + 1) * p * N) << 3);
  const kappa = 1.0 - eta * lambda;
  for (let j = 0; j < p; j++) {
    const row = t * p + j;
    const nrow = (t + 1) * p + j;
    for (let c = 0; c < nt + p; c++) {
      let a: f64 = 0;
      for (let q = 0; q < nt; q++) a = a + load<f64>(ix(G, N, row, q)) * load<f64>(ix(A, N, q, c));
      if (c >= p) a = a + load<f64>(ix(L, N, row, c - p));
      store<f64>(ix(A, N, nrow, c), kappa * load<f64>(ix(A, N, row, c)) - eta * a);
    }
    for (let c = 0; c < nt; c++) {
      let r: f64 = 0;
      for (let q = 0; q < nt; q++) r = r + load<f64>(ix(G, N, row, q)) * load<f64>(ix(R, N, q, c));
      if (c == row) r = r + 1.0;
      store<f64>(ix(R, N, nrow, c), kappa * load<f64>(ix(R, N, row, c)) - eta * r);
    }
  }
  let o = out;
  for (let j = 0; j < p; j++) for (let c = 0; c < nt + p; c++) { store<f64>(o, load<f64>(ix(A, N, (t + 1) * p + j, c))); o += 8; }
  for (let j = 0; j < p; j++) for (let c = 0; c < nt; c++) { store<f64>(o, load<f64>(ix(R, N, (t + 1) * p + j, c))); o += 8; }
}

/**
 * Coefficients of the fields at step t: u_j = h̃^t_j + e^t_j + Σ_r m_jr z_r (p blocks of
 * 2 + k), then u_test,j = h̃^t_j + Σ_r m_jr z_r (p blocks of 1 + k), docs/dmft.md §6.
 */
export function dmftFieldCoefs(state: usize, p: i32, k: i32, t: i32, out: usize): void {
  const mt = state + (<usize>(t * p * k) << 3);
  let o = out;
  for (let j = 0; j < p; j++) {
    store<f64>(o, 1.0); store<f64>(o + 8, 1.0); o += 16;
    for (let r = 0; r < k; r++) { store<f64>(o, load<f64>(ix(mt, k, j, r))); o += 8; }
  }
  for (let j = 0; j < p; j++) {
    store<f64>(o, 1.0); o += 8;
    for (let r = 0; r < k; r++) { store<f64>(o, load<f64>(ix(mt, k, j, r))); o += 8; }
  }
}

// ---------------------------------------------------------------------------------------
// Fused per-chunk passes over the stored histories.

/**
 * Dot products of float32 columns with float64 partner columns: entry e (5 u32) = [column
 * offset from base, partner A (absolute byte pointer), partner B (0: none), out index A,
 * out index B]; out[oA] = Σ_i x[i]·A[i], out[oB] = Σ_i x[i]·B[i]. The partners hold float32
 * values widened exactly (g^t, h̃^t), so every product of two float32 numbers is exact in
 * float64; sample i goes to lane accumulator i mod 8, out = ((s0 + s1) + (s2 + s3)) + ((s4 + s5)
 * + (s6 + s7)). One pass per column serves two partners (one load and widening of x), and
 * the moments of all pairs of a step come from one call. Exact products matter: the Stein
 * solve (D11) amplifies relative errors of Q̃ by its condition number (float32 products moved
 * Γ by ≈ 1e-5 at S = 4000, float64 ones by ≈ 2e-6).
 */
export function dmftDotsX(entries: usize, nEntries: i32, base: usize, len: i32, out: usize): void {
  const len8 = len & ~7;
  for (let e = 0; e < nEntries; e++) {
    const en = entries + <usize>e * 20;
    const x = base + <usize>load<u32>(en);
    const pa = <usize>load<u32>(en, 4);
    const pbRaw = <usize>load<u32>(en, 8);
    const two = pbRaw != 0;
    const pb = two ? pbRaw : pa;
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0, s4: f64 = 0, s5: f64 = 0, s6: f64 = 0, s7: f64 = 0;
    let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0, t4: f64 = 0, t5: f64 = 0, t6: f64 = 0, t7: f64 = 0;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      let v0 = f64x2.splat(0), v1 = f64x2.splat(0), v2 = f64x2.splat(0), v3 = f64x2.splat(0);
      let w0 = f64x2.splat(0), w1 = f64x2.splat(0), w2 = f64x2.splat(0), w3 = f64x2.splat(0);
      for (; i < len8; i += 8) {
        const xo = x + (<usize>i << 2);
        const va = v128.load(xo), vb = v128.load(xo + 16);
        const x0 = f64x2.promote_low_f32x4(va), x1 = promHi(va), x2 = f64x2.promote_low_f32x4(vb), x3 = promHi(vb);
        const ao = pa + (<usize>i << 3);
        v0 = f64x2.add(v0, f64x2.mul(v128.load(ao), x0));
        v1 = f64x2.add(v1, f64x2.mul(v128.load(ao + 16), x1));
        v2 = f64x2.add(v2, f64x2.mul(v128.load(ao + 32), x2));
        v3 = f64x2.add(v3, f64x2.mul(v128.load(ao + 48), x3));
        if (two) {
          const bo = pb + (<usize>i << 3);
          w0 = f64x2.add(w0, f64x2.mul(v128.load(bo), x0));
          w1 = f64x2.add(w1, f64x2.mul(v128.load(bo + 16), x1));
          w2 = f64x2.add(w2, f64x2.mul(v128.load(bo + 32), x2));
          w3 = f64x2.add(w3, f64x2.mul(v128.load(bo + 48), x3));
        }
      }
      s0 = f64x2.extract_lane(v0, 0); s1 = f64x2.extract_lane(v0, 1);
      s2 = f64x2.extract_lane(v1, 0); s3 = f64x2.extract_lane(v1, 1);
      s4 = f64x2.extract_lane(v2, 0); s5 = f64x2.extract_lane(v2, 1);
      s6 = f64x2.extract_lane(v3, 0); s7 = f64x2.extract_lane(v3, 1);
      t0 = f64x2.extract_lane(w0, 0); t1 = f64x2.extract_lane(w0, 1);
      t2 = f64x2.extract_lane(w1, 0); t3 = f64x2.extract_lane(w1, 1);
      t4 = f64x2.extract_lane(w2, 0); t5 = f64x2.extract_lane(w2, 1);
      t6 = f64x2.extract_lane(w3, 0); t7 = f64x2.extract_lane(w3, 1);
    } else {
      for (; i < len8; i += 8) {
        const xo = x + (<usize>i << 2);
        const ao = pa + (<usize>i << 3);
        const x0 = <f64>load<f32>(xo), x1 = <f64>load<f32>(xo, 4), x2 = <f64>load<f32>(xo, 8), x3 = <f64>load<f32>(xo, 12);
        const x4 = <f64>load<f32>(xo, 16), x5 = <f64>load<f32>(xo, 20), x6 = <f64>load<f32>(xo, 24), x7 = <f64>load<f32>(xo, 28);
        s0 = s0 + load<f64>(ao) * x0; s1 = s1 + load<f64>(ao, 8) * x1;
        s2 = s2 + load<f64>(ao, 16) * x2; s3 = s3 + load<f64>(ao, 24) * x3;
        s4 = s4 + load<f64>(ao, 32) * x4; s5 = s5 + load<f64>(ao, 40) * x5;
        s6 = s6 + load<f64>(ao, 48) * x6; s7 = s7 + load<f64>(ao, 56) * x7;
        if (two) {
          const bo = pb + (<usize>i << 3);
          t0 = t0 + load<f64>(bo) * x0; t1 = t1 + load<f64>(bo, 8) * x1;
          t2 = t2 + load<f64>(bo, 16) * x2; t3 = t3 + load<f64>(bo, 24) * x3;
          t4 = t4 + load<f64>(bo, 32) * x4; t5 = t5 + load<f64>(bo, 40) * x5;
          t6 = t6 + load<f64>(bo, 48) * x6; t7 = t7 + load<f64>(bo, 56) * x7;
        }
      }
    }
    for (; i < len; i++) {
      const xv = <f64>load<f32>(x + (<usize>i << 2));
      const v = load<f64>(pa + (<usize>i << 3)) * xv;
      const w = load<f64>(pb + (<usize>i << 3)) * xv;
      const l = i & 7;
      if (l == 0) { s0 = s0 + v; t0 = t0 + w; }
      else if (l == 1) { s1 = s1 + v; t1 = t1 + w; }
      else if (l == 2) { s2 = s2 + v; t2 = t2 + w; }
      else if (l == 3) { s3 = s3 + v; t3 = t3 + w; }
      else if (l == 4) { s4 = s4 + v; t4 = t4 + w; }
      else if (l == 5) { s5 = s5 + v; t5 = t5 + w; }
      else if (l == 6) { s6 = s6 + v; t6 = t6 + w; }
      else { s7 = s7 + v; t7 = t7 + w; }
    }
    store<f64>(out + (<usize>load<u32>(en, 12) << 3), ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    if (two) store<f64>(out + (<usize>load<u32>(en, 16) << 3), ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7)));
  }
}

/**
 * The cavity field and echo of one step, h̃ = Aξ and e = Rg (docs/dmft.md D15), in float32
 * arithmetic: out_j[i] = Σ_{q<n} c_jq·col_q[i] for j < nOut, c_jq = f32(coefs[j·n + q]) (first
 * written to `scratch`, n·nOut floats), columns cols[q] (u32 offsets from base) shared by all
 * outputs, outputs outs[j] (offsets from outBase); products and sums in float32 in q order
 * from the first product. Samples are independent, so the SIMD path (8 samples and two
 * outputs per pass, sums in registers) and the scalar one give the same bits.
 */
export function dmftCombineF32(coefs: usize, cols: usize, n: i32, nOut: i32, base: usize, len: i32, outs: usize, outBase: usize, scratch: usize): void {
  for (let q = 0; q < n * nOut; q++) store<f32>(scratch + (<usize>q << 2), <f32>load<f64>(coefs + (<usize>q << 3)));
  if (n <= 0) return;
  for (let j = 0; j < nOut; j += 2) {
    const two = j + 1 < nOut;
    const ca = scratch + (<usize>(j * n) << 2);
    const cB = two ? ca + (<usize>n << 2) : ca;
    const oa = outBase + <usize>load<u32>(outs + (<usize>j << 2));
    const ob = two ? outBase + <usize>load<u32>(outs + (<usize>(j + 1) << 2)) : oa;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const len8 = len & ~7;
      for (; i < len8; i += 8) {
        const off = <usize>i << 2;
        let x = base + <usize>load<u32>(cols) + off;
        let c = v128.load32_splat(ca), d = v128.load32_splat(cB);
        let xa = v128.load(x), xb = v128.load(x + 16);
        let a0 = f32x4.mul(c, xa), a1 = f32x4.mul(c, xb), b0 = f32x4.mul(d, xa), b1 = f32x4.mul(d, xb);
        for (let q = 1; q < n; q++) {
          x = base + <usize>load<u32>(cols + (<usize>q << 2)) + off;
          c = v128.load32_splat(ca + (<usize>q << 2));
          d = v128.load32_splat(cB + (<usize>q << 2));
          xa = v128.load(x); xb = v128.load(x + 16);
          a0 = f32x4.add(a0, f32x4.mul(c, xa)); a1 = f32x4.add(a1, f32x4.mul(c, xb));
          b0 = f32x4.add(b0, f32x4.mul(d, xa)); b1 = f32x4.add(b1, f32x4.mul(d, xb));
        }
        v128.store(oa + off, a0); v128.store(oa + off + 16, a1);
        if (two) { v128.store(ob + off, b0); v128.store(ob + off + 16, b1); }
      }
    }
    for (; i < len; i++) {
      const off = <usize>i << 2;
      let a: f32 = 0, b: f32 = 0;
      for (let q = 0; q < n; q++) {
        const x = load<f32>(base + <usize>load<u32>(cols + (<usize>q << 2)) + off);
        const pa = load<f32>(ca + (<usize>q << 2)) * x;
        const pb = load<f32>(cB + (<usize>q << 2)) * x;
        a = q == 0 ? pa : a + pa;
        b = q == 0 ? pb : b + pb;
      }
      store<f32>(oa + off, a);
      if (two) store<f32>(ob + off, b);
    }
  }
}

/**
 * dmftGradient for σ = relu (the default activation), with σ(u) = max(u, 0) and σ′(u) =
 * step(u) (1 if u > 0, 0 if u ≤ 0, NaN stays NaN) computed here from the fields u (columns
 * 0…p−1 with the echo, p…2p−1 without, f64, stride `stride`) exactly as the expression
 * evaluator computes relu(u) and step(u) (assembly/expr.ts, canonical NaN included), then the
 * operations of dmftGradient in the same order: the same bits as the general path, without
 * the evaluator's column passes.
 */
export function dmftGradientRelu(p: i32, len: i32, stride: i32, a: usize, u: usize, y: usize, fz: usize, g: usize, gStride: i32, loss: i32, sums: usize): void {
  gradientBody<i32>(p, len, stride, a, u, u, y, fz, g, gStride, loss, sums);
}

/**
 * The second layer's gradient sums out_j = Σ_i ℓ'(ŷ_i, y_i) σ(u_ij) over a chunk (docs/model.md
 * §6), with the fields of the training batch (the echo included). src: σ(u_j) columns (relu = 0)
 * or the fields u_j (relu = 1: σ = relu computed as dmftGradientRelu does), f64, stride
 * `stride`; lcol: scratch for ℓ' (len doubles). Sample i goes to lane accumulator i mod 4;
 * scalar code only, so both builds give the same bits.
 */
export function dmftSecondLayerSums(p: i32, len: i32, stride: i32, a: usize, src: usize, relu: i32, y: usize, loss: i32, lcol: usize, out: usize): void {
  const cs = <usize>stride << 3;
  for (let i = 0; i < len; i++) {
    const io = <usize>i << 3;
    let yh: f64 = 0;
    for (let j = 0; j < p; j++) {
      const x = load<f64>(src + <usize>j * cs + io);
      yh = yh + load<f64>(a + (<usize>j << 3)) * (relu ? reluS(x) : x);
    }
    store<f64>(lcol + io, lossDerivative(loss, yh, load<f64>(y + io)));
  }
  for (let j = 0; j < p; j++) {
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    for (let i = 0; i < len; i++) {
      const io = <usize>i << 3;
      const x = load<f64>(src + <usize>j * cs + io);
      const v = load<f64>(lcol + io) * (relu ? reluS(x) : x);
      const l = i & 3;
      if (l == 0) s0 = s0 + v;
      else if (l == 1) s1 = s1 + v;
      else if (l == 2) s2 = s2 + v;
      else s3 = s3 + v;
    }
    store<f64>(out + (<usize>j << 3), (s0 + s1) + (s2 + s3));
  }
}

/**
 * Per-sample displacement (docs/model.md §6): each sample's fields move along its own gradient
 * g (float32 columns at g + 4(j·gStride + i), as dmftGradient stored them), in place on the
 * f64 fields u_j (stride `stride`): DISPLACE_EXTRAGRADIENT u_j ← u_j − ρ g_j, DISPLACE_SAM
 * u_j ← u_j + ρ g_j/‖g‖ (‖g‖ = 0: unchanged); ‖x‖²/d → 1 in the limit. Scalar code only, so
 * both builds give the same bits.
 */
export function dmftDisplace(p: i32, len: i32, stride: i32, u: usize, g: usize, gStride: i32, kind: i32, rho: f64): void {
  const cs = <usize>stride << 3;
  const gs = <usize>gStride << 2;
  for (let i = 0; i < len; i++) {
    const scale = displacementScale<f32>(p, kind, rho, g + (<usize>i << 2), gs);
    for (let j = 0; j < p; j++) {
      const o = u + <usize>j * cs + (<usize>i << 3);
      store<f64>(o, load<f64>(o) + scale * <f64>load<f32>(g + <usize>j * gs + (<usize>i << 2)));
    }
  }
}

/*
 * σ and σ′ as gradientBody reads them: R = f64 loads the columns the expression evaluator
 * filled; R = i32 computes relu and step from the fields u exactly as assembly/expr.ts does
 * (canonical NaN included), so both paths give the same bits.
 */
// @ts-ignore: decorator
@inline function sigmaV<R>(src: usize): v128 {
  return isInteger<R>() ? reluV(v128.load(src)) : v128.load(src);
}
// @ts-ignore: decorator
@inline function dsigmaV<R>(src: usize): v128 {
  if (!isInteger<R>()) return v128.load(src);
  const x = v128.load(src), zero = f64x2.splat(0);
  return v128.bitselect(f64x2.splat(1), v128.bitselect(zero, x, f64x2.le(x, zero)), f64x2.gt(x, zero));
}
// @ts-ignore: decorator
@inline function sigmaS<R>(src: usize): f64 {
  return isInteger<R>() ? reluS(load<f64>(src)) : load<f64>(src);
}
// @ts-ignore: decorator
@inline function dsigmaS<R>(src: usize): f64 {
  const x = load<f64>(src);
  return isInteger<R>() ? (x > 0 ? 1.0 : x <= 0 ? 0.0 : x) : x;
}

// relu as the expression evaluator computes it: max(x, 0), every NaN replaced by the canonical one.
// @ts-ignore: decorator
@inline function reluS(x: f64): f64 {
  const r = max<f64>(x, 0.0);
  return r != r ? reinterpret<f64>(<u64>0x7FF8000000000000) : r;
}
// @ts-ignore: decorator
@inline function reluV(x: v128): v128 {
  const r = f64x2.max(x, f64x2.splat(0.0));
  return v128.bitselect(f64x2.splat(reinterpret<f64>(<u64>0x7FF8000000000000)), r, f64x2.ne(r, r));
}
