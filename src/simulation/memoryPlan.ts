// Bytes a simulation allocates in WASM memory, computed before allocating anything so that a
// run too large for the 4 GiB of WebAssembly memory fails at once with the size it needs.
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { trainBytes } from './trainStep.js';

export interface MemoryPlan {
  /** Row stride in elements (d rounded up to 4: 16-byte aligned rows for v128). */
  ld: number;
  storedRows: number;
  stepRows: number;
  /** Bytes of the stored samples. */
  dataBytes: number;
  /** Total bytes (data, labels, weights, gradients, scratch), a slight over-estimate. */
  totalBytes: number;
}

export function memoryPlan(r: ResolvedSimulateOptions, targetMaxStack = 16): MemoryPlan {
  const ld = Math.ceil(r.d / 4) * 4;
  const storedRows = r.schedule.storedRows(r.n);
  const stepRows = r.schedule.stepRows(r.n);
  const esz = r.storage === 'f64' ? 8 : 4;
  const dataBytes = storedRows * ld * esz;
  const perRow = 8 * (1 + r.k + targetMaxStack + (r.labelNoise > 0 ? 1 : 0)) + 4;
  const weights = ld * (r.p * (8 + 8 + 8 + 4 + 4) + r.k * (8 + 4)) + 8 * ld;
  const totalBytes = dataBytes + storedRows * perRow + weights + trainBytes(r, ld) + (1 << 20);
  return { ld, storedRows, stepRows, dataBytes, totalBytes };
}
