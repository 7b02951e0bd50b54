import type { Backend, BufferId } from '../wasm/backend.js';

/** dst (float64) = src (f32) element-wise, in WASM. */
export function widenF32(b: Backend, src: BufferId, dst: BufferId, count: number): void {
  b.kernels.widenF32(src, dst, count);
}
