import { withBuffers, type Backend } from '../wasm/backend.js';

/**
 * Mean and standard error over rows (seeds) of `data` (nSeeds × len), computed in WASM so
 * the summaries are the same bits in every engine.
 */
export function meanSe(b: Backend, data: Float64Array, nSeeds: number, len: number): { mean: Float64Array; se: Float64Array } {
  return withBuffers(b, (scope) => {
    const d = scope.copyF64(data);
    const m = scope.buffer(len * 8);
    const s = scope.buffer(len * 8);
    b.kernels.meanSe(d, nSeeds, len, m, s);
    return { mean: b.readF64(m, len), se: b.readF64(s, len) };
  });
}
