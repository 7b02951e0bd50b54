import type { Backend, BufferId } from '../wasm/backend.js';

/** Cosine ‖M_j‖/√Q_jj and, with a direction, M_j·u₁ and M_j·basis_c (docs/model.md §3). */
export function neuronObservables(
  b: Backend, M: BufferId, Q: BufferId, p: number, k: number, hasDirection: boolean, u1: BufferId, basis: BufferId,
  cosine: BufferId, overlap: BufferId, ortho: BufferId,
): void {
  b.fn<(...a: number[]) => void>('neuronObservables')(
    b.ptr(M), b.ptr(Q), p, k, hasDirection ? 1 : 0, b.ptr(u1), b.ptr(basis), b.ptr(cosine), b.ptr(overlap), b.ptr(ortho),
  );
}
