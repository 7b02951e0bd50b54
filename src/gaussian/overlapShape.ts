// Checks the shapes of (M, Q, a) (docs/model.md §3: M is p×k, Q is p×p, a has length p) and
// flattens them row-major for the WASM kernels.
import { OptionRangeError, OptionTypeError } from '../errors.js';

export interface OverlapShape {
  p: number;
  k: number;
  Mflat: Float64Array;
  Qflat: Float64Array;
}

export function overlapShape(M: ArrayLike<number>[], Q: ArrayLike<number>[], a: ArrayLike<number>): OverlapShape {
  if (!Array.isArray(M) || M.length < 1) throw new OptionTypeError('M', 'must be a non-empty array of rows (p×k)');
  const p = M.length;
  const k = M[0]?.length ?? 0;
  if (!Number.isInteger(k) || k < 1) throw new OptionTypeError('M', 'rows must be arrays of length k ≥ 1');
  if (!Array.isArray(Q) || Q.length !== p) throw new OptionRangeError('Q', `a ${p}×${p} array`, Array.isArray(Q) ? `${Q.length} rows` : Q);
  if (!a || a.length !== p) throw new OptionRangeError('a', `an array of length p = ${p}`, a?.length);
  const Mflat = new Float64Array(p * k);
  const Qflat = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    if (M[j]?.length !== k) throw new OptionRangeError('M', `${p} rows of length ${k}`, `row ${j} of length ${M[j]?.length}`);
    if (Q[j]?.length !== p) throw new OptionRangeError('Q', `${p} rows of length ${p}`, `row ${j} of length ${Q[j]?.length}`);
    for (let r = 0; r < k; r++) Mflat[j * k + r] = M[j][r];
    for (let l = 0; l < p; l++) Qflat[j * p + l] = Q[j][l];
  }
  for (const [name, arr] of [['M', Mflat], ['Q', Qflat], ['a', Float64Array.from(a)]] as const) {
    for (const v of arr) if (!Number.isFinite(v)) throw new OptionRangeError(name, 'finite numbers', v);
  }
  return { p, k, Mflat, Qflat };
}
