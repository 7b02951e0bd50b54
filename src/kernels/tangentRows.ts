// Wrapper of tangentRows (assembly/trainStep.ts): spherical GD's tangent gradient (docs/model.md §4).
import type { Backend, BufferId } from '../wasm/backend.js';

/** G_j ← G_j − (G_j·w_j/‖w_j‖²) w_j for the p rows (stride ld). */
export function tangentRows(b: Backend, G: BufferId, W: BufferId, p: number, ld: number): void {
  b.kernels.tangentRows(G, W, p, ld);
}
