import type { Backend, BufferId } from '../wasm/backend.js';

/** W_j = Σ_r m0[j][r] T_r + √(1 − ‖m0_j‖²) O_j (docs/model.md §2). Returns false if ‖m0_j‖ ≥ 1. */
export function combineRows(b: Backend, W: BufferId, p: number, m0: BufferId, T: BufferId, k: number, O: BufferId, ld: number): boolean {
  return b.kernels.combineRows(W, p, m0, T, k, O, ld) === 1;
}
