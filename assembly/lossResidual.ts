// ℓ' = ∂ℓ/∂ŷ of the losses of docs/model.md §4, for every kernel that needs it: the engines'
// steps (assembly/gdStep.ts, assembly/reducedStep.ts) and the theories' (not exported from
// the module: assembly/index.ts does not list this file). src/kernels/lossCode.ts writes the
// codes. Math.exp is AssemblyScript's own (software) function: the same bits in both builds.

/** ℓ' = ŷ − y. */
export const LOSS_SQUARE: i32 = 0;
/** ℓ' = −y. */
export const LOSS_CORRELATION: i32 = 1;
/** ℓ' = −y·exp(min(−yŷ, 2)), the exponent clipped at 2. */
export const LOSS_EXPONENTIAL: i32 = 2;

// @ts-ignore: decorator
@inline
export function lossDerivative(loss: i32, yhat: f64, y: f64): f64 {
  if (loss == LOSS_CORRELATION) return -y;
  if (loss == LOSS_EXPONENTIAL) return -y * Math.exp(min(-y * yhat, 2.0));
  return yhat - y;
}

/** out_i = ℓ'(ŷ_i, y_i) with ŷ_i = r_i + y_i (r = ŷ − y, the column the moments already hold). */
// @ts-ignore: decorator
@inline
export function lossResidualColumn(loss: i32, R: usize, Y: usize, len: i32, out: usize): void {
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 3;
    const y = load<f64>(Y + o);
    store<f64>(out + o, lossDerivative(loss, load<f64>(R + o) + y, y));
  }
}
