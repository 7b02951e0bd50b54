// The row stride of stored samples. The f32 step reads the 8 rows of a block side by side,
// 32 or 64 elements of each at a time, and a block's rows are `lanes` rows apart in a chunk
// (assembly/gdStep.ts, blockFirst). Rows whose starts are a multiple of 4 KiB apart, as for
// d = 1024, 2048, 4096 or 8192 in f32, fall in the same sets of L1 (64 sets of 64-byte lines
// span 4 KiB) and of L2, and evict each other: with ld = d, all 8 rows of every block do.
// So the stride grows past d, rounded up to 4 (16-byte aligned rows for v128), until any two
// rows 1 … 7 apart start at least `shift` bytes apart modulo 4 KiB: at most 240 bytes and
// 1.6% more memory. A block's rows, `lanes` apart, then share an offset at most with a few of
// the others (d = 4096, n = 15000: ld = 4128, lanes = 120, two rows on each of 4 offsets);
// measured at n·d·4 ≈ 300 MB, d = 4096: 19.9 ms a step against 23.4 with ld = 4096 (`npm run
// bench` times both). Rows shorter than 4 KiB are left alone. The padding is zeros, which every
// kernel adds as +0.

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
