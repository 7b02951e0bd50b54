// One step of the single-pass deterministic recursion on (M, Q), docs/model.md §6, from the
// moments of gaussMoments (layout documented there):
//   M' = (1 − ηλ) M − ηα E[g zᵀ]
//   Q' = (1 − ηλ)² Q − η(1 − ηλ)α (E[g uᵀ] + E[u gᵀ]) + η²α E[g gᵀ] + η²α² E[g vᵀ] Σ⁺ E[v gᵀ]
// Label noise y = f*(z) + √Δ ξ: g is linear in y, so it drops out of every term but
// E[g gᵀ], which gains Δ E[s sᵀ] (s = a ⊙ σ'(u)). With v = L ξ (ξ standard normal on the
// rank of Σ), E[g vᵀ] Σ⁺ E[v gᵀ] = E[g ξᵀ] E[ξ gᵀ] (Lᵀ(LLᵀ)⁺L is the identity on the range),
// which is the pseudo-inverse form and needs no inversion of a singular Σ.
import { gaussMomentsSize } from './gaussMoments';

export function stateEvolutionUpdate(
  p: i32, k: i32, M: usize, Q: usize, mom: usize,
  alpha: f64, lr: f64, weightDecay: f64, labelNoise: f64,
  Mout: usize, Qout: usize,
): void {
  const D = p + k;
  const oGZ = mom + 16;
  const oGU = oGZ + (<usize>(p * k) << 3);
  const oGG = oGU + (<usize>(p * p) << 3);
  const oSS = oGG + (<usize>(p * p) << 3);
  const oGX = oSS + (<usize>(p * p) << 3);
  const shrink = 1.0 - lr * weightDecay;
  const la = lr * alpha;
  for (let j = 0; j < p; j++) {
    for (let r = 0; r < k; r++) {
      const i = j * k + r;
      st(Mout, i, shrink * ld(M, i) - la * ld(oGZ, i));
    }
  }
  const c1 = shrink * shrink;
  const c2 = lr * shrink * alpha;
  const c3 = lr * lr * alpha;
  const c4 = lr * lr * alpha * alpha;
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
