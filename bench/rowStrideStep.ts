// The multi-pass step at d = 4096 (f32 rows of exactly 16 KiB) with the rows stored d apart
// and with the library's stride (src/simulation/rowStride.ts), alternating step by step on two
// backends so that both see the same moments of a shared machine; n = 15000 as in the paper.
import { gdStep } from '../src/kernels/gdStep.js';
import { rowStride } from '../src/simulation/rowStride.js';
import { createBackend } from '../src/wasm/backend.js';
import { paperStepFixture } from './paperStepFixture.js';

export interface RowStrideBench {
  d: number;
  /** Best-of-repeats milliseconds per step with ld = d and with ld = rowStride(d). */
  alignedMs: number;
  strideMs: number;
  stride: number;
}

export async function benchRowStride(d = 4096, n = 15000, repeats = 10): Promise<RowStrideBench> {
  const stride = rowStride(d, 4);
  const runs = await Promise.all([d, stride].map(async (ld) => {
    const b = await createBackend('simd');
    const f = paperStepFixture(b, d, n, 2, 1, ld);
    f.load(0);
    gdStep(b, f.args);
    return { step: () => gdStep(b, f.args), best: Infinity };
  }));
  for (let r = 0; r < repeats; r++) {
    for (const run of runs) {
      const t0 = performance.now();
      run.step();
      run.best = Math.min(run.best, performance.now() - t0);
    }
  }
  return { d, alignedMs: runs[0].best, strideMs: runs[1].best, stride };
}
