// Rows of i.i.d. standard Gaussian data, generated inside WASM (assembly/rng.ts): row μ of
// batch b is a pure function of (seed, b, μ), so any split of the rows over calls or threads
// gives the same bits. f64 storage receives the same f32 values widened, so f32 and f64 runs
// see identical data.
import type { Backend, BufferId } from '../wasm/backend.js';
import { OptionRangeError, OptionTypeError } from '../errors.js';

export interface NormalRowsOptions {
  /** 32-bit unsigned seed. */
  seed: number;
  /** Batch index (the generator's stream), 32-bit unsigned. */
  batch: number;
  /** First row μ to write (row μ is written at (μ − rowStart)·ld). Default 0. */
  rowStart?: number;
  rowCount: number;
  /** Normals per row. */
  d: number;
  /** Row stride in elements, ≥ d; elements d … ld−1 are zeroed. Default d rounded up to 4 (16-byte rows). */
  ld?: number;
  /** Element type of `out`. Default 'f32'. */
  precision?: 'f32' | 'f64';
}

const U32 = 2 ** 32;

export function normalRows(backend: Backend, out: BufferId, options: NormalRowsOptions): void {
  const { seed, batch, rowCount, d } = options;
  const rowStart = options.rowStart ?? 0;
  const ld = options.ld ?? Math.ceil(d / 4) * 4;
  const precision = options.precision ?? 'f32';
  checkInt('seed', seed, 0, U32 - 1);
  checkInt('batch', batch, 0, U32 - 1);
  checkInt('d', d, 1, 2 ** 31 - 1);
  checkInt('rowCount', rowCount, 0, 2 ** 31 - 1);
  checkInt('rowStart', rowStart, 0, 2 ** 31 - 1);
  if (rowStart + rowCount > 2 ** 31) throw new OptionRangeError('rowCount', `at most ${2 ** 31 - rowStart} after rowStart ${rowStart}`, rowCount);
  checkInt('ld', ld, d, 2 ** 31 - 1);
  if (precision !== 'f32' && precision !== 'f64') throw new OptionTypeError('precision', `must be 'f32' or 'f64' (got '${String(precision)}')`);
  const bytes = rowCount * ld * (precision === 'f64' ? 8 : 4);
  if (bytes > backend.byteLength(out)) {
    throw new OptionRangeError('rowCount', `rows that fit the ${backend.byteLength(out)}-byte buffer`, `${rowCount} rows of ${ld} (${bytes} bytes)`);
  }
  backend.kernels.normalRows(seed, batch, rowStart, rowCount, d, ld, out, precision === 'f64' ? 1 : 0);
}

function checkInt(option: string, v: number, lo: number, hi: number): void {
  if (typeof v !== 'number') throw new OptionTypeError(option, `must be a number (got ${typeof v})`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new OptionRangeError(option, `an integer in [${lo}, ${hi}]`, v);
}
