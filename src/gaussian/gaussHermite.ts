// Probabilists' Gauss–Hermite rule (nodes and weights for N(0,1), weights summing to 1),
// computed inside WASM by assembly/gaussian.ts (Golub–Welsch + Newton + Christoffel weights).
import { OptionRangeError } from '../errors.js';
import type { Backend } from '../wasm/backend.js';

export interface GaussHermite {
  nodes: Float64Array;
  weights: Float64Array;
}

/** m-point rule, exact for E[x^j], j ≤ 2m − 1, x ~ N(0,1). Copies, safe to keep. */
export function gaussHermite(backend: Backend, m: number): GaussHermite {
  if (!Number.isInteger(m) || m < 1 || m > 400) throw new OptionRangeError('m', 'an integer in 1…400', m);
  const nodes = backend.alloc(8 * m);
  const weights = backend.alloc(8 * m);
  const scratch = backend.alloc(16 * m);
  try {
    backend.fn<(m: number, x: number, w: number, s: number) => void>('gaussHermiteRule')(
      m, backend.ptr(nodes), backend.ptr(weights), backend.ptr(scratch),
    );
    return { nodes: backend.readF64(nodes, m), weights: backend.readF64(weights, m) };
  } finally {
    backend.free(scratch);
    backend.free(weights);
    backend.free(nodes);
  }
}
