// Throughput of the in-WASM Gaussian generator on the paper's data shape (d = 5000, n = 15000:
// a 300 MB f32 batch), SIMD build and scalar build, best of a few repeats. The buffer is written
// once before timing so that first-touch page faults of fresh linear memory are not counted.
// No Node imports: the same measurement runs in `npm run bench` and on the bench page
// (web/bench.html).
import { createBackend, type Backend } from '../src/wasm/backend.js';
import { normalRows } from '../src/kernels/normalRows.js';

export interface NormalsBench {
  /** SIMD build, f32 output, best repeat. */
  normalsPerSecond: number;
  /** Scalar build, f32 output, best repeat. */
  scalarNormalsPerSecond: number;
  /** SIMD build writing f64 (the same values widened). */
  f64NormalsPerSecond: number;
  d: number;
  rows: number;
  repeats: number;
  /** Best wall time of one SIMD f32 batch, ms. */
  msPerBatch: number;
}

function best(b: Backend, d: number, rows: number, precision: 'f32' | 'f64', repeats: number): number {
  const ld = Math.ceil(d / 4) * 4;
  const out = b.alloc(rows * ld * (precision === 'f64' ? 8 : 4));
  try {
    normalRows(b, out, { seed: 1, batch: 0, rowStart: 0, rowCount: rows, d, ld, precision });
    let t = Infinity;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      normalRows(b, out, { seed: 1, batch: r + 1, rowStart: 0, rowCount: rows, d, ld, precision });
      t = Math.min(t, performance.now() - t0);
    }
    return t;
  } finally {
    b.free(out);
  }
}

export async function benchNormals(options: { d?: number; rows?: number; repeats?: number } = {}): Promise<NormalsBench> {
  const d = options.d ?? 5000;
  const rows = options.rows ?? 15000;
  const repeats = options.repeats ?? 5;
  const n = d * rows;
  const simd = await createBackend('simd');
  const tSimd = best(simd, d, rows, 'f32', repeats);
  // f64 doubles the bytes (600 MB): fewer rows keep the bench's memory in bounds.
  const rows64 = Math.max(1, Math.floor(rows / 3));
  const tF64 = best(simd, d, rows64, 'f64', Math.min(repeats, 3));
  const scalar = await createBackend('scalar');
  const rowsScalar = Math.max(1, Math.floor(rows / 3));
  const tScalar = best(scalar, d, rowsScalar, 'f32', Math.min(repeats, 3));
  return {
    normalsPerSecond: n / (tSimd / 1000),
    scalarNormalsPerSecond: (d * rowsScalar) / (tScalar / 1000),
    f64NormalsPerSecond: (d * rows64) / (tF64 / 1000),
    d,
    rows,
    repeats,
    msPerBatch: tSimd,
  };
}
