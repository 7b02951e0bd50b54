// .npz of a result: a zip of .npy files (encodeNpz), loadable with
// numpy.load(path, allow_pickle=False). Names follow the JSON fields: steps, seeds, <observable>_mean / <observable>_se with the same index order
// ([t][j][r], …), diverged as (m, 2) rows of (seed, step), and config_json holding the
// resolved configuration as a JSON string (a 0-d '<U…' array: str(npz['config_json'])).
import type { NpyArray } from './encodeNpy.js';
import { encodeNpz } from './encodeNpz.js';
import { formatJson } from './formatJson.js';
import { RESULT_OBSERVABLES, type NestedNumbers, type WritableResult } from './resultObservables.js';

/** The bytes of the .npz file. */
export function formatNpz(result: WritableResult): Uint8Array {
  return encodeNpz(resultArrays(result));
}

/** The arrays of one result, each name prefixed (several results share one .npz in `reproduce`). */
export function resultArrays(result: WritableResult, prefix = ''): Record<string, NpyArray> {
  const arrays: Record<string, NpyArray> = {};
  arrays[`${prefix}steps`] = float64(result.steps, 'steps');
  arrays[`${prefix}seeds`] = int64(result.seeds ?? [], 'seeds', [0]);
  for (const spec of RESULT_OBSERVABLES) {
    const field = result[spec.name];
    if (!field || field.mean === undefined) continue;
    arrays[`${prefix}${spec.name}_mean`] = float64(field.mean, `${spec.name}.mean`);
    if (field.se !== undefined) arrays[`${prefix}${spec.name}_se`] = float64(field.se, `${spec.name}.se`);
  }
  const diverged = (result.diverged ?? []).map((d) => [d.seed, d.step]);
  arrays[`${prefix}diverged`] = int64(diverged, 'diverged', [0, 2]);
  arrays[`${prefix}config_json`] = { dtype: 'unicode', shape: [], data: formatJson(result.config ?? {}).trimEnd() };
  return arrays;
}

function float64(nested: NestedNumbers, what: string): NpyArray {
  const shape = shapeOf(nested, what);
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let i = 0;
  flatten(nested, (x) => {
    // JSON-loaded results carry null where a NaN was; keep it a NaN in the array.
    data[i++] = typeof x === 'number' ? x : NaN;
  });
  return { dtype: '<f8', shape, data };
}

/** `emptyShape` is the shape written when there are no rows (e.g. (0, 2) for no divergence). */
function int64(value: NestedNumbers[], what: string, emptyShape: number[]): NpyArray {
  const shape = value.length === 0 ? emptyShape : shapeOf(value, what);
  const data = new BigInt64Array(shape.reduce((a, b) => a * b, 1));
  let i = 0;
  flatten(value, (x) => {
    if (!Number.isSafeInteger(x)) throw new TypeError(`${what} must hold integers (got ${x})`);
    data[i++] = BigInt(x);
  });
  return { dtype: '<i8', shape, data };
}

/** Shape of a rectangular nested array; throws on a ragged one (numpy would need objects). */
function shapeOf(nested: NestedNumbers, what: string): number[] {
  const shape: number[] = [];
  let probe: NestedNumbers = nested;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const check = (v: NestedNumbers, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new TypeError(`${what} is not rectangular`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) throw new TypeError(`${what} is not rectangular`);
    for (const x of v) check(x, depth + 1);
  };
  check(nested, 0);
  return shape;
}

function flatten(nested: NestedNumbers, emit: (x: number) => void): void {
  if (Array.isArray(nested)) for (const x of nested) flatten(x, emit);
  else emit(nested);
}
