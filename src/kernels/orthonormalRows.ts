import type { Backend, BufferId } from '../wasm/backend.js';

/**
 * Rows of A (float64, stride ld) made orthogonal to the nB rows of B and to each other, then
 * scaled to norm √d (docs/model.md §2). Returns false if a row degenerated.
 */
export function orthonormalRows(b: Backend, A: BufferId, rows: number, B: BufferId | null, nB: number, ld: number, d: number): boolean {
  return b.kernels.orthonormalRows(A, rows, B, nB, ld, d) === 1;
}
