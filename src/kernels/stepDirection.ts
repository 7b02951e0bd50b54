import type { Backend, BufferId } from '../wasm/backend.js';

/** u₁ = M¹_0/‖M¹_0‖ and an orthonormal basis of its complement (docs/model.md §3). False if M¹_0 = 0. */
export function stepDirection(b: Backend, M: BufferId, k: number, u1: BufferId, basis: BufferId): boolean {
  return b.kernels.stepDirection(M, k, u1, basis) === 1;
}
