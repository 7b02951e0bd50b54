import type { Backend, BufferId } from '../wasm/backend.js';

/** M = W W*ᵀ/d (p×k) and Q = W Wᵀ/d (p×p), float64 (docs/model.md §3). */
export function overlaps(b: Backend, W: BufferId, p: number, T: BufferId, k: number, ld: number, d: number, M: BufferId, Q: BufferId): void {
  b.kernels.overlaps(W, p, T, k, ld, d, M, Q);
}
