// Wrapper of scaleF64 (assembly/trainStep.ts): x ← s·x in WASM, e.g. the learning rates
// η_t = η·factor(t) from the factors of lrFactors (docs/model.md §4).
import type { Backend, BufferId } from '../wasm/backend.js';

export function scaleF64(b: Backend, x: BufferId, count: number, s: number): void {
  b.kernels.scaleF64(x, count, s);
}
