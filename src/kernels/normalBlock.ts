// A block of standard normals from the stream keyed (seed, stream, index), generated inside
// WASM (assembly/rng.ts) in a key domain apart from the data rows of normalRows. For weight
// initialisation, Monte Carlo in theory code, label noise. Prefix property: the first m values
// of a call with count ≥ m are the values of the call with count m.
import { withBuffers, type Backend, type BufferId } from '../wasm/backend.js';
import { OptionRangeError, OptionTypeError } from '../errors.js';

export interface NormalBlockOptions {
  /** 32-bit unsigned seed. */
  seed: number;
  /** Which use the block serves (callers pick fixed constants), 32-bit unsigned. */
  stream: number;
  /** Index within the stream (a step, a neuron, a chunk), 32-bit unsigned. Default 0. */
  index?: number;
  count: number;
  /** Element type. Default 'f64' for the array form, required match with `out` otherwise. */
  precision?: 'f32' | 'f64';
}

const U32 = 2 ** 32;

/** Writes the block into `out` (from its start). */
export function normalBlock(backend: Backend, out: BufferId, options: NormalBlockOptions): void {
  const { seed, stream, count } = options;
  const index = options.index ?? 0;
  const precision = options.precision ?? 'f64';
  checkInt('seed', seed, 0, U32 - 1);
  checkInt('stream', stream, 0, U32 - 1);
  checkInt('index', index, 0, U32 - 1);
  checkInt('count', count, 0, 2 ** 31 - 1);
  if (precision !== 'f32' && precision !== 'f64') throw new OptionTypeError('precision', `must be 'f32' or 'f64' (got '${String(precision)}')`);
  const bytes = count * (precision === 'f64' ? 8 : 4);
  if (bytes > backend.byteLength(out)) {
    throw new OptionRangeError('count', `at most what fits the ${backend.byteLength(out)}-byte buffer`, count);
  }
  backend.kernels.normalBlock(seed, stream, index, count, out, precision === 'f64' ? 1 : 0);
}

/** The same block as a fresh Float64Array (values are f32 normals widened exactly). */
export function normalBlockArray(backend: Backend, options: Omit<NormalBlockOptions, 'precision'>): Float64Array {
  return withBuffers(backend, (s) => {
    const id = s.buffer(Math.max(1, options.count) * 8);
    normalBlock(backend, id, { ...options, precision: 'f64' });
    return backend.readF64(id, options.count);
  });
}

function checkInt(option: string, v: number, lo: number, hi: number): void {
  if (typeof v !== 'number') throw new OptionTypeError(option, `must be a number (got ${typeof v})`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new OptionRangeError(option, `an integer in [${lo}, ${hi}]`, v);
}
