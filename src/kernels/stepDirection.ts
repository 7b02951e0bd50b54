import type { Backend, BufferId } from '../wasm/backend.js';

/** u₁ = M¹_0/‖M¹_0‖ and an orthonormal basis of its complement (docs/model.md §3). False if M¹_0 = 0. */
export function stepDirection(b: Backend, M: BufferId, k: number, u1: BufferId, basis: BufferId): boolean {
  return b.fn<(...a: number[]) => number>('stepDirection')(b.ptr(M), k, b.ptr(u1), b.ptr(basis)) === 1;
}
