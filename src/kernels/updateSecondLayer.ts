// Wrapper of updateSecondLayer (assembly/trainStep.ts): a ← a − η_a·(1/n) Σ_μ ℓ'_μ σ(u_μ) (docs/model.md §4).
import type { Backend, BufferId } from '../wasm/backend.js';

/** Ga holds the sum over the n samples (gdStep's Ga); false if some a_j is not finite. */
export function updateSecondLayer(b: Backend, a: BufferId, Ga: BufferId, p: number, lr: number, n: number): boolean {
  return b.kernels.updateSecondLayer(a, Ga, p, lr, n) === 1;
}
