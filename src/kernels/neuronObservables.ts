import type { Backend, BufferId } from '../wasm/backend.js';

/** Cosine ‖M_j‖/√Q_jj and, with a direction, M_j·u₁ and M_j·basis_c (docs/model.md §3). */
export function neuronObservables(
  b: Backend, M: BufferId, Q: BufferId, p: number, k: number, hasDirection: boolean, u1: BufferId, basis: BufferId,
  cosine: BufferId, overlap: BufferId, ortho: BufferId,
): void {
  b.kernels.neuronObservables(M, Q, p, k, hasDirection ? 1 : 0, u1, basis, cosine, overlap, ortho);
}
