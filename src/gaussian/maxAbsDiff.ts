/**
 * max |x_i − y_i| over the first n entries (0 when n = 0; NaN if a difference is NaN): the
 * error estimate of a rule against its coarser companion. One exact IEEE subtraction, |·| and
 * max per entry on values WASM computed, so JS gives the same bits as a kernel would.
 */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}
