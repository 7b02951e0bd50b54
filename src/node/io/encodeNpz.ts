// A .npz file is a zip of .npy files named '<array>.npy'; numpy.load(path, allow_pickle=False)
// returns them by <array> name. Stored without compression: the arrays are small and
// numpy reads stored and deflated entries alike. Generic, so that commands writing several
// results at once (reproduce's data.npz) can name their own arrays.
import { zipSync } from 'fflate';
import { encodeNpy, type NpyArray } from './encodeNpy.js';

/**
 * The modification time stamped on every entry. Zip stores local date and time fields, so a
 * date built from local components (not a UTC instant) gives the same bytes in every time
 * zone; 1980-01-01 is the earliest date zip can store. Without it fflate stamps the current
 * time and two runs of the same command differ in their .npz bytes.
 */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export function encodeNpz(arrays: Record<string, NpyArray>): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
  for (const [name, array] of Object.entries(arrays)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`npz: array name '${name}' is not a Python identifier`);
    files[`${name}.npy`] = [encodeNpy(array), { level: 0, mtime: ZIP_MTIME }];
  }
  return zipSync(files);
}
