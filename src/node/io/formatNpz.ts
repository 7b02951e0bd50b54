// .npz of a result: a zip of .npy files (encodeNpz), loadable with
// numpy.load(path, allow_pickle=False). Names follow the JSON fields: steps, seeds, <observable>_mean / <observable>_se with the same index order
// ([t][j][r], …), diverged as (m, 2) rows of (seed, step), and config_json holding the
// resolved configuration as a JSON string (a 0-d '<U…' array: str(npz['config_json'])).
import type { NpyArray } from './encodeNpy.js';
import { encodeNpz } from './encodeNpz.js';
import { formatJson } from './formatJson.js';
import { float64, int64 } from './npyArrays.js';
import { RESULT_OBSERVABLES, type WritableResult } from './resultObservables.js';

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
