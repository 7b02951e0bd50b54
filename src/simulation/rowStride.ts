// The row stride of stored samples. The f32 step reads the 8 rows of a block side by side,
// 64 elements (256 bytes) of each at a time (assembly/gdStep.ts). Rows whose starts are a
// multiple of 4 KiB apart, as for d = 1024, 2048, 4096 or 8192 in f32, fall in the same sets
// of L1 (64 sets of 64-byte lines span 4 KiB) and of L2, and evict each other. Measured at
// n·d·4 ≈ 300 MB: d = 4096, a step took 24.9–25.2 ms with ld = 4096, 23.6 with the rows 64
// bytes apart modulo 4 KiB, 22.8–23.0 with 128 or 256; d = 8192: 29.4 → 26.1 with 128
// (`npm run bench` times d = 4096 both ways).
// So the stride grows past d, rounded up to 4 (16-byte aligned rows for v128), until any two
// rows of a block start at least `shift` bytes apart modulo 4 KiB: at most 240 bytes and
// 1.6% more memory. Rows shorter than 4 KiB are left alone (a block of them is one short
// stretch of memory). The padding is zeros, which every kernel adds as +0.

import { GD_STEP_ROWS } from '../kernels/gdStep.js';

const SET_SPAN = 4096;

/** The distance wanted between row starts modulo 4 KiB: a 128th of the row, from 64 to 128 bytes (one to two cache lines). */
function shift(rowBytes: number): number {
  return Math.min(128, Math.max(64, Math.floor(rowBytes / 128)));
}

function spreads(rowBytes: number, minShift: number): boolean {
  for (let k = 1; k < GD_STEP_ROWS; k++) {
    const r = (k * rowBytes) % SET_SPAN;
    if (Math.min(r, SET_SPAN - r) < minShift) return false;
  }
  return true;
}

/** Elements between the starts of two stored rows of d elements of elementBytes (4 or 8) bytes each. */
export function rowStride(d: number, elementBytes: number): number {
  let ld = Math.ceil(d / 4) * 4;
  if (d * elementBytes < SET_SPAN) return ld;
  const minShift = shift(d * elementBytes);
  while (!spreads(ld * elementBytes, minShift)) ld += 4;
  return ld;
}
