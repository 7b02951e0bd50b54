// The per-update kernels of the training variants of docs/model.md §4 that act on whole weight
// matrices (O(p·d) per update, next to the O(n·p·d) of the fused step in assembly/gdStep.ts):
// the batch displacement of SAM / extra-gradient, the tangent projection and the row
// renormalisation of spherical / projected GD, the second-layer update and the learning
// rates η·factor(t). Plain loops in a fixed order: the SIMD and scalar builds give the same bits.
import { DISPLACE_SAM, samScale } from './displacement';

/**
 * The displaced weights of a batch displacement (docs/model.md §4), written to out (f32 when
 * outF32, for the f32 step; float64 otherwise), from W and G = Σ_μ g_μ x_μ (∇L = G/√d):
 * DISPLACE_SAM: W + ρ·∇L/‖∇L‖_F = W + ρ·G/‖G‖_F (W itself when ∇L = 0);
 * DISPLACE_EXTRAGRADIENT: W − ρ·∇L (assembly/displacement.ts). Only SAM needs ‖G‖_F.
 */
export function displaceWeights(W: usize, G: usize, count: i32, kind: i32, rho: f64, d: i32, out: usize, outF32: i32): void {
  // SAM's ρ/‖G‖_F is samScale over the count entries of G.
  const c = kind == DISPLACE_SAM ? samScale<f64>(count, rho, G, 8) : -rho / Math.sqrt(<f64>d);
  for (let i = 0; i < count; i++) {
    const o = <usize>i << 3;
    const w = load<f64>(W + o) + c * load<f64>(G + o);
    if (outF32) store<f32>(out + (<usize>i << 2), <f32>w);
    else store<f64>(out + o, w);
  }
}

/** G_j ← G_j − (G_j·w_j / ‖w_j‖²)·w_j for the p rows (stride ld) of G and W: the spherical tangent gradient. */
export function tangentRows(G: usize, W: usize, p: i32, ld: i32): void {
  const rowBytes = <usize>ld << 3;
  for (let j = 0; j < p; j++) {
    const g = G + <usize>j * rowBytes, w = W + <usize>j * rowBytes;
    let gw: f64 = 0, ww: f64 = 0;
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 3;
      const wi = load<f64>(w + o);
      gw += load<f64>(g + o) * wi;
      ww += wi * wi;
    }
    const c = gw / ww;
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 3;
      store<f64>(g + o, load<f64>(g + o) - c * load<f64>(w + o));
    }
  }
}

/**
 * w_j ← √d·w_j/‖w_j‖ for the p rows of W (stride ld), refreshing the f32 copy Wf when Wf ≠ 0.
 * Returns 1 if every weight is finite, 0 otherwise (a row of norm 0 or an overflow).
 */
export function normalizeRows(W: usize, Wf: usize, p: i32, ld: i32, d: i32): i32 {
  const rowBytes = <usize>ld << 3;
  const root = Math.sqrt(<f64>d);
  let finite = 1;
  for (let j = 0; j < p; j++) {
    const w = W + <usize>j * rowBytes;
    let ww: f64 = 0;
    for (let i = 0; i < ld; i++) {
      const wi = load<f64>(w + (<usize>i << 3));
      ww += wi * wi;
    }
    const c = root / Math.sqrt(ww);
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 3;
      const v = c * load<f64>(w + o);
      store<f64>(w + o, v);
      if (Wf != 0) store<f32>(Wf + ((<usize>(j * ld + i)) << 2), <f32>v);
      if (!(v - v == 0)) finite = 0;
    }
  }
  return finite;
}

/**
 * a_j ← a_j − η_a·Ga_j/n (docs/model.md §4: the mean over the step's n samples of
 * ℓ'_μ σ(u_μj), Ga holding the sum). Returns 1 if every a_j is finite, 0 otherwise.
 */
export function updateSecondLayer(a: usize, Ga: usize, p: i32, lr: f64, n: i32): i32 {
  let finite = 1;
  for (let j = 0; j < p; j++) {
    const o = <usize>j << 3;
    const v = load<f64>(a + o) - lr * (load<f64>(Ga + o) / <f64>n);
    store<f64>(a + o, v);
    if (!(v - v == 0)) finite = 0;
  }
  return finite;
}

/** x_i ← s·x_i for count float64 values (η·factor(t) from the factors of lrFactors). */
export function scaleF64(x: usize, count: i32, s: f64): void {
  for (let i = 0; i < count; i++) store<f64>(x + (<usize>i << 3), s * load<f64>(x + (<usize>i << 3)));
}
