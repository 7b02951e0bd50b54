// Probabilists' Gauss–Hermite rule (nodes and weights for N(0,1), weights summing to 1),
// computed inside WASM by assembly/gaussian.ts (Golub–Welsch + Newton + Christoffel weights).
import { OptionRangeError } from '../errors.js';
import { withBuffers, type Backend } from '../wasm/backend.js';

export interface GaussHermite {
  nodes: Float64Array;
  weights: Float64Array;
}

/** m-point rule, exact for E[x^j], j ≤ 2m − 1, x ~ N(0,1). Copies, safe to keep. */
export function gaussHermite(backend: Backend, m: number): GaussHermite {
  if (!Number.isInteger(m) || m < 1 || m > 400) throw new OptionRangeError('m', 'an integer in 1…400', m);
  return withBuffers(backend, (s) => {
    const nodes = s.buffer(8 * m);
    const weights = s.buffer(8 * m);
    backend.kernels.gaussHermiteRule(m, nodes, weights, s.buffer(16 * m));
    return { nodes: backend.readF64(nodes, m), weights: backend.readF64(weights, m) };
  });
}
