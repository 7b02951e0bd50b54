// The data and buffers of the paper case's fused multi-pass step (d = 5000, n = 15000, p = 2,
// ReLU, f32 storage, target tanh(z1 + He3(z2))), shared by the one-thread and the threads
// benches so that both time exactly the same step.
import { compileExpression, parseActivation, parseTarget } from '../src/expr/index.js';
import { allocGdStepScratch, gdStepWorkBytes, type GdStepArgs } from '../src/kernels/gdStep.js';
import { normalRows } from '../src/kernels/normalRows.js';
import { targetLabels } from '../src/kernels/targetLabels.js';
import { uploadExpression } from '../src/kernels/uploadExpression.js';
import { rowStride } from '../src/simulation/rowStride.js';
import type { Backend, BufferId } from '../src/wasm/backend.js';

export interface PaperStepFixture {
  /** The arguments of gdStep for one accumulating pass over the stored batch. */
  args: GdStepArgs;
  ld: number;
  /** Generates batch `batch` into X and labels it. */
  load(batch: number): void;
  /** Generates batch `batch` into X only. */
  generate(batch: number): void;
}

/** ld: the row stride, the library's (rowStride) unless given. */
export function paperStepFixture(b: Backend, d: number, n: number, p: number, threads: number, ld = rowStride(d, 4)): PaperStepFixture {
  const k = 2;
  const target = uploadExpression(b, compileExpression(parseTarget('tanh(z1 + He3(z2))').ast, k));
  const act = parseActivation('relu');
  const sig = uploadExpression(b, compileExpression(act.ast, 1));
  const dsig = uploadExpression(b, compileExpression(act.derivative, 1));
  const X = b.alloc(n * ld * 4);
  const y = b.alloc(n * 8);
  const Z = b.alloc(n * k * 8);
  const stack = b.alloc(n * 8 * Math.max(1, target.maxStack));
  const T: BufferId = b.alloc(k * ld * 4);
  const W = b.alloc(p * ld * 4);
  const a = b.fromF64(Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -1)));
  const scratch = allocGdStepScratch((bytes) => b.alloc(bytes), 'f32', p, ld, gdStepWorkBytes(b, p, sig, dsig), threads);
  const G = b.alloc(p * ld * 8);
  // Small deterministic weights and teacher: the cost does not depend on their values.
  normalRows(b, T, { seed: 7, batch: 1, rowCount: k, d, ld });
  normalRows(b, W, { seed: 7, batch: 2, rowCount: p, d, ld });
  const generate = (batch: number) => normalRows(b, X, { seed: 1, batch, rowCount: n, d, ld });
  return {
    ld,
    args: { storage: 'f32', X, ld, rows: null, nRows: n, y, W, p, a, d, act: sig, dact: dsig, scratch, G, accumulate: true },
    generate,
    load(batch) {
      generate(batch);
      targetLabels(b, X, ld, n, 'f32', T, k, d, target, Z, y, stack);
    },
  };
}
