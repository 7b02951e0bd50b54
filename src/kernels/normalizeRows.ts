// Wrapper of normalizeRows (assembly/trainStep.ts): the rows of W back to norm √d after a
// projected or spherical step (docs/model.md §4).
import type { Backend, BufferId } from '../wasm/backend.js';

/** w_j ← √d w_j/‖w_j‖, refreshing the f32 copy Wf when given; false if a weight is not finite. */
export function normalizeRows(b: Backend, W: BufferId, Wf: BufferId | null, p: number, ld: number, d: number): boolean {
  return b.kernels.normalizeRows(W, Wf, p, ld, d) === 1;
}
