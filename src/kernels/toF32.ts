import type { Backend, BufferId } from '../wasm/backend.js';

/** dst (f32) = src (float64) element-wise, in WASM. */
export function toF32(b: Backend, src: BufferId, dst: BufferId, count: number): void {
  b.fn<(s: number, d: number, c: number) => void>('toF32')(b.ptr(src), b.ptr(dst), count);
}
