import type { Backend, BufferId } from '../wasm/backend.js';

const KIND = { alternating: 0, ones: 1, mean: 2, 'random-signs': 3 } as const;

/** Second-layer weights a ∈ R^p (docs/model.md §1); `signs` (i32 ±1) only for 'random-signs'. */
export function secondLayer(b: Backend, kind: keyof typeof KIND, p: number, signs: BufferId | null, out: BufferId): void {
  b.kernels.secondLayer(KIND[kind], p, signs, out);
}
