// One step of the single-pass deterministic recursion on (M, Q), docs/model.md §6, from the
// moments of gaussMoments (layout documented there), η = η_t = lr·factor:
//   M' = (1 − ηλ) M − ηα E[g zᵀ]
//   Q' = (1 − ηλ)² Q − η(1 − ηλ)α (E[g uᵀ] + E[u gᵀ]) + η²α E[g gᵀ] + η²α² E[g vᵀ] Σ⁺ E[v gᵀ]
// then, for projected (algorithm 1) and spherical (2, with the tangent projection of the
// gradient) GD, the renormalisation of the rows (docs/model.md §6, "Training variants").
// Label noise y = f*(z) + √Δ ξ: g is affine in y (square and correlation losses), so it drops out of every term but
// E[g gᵀ], which gains Δ E[s sᵀ] (s = a ⊙ σ'(u)). With v = L ξ (ξ standard normal on the
// rank of Σ), E[g vᵀ] Σ⁺ E[v gᵀ] = E[g ξᵀ] E[ξ gᵀ] (Lᵀ(LLᵀ)⁺L is the identity on the range),
// which is the pseudo-inverse form and needs no inversion of a singular Σ.
import { gaussMomentsSize } from './gaussMoments';

export function stateEvolutionUpdate(
  p: i32, k: i32, M: usize, Q: usize, mom: usize,
  alpha: f64, lr: f64, factor: f64, weightDecay: f64, labelNoise: f64, algorithm: i32,
  Mout: usize, Qout: usize,
): void {
  const D = p + k;
  const oGZ = mom + 16;
  const oGU = oGZ + (<usize>(p * k) << 3);
  const oGG = oGU + (<usize>(p * p) << 3);
  const oSS = oGG + (<usize>(p * p) << 3);
  const oGX = oSS + (<usize>(p * p) << 3);
  // η_t = η·factor(t) (docs/model.md §4; factor 1 gives η bit for bit).
  const eta = lr * factor;
  const shrink = 1.0 - eta * weightDecay;
  const la = eta * alpha;
  if (algorithm == 2) {
    sphericalUpdate(p, k, M, Q, oGZ, oGU, oGG, oSS, oGX, alpha, eta, shrink, labelNoise, Mout, Qout);
    renormalise(p, k, Mout, Qout);
    return;
  }
  for (let j = 0; j < p; j++) {
    for (let r = 0; r < k; r++) {
      const i = j * k + r;
      st(Mout, i, shrink * ld(M, i) - la * ld(oGZ, i));
    }
  }
  const c1 = shrink * shrink;
  const c2 = eta * shrink * alpha;
  const c3 = eta * eta * alpha;
  const c4 = eta * eta * alpha * alpha;
  for (let j = 0; j < p; j++) {
    for (let l = j; l < p; l++) {
      let proj = 0.0;
      for (let d = 0; d < D; d++) proj += ld(oGX, j * D + d) * ld(oGX, l * D + d);
      const gg = ld(oGG, j * p + l) + labelNoise * ld(oSS, j * p + l);
      const q = c1 * ld(Q, j * p + l) - c2 * (ld(oGU, j * p + l) + ld(oGU, l * p + j)) + c3 * gg + c4 * proj;
      st(Qout, j * p + l, q);
      st(Qout, l * p + j, q);
    }
  }
  if (algorithm == 1) renormalise(p, k, Mout, Qout);
}

/**
 * Spherical GD before the renormalisation (docs/model.md §6): the tangent projection
 * G_j − β_j w_j with β_j = G_j·w_j/‖w_j‖² → α E[g_j u_j]/Q_jj turns the row update into
 * w_j' = c_j w_j − η G_j, c_j = (1 − ηλ) + η β_j, so
 *   M'_j = c_j M_j − ηα E[g_j zᵀ],
 *   Q'_jl = c_j c_l Q_jl − ηα (c_j E[g_l u_j] + c_l E[g_j u_l]) + η²α E[g_j g_l] + η²α² (E[g vᵀ] Σ⁺ E[v gᵀ])_jl.
 */
function sphericalUpdate(
  p: i32, k: i32, M: usize, Q: usize, oGZ: usize, oGU: usize, oGG: usize, oSS: usize, oGX: usize,
  alpha: f64, eta: f64, shrink: f64, labelNoise: f64, Mout: usize, Qout: usize,
): void {
  const D = p + k;
  const la = eta * alpha;
  for (let j = 0; j < p; j++) {
    const cj = tangentShrink(j, p, Q, oGU, alpha, eta, shrink);
    for (let r = 0; r < k; r++) st(Mout, j * k + r, cj * ld(M, j * k + r) - la * ld(oGZ, j * k + r));
  }
  const c3 = eta * eta * alpha;
  const c4 = eta * eta * alpha * alpha;
  for (let j = 0; j < p; j++) {
    const cj = tangentShrink(j, p, Q, oGU, alpha, eta, shrink);
    for (let l = j; l < p; l++) {
      const cl = tangentShrink(l, p, Q, oGU, alpha, eta, shrink);
      let proj = 0.0;
      for (let d = 0; d < D; d++) proj += ld(oGX, j * D + d) * ld(oGX, l * D + d);
      const gg = ld(oGG, j * p + l) + labelNoise * ld(oSS, j * p + l);
      const q = cj * cl * ld(Q, j * p + l) - la * (cj * ld(oGU, l * p + j) + cl * ld(oGU, j * p + l)) + c3 * gg + c4 * proj;
      st(Qout, j * p + l, q);
      st(Qout, l * p + j, q);
    }
  }
}

/** c_j = (1 − ηλ) + η β_j, β_j = α E[g_j u_j]/Q_jj: the row's factor under the tangent projection. */
// @ts-ignore: decorator
@inline function tangentShrink(j: i32, p: i32, Q: usize, oGU: usize, alpha: f64, eta: f64, shrink: f64): f64 {
  return shrink + eta * (alpha * ld(oGU, j * p + j) / ld(Q, j * p + j));
}

/**
 * Projected and spherical GD: every row renormalised to √d after the step, in overlap space
 * M_j ← M_j/√Q_jj, Q ← D^{-1/2} Q D^{-1/2} with D = diag(Q) (docs/model.md §6); Q_jj = 1 exactly.
 */
function renormalise(p: i32, k: i32, M: usize, Q: usize): void {
  for (let j = 0; j < p; j++) {
    const nj = Math.sqrt(ld(Q, j * p + j));
    for (let r = 0; r < k; r++) st(M, j * k + r, ld(M, j * k + r) / nj);
    for (let l = 0; l < p; l++) if (l != j) st(Q, j * p + l, ld(Q, j * p + l) / nj);
    for (let l = 0; l < p; l++) if (l != j) st(Q, l * p + j, ld(Q, l * p + j) / nj);
  }
  for (let j = 0; j < p; j++) st(Q, j * p + j, 1.0);
}

/**
 * Second-layer step (docs/model.md §6): a' = a − η_a E[ℓ'(ŷ, y) σ(u)], the batch mean of
 * docs/model.md §4 in the limit (label noise drops out: ℓ' is affine in y with a centred noise).
 */
export function stateEvolutionSecondLayer(p: i32, k: i32, a: usize, mom: usize, etaA: f64, aOut: usize): void {
  const oLS = mom + (<usize>(gaussMomentsSize(p, k) - p) << 3);
  for (let j = 0; j < p; j++) st(aOut, j, ld(a, j) - etaA * ld(oLS, j));
}

/** ½E[(y − ŷ)²] = ½(E[r²] + Δ) from a moments buffer (also valid for the short layout). */
export function stateEvolutionTestError(mom: usize, labelNoise: f64): f64 {
  return 0.5 * (load<f64>(mom) + labelNoise);
}

/** Monte-Carlo standard error of ½E[r²] over n equally weighted points. */
export function stateEvolutionTestErrorSE(mom: usize, n: i32): f64 {
  const m2 = load<f64>(mom);
  const v = load<f64>(mom + 8) - m2 * m2;
  return 0.5 * Math.sqrt(Math.max(v, 0.0) / <f64>n);
}

/** The moments buffer length, re-exported for the TS side's allocation. */
export function stateEvolutionMomentsSize(p: i32, k: i32): i32 {
  return gaussMomentsSize(p, k);
}

// @ts-ignore: decorator
@inline function ld(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
