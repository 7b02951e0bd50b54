import type { Backend, BufferId } from '../wasm/backend.js';

/** dst (f32) = src (float64) element-wise, in WASM. */
export function toF32(b: Backend, src: BufferId, dst: BufferId, count: number): void {
  b.kernels.toF32(src, dst, count);
}
