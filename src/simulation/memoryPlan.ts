// Bytes a simulation allocates in WASM memory, computed before allocating anything so that a
// run too large for the 4 GiB of WebAssembly memory fails at once with the size it needs.
import { MAX_CHUNKS } from '../kernels/stepChunks.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { rowStride } from './rowStride.js';
import { trainBytes } from './trainStep.js';

export interface MemoryPlan {
  /** Row stride in elements (rowStride: d rounded up to 4, and past multiples of 4 KiB). */
  ld: number;
  storedRows: number;
  stepRows: number;
  /** Bytes of the stored samples. */
  dataBytes: number;
  /** Bytes of everything per stored row (samples, labels, projections, stack): what shards hold. */
  rowsBytes: number;
  /** Total bytes (data, labels, weights, gradients, scratch), a slight over-estimate. */
  totalBytes: number;
}

export function memoryPlan(r: ResolvedSimulateOptions, targetMaxStack = 16, threads = 1): MemoryPlan {
  const esz = r.storage === 'f64' ? 8 : 4;
  const ld = rowStride(r.d, esz);
  const storedRows = r.schedule.storedRows(r.n);
  const stepRows = r.schedule.stepRows(r.n);
  const dataBytes = storedRows * ld * esz;
  const perRow = 8 * (1 + r.k + targetMaxStack + (r.labelNoise > 0 ? 1 : 0)) + 4;
  const weights = ld * (r.p * (8 + 8 + 4) + r.k * (8 + 4)) + 8 * ld;
  // The step's chunk partials (src/kernels/gdStep.ts) and per thread an f32 block accumulator.
  const step = ld * r.p * (8 * MAX_CHUNKS + 4 * threads) + threads * 8 * r.p * (64 * 36 + 16) + 8 * r.p * MAX_CHUNKS;
  const rowsBytes = dataBytes + storedRows * perRow;
  const totalBytes = rowsBytes + weights + step + trainBytes(r, ld) + (1 << 20);
  return { ld, storedRows, stepRows, dataBytes, rowsBytes, totalBytes };
}
