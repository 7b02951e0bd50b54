import type { Backend } from '../wasm/backend.js';

/**
 * Mean and standard error over rows (seeds) of `data` (nSeeds × len), computed in WASM so
 * the summaries are the same bits in every engine.
 */
export function meanSe(b: Backend, data: Float64Array, nSeeds: number, len: number): { mean: Float64Array; se: Float64Array } {
  const d = b.fromF64(data);
  const m = b.alloc(len * 8);
  const s = b.alloc(len * 8);
  try {
    b.fn<(...a: number[]) => void>('meanSe')(b.ptr(d), nSeeds, len, b.ptr(m), b.ptr(s));
    return { mean: b.readF64(m, len), se: b.readF64(s, len) };
  } finally {
    b.free(s);
    b.free(m);
    b.free(d);
  }
}
