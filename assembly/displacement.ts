// The codes of the displacements (docs/model.md §4), the same in every kernel that takes one:
// the engines' steps (gdStep, trainStep, reducedStep) and the theories' (gaussColumns, dmft).
// src/kernels/displacementCode.ts writes them.
export const DISPLACE_NONE: i32 = 0;
export const DISPLACE_SAM: i32 = 1;
export const DISPLACE_EXTRAGRADIENT: i32 = 2;

/**
 * The step of one sample's fields along its own gradient in the d → ∞ limit (‖x‖²/d → 1,
 * docs/model.md §4, §6): ũ_j = u_j + scale·g_j with scale −ρ (extra-gradient) or ρ/‖g‖ (SAM,
 * samScale). g_j is the T (f32 or f64) at g + j·gStride bytes, widened to f64.
 */
// @ts-ignore: decorator
@inline
export function displacementScale<T>(p: i32, kind: i32, rho: f64, g: usize, gStride: usize): f64 {
  return kind == DISPLACE_SAM ? samScale<T>(p, rho, g, gStride) : -rho;
}

/** SAM's ρ/‖g‖ over the n values T at g + j·gStride bytes (widened to f64, summed in order), 0 when g = 0. */
// @ts-ignore: decorator
@inline
export function samScale<T>(n: i32, rho: f64, g: usize, gStride: usize): f64 {
  let n2: f64 = 0;
  for (let j = 0; j < n; j++) {
    const x = <f64>load<T>(g + <usize>j * gStride);
    n2 = n2 + x * x;
  }
  return n2 > 0 ? rho / Math.sqrt(n2) : 0.0;
}
