// Writes a result to disk in the format its extension names (.json, .csv, .npz), atomically.
import { formatCsv } from './formatCsv.js';
import { formatJson } from './formatJson.js';
import { formatNpz } from './formatNpz.js';
import { resultFormat } from './resultFormat.js';
import type { WritableResult } from './resultObservables.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * .json: the whole result (extra fields such as `analysis` or `trajectories` included), NaN
 * and ±Infinity as null; .csv: long format of the observables; .npz: numpy arrays.
 */
export async function writeResult(path: string, result: WritableResult): Promise<void> {
  const format = resultFormat(path);
  const bytes = format === 'json' ? formatJson(result) : format === 'csv' ? formatCsv(result) : formatNpz(result);
  await writeFileAtomic(path, bytes);
}
