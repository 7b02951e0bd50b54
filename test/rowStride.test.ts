// The row stride of stored samples (src/simulation/rowStride.ts): past multiples of 4 KiB for
// rows of 4 KiB or more, at most 240 bytes and 1.6% of padding, and the same step bits as the
// unpadded stride. Exact checks (integers, and bit equality of two runs of one kernel).
import { describe, expect, it } from 'vitest';
import { paperStepFixture } from '../bench/paperStepFixture.js';
import { GD_STEP_ROWS, gdStep } from '../src/kernels/gdStep.js';
import { rowStride } from '../src/simulation/rowStride.js';
import { createBackend, type Backend } from '../src/wasm/backend.js';

const round4 = (d: number) => Math.ceil(d / 4) * 4;

describe('rowStride', () => {
  it('leaves the paper size and short rows alone, moves powers of two off 4 KiB', () => {
    expect(rowStride(5000, 4)).toBe(5000);
    expect(rowStride(5000, 8)).toBe(5000);
    expect(rowStride(1000, 4)).toBe(1000);
    expect(rowStride(150, 4)).toBe(152);
    expect(rowStride(1, 8)).toBe(4);
    expect(rowStride(1024, 4)).toBe(1040); // 64 bytes
    expect(rowStride(4096, 4)).toBe(4128); // 128 bytes
    expect(rowStride(8192, 4)).toBe(8224);
    expect(rowStride(512, 8)).toBe(520);
  });

  it('for every d up to 100000 (f32 and f64): aligned, within 240 bytes and 1.6%, rows 1 … 7 apart spread over 4 KiB', () => {
    for (const bytes of [4, 8]) {
      for (let d = 1; d <= 100000; d++) {
        const ld = rowStride(d, bytes);
        const pad = (ld - round4(d)) * bytes;
        if (ld % 4 !== 0 || pad < 0 || pad > 240 || pad > 0.016 * d * bytes) throw new Error(`d = ${d} (${bytes} bytes): ld = ${ld}`);
        if (d * bytes < 4096) {
          if (pad !== 0) throw new Error(`d = ${d} (${bytes} bytes): short rows padded to ${ld}`);
          continue;
        }
        for (let k = 1; k < GD_STEP_ROWS; k++) {
          const r = (k * ld * bytes) % 4096;
          if (Math.min(r, 4096 - r) < 64) throw new Error(`d = ${d} (${bytes} bytes): rows ${k} apart ${r} bytes off 4 KiB`);
        }
      }
    }
  });

  it('the f32 step gives the same bits with the padded stride as with d rounded to 4 (d = 1024)', async () => {
    const b = await createBackend('simd');
    const d = 1024, n = 100, p = 2;
    const plain = stepAt(b, d, n, p, round4(d));
    const padded = stepAt(b, d, n, p, rowStride(d, 4));
    expect(rowStride(d, 4)).toBeGreaterThan(round4(d));
    expect(padded.loss).toBe(plain.loss);
    expect(padded.G).toEqual(plain.G);
  });
});

/** One accumulating f32 step over the paper fixture's n rows stored with stride ld: the loss and G's first d columns per neuron. */
function stepAt(b: Backend, d: number, n: number, p: number, ld: number): { loss: number; G: number[] } {
  const f = paperStepFixture(b, d, n, p, 1, ld);
  f.load(0);
  const loss = gdStep(b, f.args);
  const all = b.readF64(f.args.G, p * ld);
  return { loss, G: Array.from({ length: p }, (_, j) => Array.from(all.subarray(j * ld, j * ld + d))).flat() };
}
