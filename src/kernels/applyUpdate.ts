// Wrapper of applyUpdate (assembly/gdStep.ts): W ← (1 − ηλ)W − η G/√d, docs/model.md §1.
import type { Backend, BufferId } from '../wasm/backend.js';

/** Returns false if some weight became NaN or infinite. Wf (f32 copy) is refreshed when given. */
export function applyUpdate(b: Backend, W: BufferId, Wf: BufferId | null, G: BufferId, count: number, lr: number, weightDecay: number, d: number): boolean {
  return b.kernels.applyUpdate(W, Wf, G, count, lr, weightDecay, d) === 1;
}
