// Speed of the paper case: d = 5000, n = 15000, p = 2, ReLU, f32 storage.
// Everything is measured in one run, so the ratios are meaningful on a noisy shared machine.
import { gdStep } from '../src/kernels/gdStep.js';
import { paperStepFixture } from './paperStepFixture.js';
import { createBackend, type Variant } from '../src/wasm/backend.js';

export interface GdStepBench {
  variant: Variant;
  d: number;
  n: number;
  p: number;
  /** Best-of-repeats milliseconds of one fused multi-pass step (data already stored). */
  multiPassStepMs: number;
  /** One single-pass step: generate the batch, label it, fused step. */
  singlePassStepMs: number;
  /** One plain SIMD read of the same stored batch, one sequential stream. */
  plainReadMs: number;
  /** The same read in eight lanes of consecutive rows, a row of each side by side (the step's pattern; assembly/streamRead.ts). */
  rowsReadMs: number;
  /** Data generation alone (normalRows on the whole batch). */
  generateMs: number;
  normalsPerSecond: number;
}

const time = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

const best = (repeats: number, f: () => void): number => {
  let b = Infinity;
  for (let r = 0; r < repeats; r++) b = Math.min(b, time(f));
  return b;
};

/** slowRepeats: repeats of the batch generation and of the single-pass step (0: not measured, Infinity). */
export async function benchGdStep(variant: Variant = 'simd', d = 5000, n = 15000, p = 2, repeats = 20, slowRepeats = Math.min(repeats, 5)): Promise<GdStepBench> {
  const b = await createBackend(variant);
  const f = paperStepFixture(b, d, n, p, 1);
  const { X } = f.args;
  const step = () => gdStep(b, f.args);
  f.load(0);
  step();
  const read = b.fn<(x: number, c: number) => number>('streamReadF32');
  const readRows = b.fn<(x: number, ld: number, n: number) => number>('streamReadRowsF32');
  // The reads and the step alternate, so that all see the same moments of a shared machine.
  let plainReadMs = Infinity;
  let rowsReadMs = Infinity;
  let multiPassStepMs = Infinity;
  for (let r = 0; r < repeats; r++) {
    plainReadMs = Math.min(plainReadMs, time(() => read(b.ptr(X), n * f.ld)));
    rowsReadMs = Math.min(rowsReadMs, time(() => readRows(b.ptr(X), f.ld, n)));
    multiPassStepMs = Math.min(multiPassStepMs, time(step));
  }
  let batch = 1;
  // each slow repeat generates the whole batch (~0.1 s or more)
  const generateMs = best(slowRepeats, () => f.generate(batch++));
  const singlePassStepMs = best(slowRepeats, () => {
    f.load(batch++);
    step();
  });
  return { variant, d, n, p, multiPassStepMs, singlePassStepMs, plainReadMs, rowsReadMs, generateMs, normalsPerSecond: (n * d) / (generateMs / 1000) };
}
