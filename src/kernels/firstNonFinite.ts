// Wrapper of assembly/finite.ts firstNonFinite: where the first NaN or ±Infinity is among values
// that WASM computed (labels, expression probes), tested in WASM.
import { at, type Backend, type BufferId } from '../wasm/backend.js';

/** Index of the first non-finite float64 among the first `count` of `buffer` (from `offset`), or −1. */
export function firstNonFinite(b: Backend, buffer: BufferId, count: number, offset = 0): number {
  return b.kernels.firstNonFinite(at(buffer, offset), count);
}
