import type { Backend, BufferId } from '../wasm/backend.js';

const KIND = { alternating: 0, ones: 1, mean: 2, 'random-signs': 3, rademacher: 3, gaussian: 4 } as const;

/**
 * Second-layer weights a ∈ R^p (docs/model.md §1); `signs` (i32 ±1) only for 'rademacher' (alias
 * 'random-signs'); for 'gaussian', `out` holds p standard normals on entry (scaled in place).
 */
export function secondLayer(b: Backend, kind: keyof typeof KIND, p: number, signs: BufferId | null, out: BufferId): void {
  b.kernels.secondLayer(KIND[kind], p, signs, out);
}
