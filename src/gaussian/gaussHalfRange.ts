// Half-range Gauss rule for N(0,1) (assembly/gaussHalfRange.ts): Gauss for φ on (0, ∞),
// mirrored; exact for piecewise polynomials of degree ≤ m−1 on each side of 0.
import { OptionRangeError } from '../errors.js';
import { withBuffers, type Backend } from '../wasm/backend.js';
import type { GaussHermite } from './gaussHermite.js';

/** m (even) nodes ascending, weights summing to 1. Copies, safe to keep. */
export function gaussHalfRange(backend: Backend, m: number): GaussHermite {
  if (!Number.isInteger(m) || m < 2 || m > 400 || m % 2) throw new OptionRangeError('m', 'an even integer in 2…400', m);
  const K = backend.kernels;
  return withBuffers(backend, (s) => {
    const nodes = s.buffer(8 * m);
    const weights = s.buffer(8 * m);
    K.gaussHalfRangeRule(m, nodes, weights, s.buffer(8 * K.gaussHalfRangeScratch(m)));
    return { nodes: backend.readF64(nodes, m), weights: backend.readF64(weights, m) };
  });
}
