// The output format follows the file extension. Checked before a run starts, so that a typo
// in --out does not cost a long simulation.
import { OptionTypeError } from '../../errors.js';

export type ResultFormat = 'json' | 'csv' | 'npz';

/** The format of `path` by its extension (case-insensitive); OptionTypeError('out') otherwise. */
export function resultFormat(path: string): ResultFormat {
  const name = path.split(/[\\/]/).pop() ?? '';
  const match = /^.+\.(json|csv|npz)$/i.exec(name);
  if (!match) throw new OptionTypeError('out', `must be a file name ending in .json, .csv or .npz (got '${path}')`);
  return match[1].toLowerCase() as ResultFormat;
}
