// Speed of the paper case: d = 5000, n = 15000, p = 2, ReLU, f32 storage.
// Everything is measured in one run, so the ratios are meaningful on a noisy shared machine.
import { compileExpression, parseActivation, parseTarget } from '../src/expr/index.js';
import { allocGdStepScratch, gdStep, gdStepWorkBytes } from '../src/kernels/gdStep.js';
import { normalRows } from '../src/kernels/normalRows.js';
import { targetLabels } from '../src/kernels/targetLabels.js';
import { uploadExpression } from '../src/kernels/uploadExpression.js';
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
  /** One plain SIMD read of the same stored batch. */
  plainReadMs: number;
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

export async function benchGdStep(variant: Variant = 'simd', d = 5000, n = 15000, p = 2, repeats = 20): Promise<GdStepBench> {
  const b = await createBackend(variant);
  const ld = Math.ceil(d / 4) * 4;
  const k = 2;
  const target = uploadExpression(b, compileExpression(parseTarget('tanh(z1 + He3(z2))').ast, k));
  const act = parseActivation('relu');
  const sig = uploadExpression(b, compileExpression(act.ast, 1));
  const dsig = uploadExpression(b, compileExpression(act.derivative, 1));
  const X = b.alloc(n * ld * 4);
  const y = b.alloc(n * 8);
  const Z = b.alloc(n * k * 8);
  const stack = b.alloc(n * 8 * Math.max(1, target.maxStack));
  const T = b.alloc(k * ld * 4);
  const W = b.alloc(p * ld * 4);
  const a = b.fromF64(Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -1)));
  const scratch = allocGdStepScratch((bytes) => b.alloc(bytes), 'f32', p, ld, gdStepWorkBytes(p, sig, dsig), 1);
  const G = b.alloc(p * ld * 8);
  // Small deterministic weights and teacher: the cost does not depend on their values.
  normalRows(b, T, { seed: 7, batch: 1, rowCount: k, d, ld });
  normalRows(b, W, { seed: 7, batch: 2, rowCount: p, d, ld });
  const gen = (batch: number) => normalRows(b, X, { seed: 1, batch, rowCount: n, d, ld });
  const label = () => targetLabels(b, X, ld, n, 'f32', T, k, d, target, Z, y, stack);
  const step = () => gdStep(b, { storage: 'f32', X, ld, rows: null, nRows: n, y, W, p, a, d, act: sig, dact: dsig, scratch, G, accumulate: true });
  gen(0);
  label();
  step();
  const read = b.fn<(x: number, c: number) => number>('streamReadF32');
  // The read and the step alternate, so that both see the same moments of a shared machine.
  let plainReadMs = Infinity;
  let multiPassStepMs = Infinity;
  for (let r = 0; r < repeats; r++) {
    plainReadMs = Math.min(plainReadMs, time(() => read(b.ptr(X), n * ld)));
    multiPassStepMs = Math.min(multiPassStepMs, time(step));
  }
  let batch = 1;
  const slowRepeats = Math.min(repeats, 5); // each generates the whole batch (~0.1 s or more)
  const generateMs = best(slowRepeats, () => gen(batch++));
  const singlePassStepMs = best(slowRepeats, () => {
    gen(batch++);
    label();
    step();
  });
  return { variant, d, n, p, multiPassStepMs, singlePassStepMs, plainReadMs, generateMs, normalsPerSecond: (n * d) / (generateMs / 1000) };
}
