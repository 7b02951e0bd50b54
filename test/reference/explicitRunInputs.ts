// The inputs of an explicit-engine run (teacher W*, student W⁰, second layer a, and the stored
// samples and labels of a batch), rebuilt with the library's own kernels exactly as
// src/simulation/runTrajectory.ts builds them, and handed out as plain JS arrays for the
// float64 reference of test/reference/referenceTrain.ts. Used only by tests.
import { compileExpression } from '../../src/expr/index.js';
import { normalBlock } from '../../src/kernels/normalBlock.js';
import { normalRows } from '../../src/kernels/normalRows.js';
import { orthonormalRows } from '../../src/kernels/orthonormalRows.js';
import { targetLabels } from '../../src/kernels/targetLabels.js';
import { toF32 } from '../../src/kernels/toF32.js';
import { uploadExpression } from '../../src/kernels/uploadExpression.js';
import type { ResolvedSimulateOptions } from '../../src/options/resolveSimulateOptions.js';
import { drawSecondLayer } from '../../src/simulation/drawSecondLayer.js';
import { STREAM_STUDENT, STREAM_TEACHER } from '../../src/simulation/streams.js';
import { withBuffers, type Backend } from '../../src/wasm/backend.js';

export interface RunInputs {
  /** Teacher rows (k × d, float64). */
  T: number[][];
  /** Initial student rows (p × d, float64). */
  W0: number[][];
  a0: number[];
  /** Stored rows and labels of each batch key asked for (f32 storage: the f32 values, exactly). */
  batches: Map<number, { X: number[][]; y: number[] }>;
}

/** Orthogonal init only (the default), no label noise: what the reference tests use. */
export function explicitRunInputs(b: Backend, r: ResolvedSimulateOptions, keys: number[]): RunInputs {
  const { d, p, k, seed, storage } = r;
  const ld = Math.ceil(d / 4) * 4;
  const rowsOf = (flat: Float64Array | Float32Array, n: number) => Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * ld, i * ld + d)));
  return withBuffers(b, (s) => {
    const scratch = s.buffer(ld * 8);
    const gaussian = (rows: number, stream: number) => {
      const out = s.buffer(rows * ld * 8);
      b.f64(out, rows * ld).fill(0);
      for (let i = 0; i < rows; i++) {
        b.f64(scratch, ld).fill(0);
        normalBlock(b, scratch, { seed, stream, index: i, count: d, precision: 'f64' });
        b.f64(out, rows * ld).set(b.f64(scratch, ld), i * ld);
      }
      return out;
    };
    const T64 = gaussian(k, STREAM_TEACHER);
    orthonormalRows(b, T64, k, null, 0, ld, d);
    const W = gaussian(p, STREAM_STUDENT);
    orthonormalRows(b, W, p, T64, k, ld, d);
    const a = s.buffer(p * 8);
    drawSecondLayer(b, r, a, (bytes) => s.buffer(bytes));
    const T = rowsOf(b.readF64(T64, k * ld), k);
    const W0 = rowsOf(b.readF64(W, p * ld), p);
    const a0 = Array.from(b.readF64(a, p));
    const Tf = s.buffer(k * ld * 4);
    toF32(b, T64, Tf, k * ld);
    const program = compileExpression(r.target.ast, k);
    const stored = r.schedule.storedRows(r.n);
    const batches = new Map<number, { X: number[][]; y: number[] }>();
    for (const key of new Set(keys)) {
      const out = withBuffers(b, (t) => {
        const esz = storage === 'f32' ? 4 : 8;
        const X = t.buffer(stored * ld * esz);
        const y = t.buffer(stored * 8);
        const Z = t.buffer(stored * k * 8);
        const stack = t.buffer(stored * Math.max(1, program.maxStack) * 8);
        const target = t.own(uploadExpression(b, program));
        normalRows(b, X, { seed, batch: key, rowStart: 0, rowCount: stored, d, ld, precision: storage });
        targetLabels(b, X, ld, stored, storage, storage === 'f32' ? Tf : T64, k, d, target, Z, y, stack);
        const flat = storage === 'f32' ? b.readF32(X, stored * ld) : b.readF64(X, stored * ld);
        return { X: rowsOf(flat, stored), y: Array.from(b.readF64(y, stored)) };
      });
      batches.set(key, out);
    }
    return { T, W0, a0, batches };
  });
}
