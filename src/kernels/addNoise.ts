import type { Backend, BufferId } from '../wasm/backend.js';
import type { BufferRef } from './bindKernels.js';

/** y += √Δ·ξ (label noise, docs/model.md §1). */
export function addNoise(b: Backend, y: BufferId, xi: BufferRef, n: number, variance: number): void {
  b.kernels.addNoise(y, xi, n, variance);
}
