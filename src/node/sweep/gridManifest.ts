// Each sweep call leaves the keys of its grid in DIR/grids/HASH.json, so that `sweep status`
// can count pending points without the grid file, and `collect --grid` can keep to one grid.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../sweep/canonicalJson.js';
import { pointKey } from '../../sweep/pointKey.js';
import type { SweepPoint } from '../../sweep/SweepPoint.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';

export async function writeGridManifest(dir: string, file: string, points: SweepPoint[]): Promise<void> {
  const keys = points.map((p) => p.key);
  const id = (await pointKey('grid', { keys })).slice(0, 16);
  await mkdir(join(dir, 'grids'), { recursive: true });
  await writeFileAtomic(join(dir, 'grids', `${id}.json`), canonicalJson({ file, keys }) + '\n');
}

/** Every key of every grid run on the store. */
export async function manifestKeys(dir: string): Promise<Set<string>> {
  const out = new Set<string>();
  let names: string[];
  try {
    names = await readdir(join(dir, 'grids'));
  } catch {
    return out;
  }
  for (const name of names.filter((n) => /^[0-9a-f]{16}\.json$/.test(n))) {
    const { keys } = JSON.parse(await readFile(join(dir, 'grids', name), 'utf8')) as { keys: string[] };
    for (const key of keys) out.add(key);
  }
  return out;
}
