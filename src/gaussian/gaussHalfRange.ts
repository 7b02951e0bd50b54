// Half-range Gauss rule for N(0,1) (assembly/gaussHalfRange.ts): Gauss for φ on (0, ∞),
// mirrored; exact for piecewise polynomials of degree ≤ m−1 on each side of 0.
import { OptionRangeError } from '../errors.js';
import type { Backend } from '../wasm/backend.js';
import type { GaussHermite } from './gaussHermite.js';

/** m (even) nodes ascending, weights summing to 1. Copies, safe to keep. */
export function gaussHalfRange(backend: Backend, m: number): GaussHermite {
  if (!Number.isInteger(m) || m < 2 || m > 400 || m % 2) throw new OptionRangeError('m', 'an even integer in 2…400', m);
  const nodes = backend.alloc(8 * m);
  const weights = backend.alloc(8 * m);
  const scratch = backend.alloc(8 * backend.fn<(m: number) => number>('gaussHalfRangeScratch')(m));
  try {
    backend.fn<(m: number, x: number, w: number, s: number) => void>('gaussHalfRangeRule')(m, backend.ptr(nodes), backend.ptr(weights), backend.ptr(scratch));
    return { nodes: backend.readF64(nodes, m), weights: backend.readF64(weights, m) };
  } finally {
    backend.free(scratch);
    backend.free(weights);
    backend.free(nodes);
  }
}
