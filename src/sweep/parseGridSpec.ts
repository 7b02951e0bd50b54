// Checks the shape of a grid file's content (already parsed from YAML or JSON) and turns it
// into a GridSpec. Every error is a SweepGridError carrying the path of the offending key, so
// the CLI can name the file's line.
import { SweepGridError } from '../errors.js';
import type { GridSpec, GridValue } from './GridSpec.js';
import { camelOption, SWEEP_OPTIONS, type SweepCommand } from './sweepOptions.js';

const TOP = ['command', 'grid', 'fixed', 'points'];

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(path: (string | number)[], v: unknown): GridValue {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) || isMap(v)) return v as GridValue; // m0 / init arrays: checked by the option's validator
  throw new SweepGridError(path, `must be a number, a string, true/false or an m0 array (got ${v === null ? 'null' : typeof v})`);
}

function optionEntries(command: SweepCommand, path: (string | number)[], map: unknown): [string, unknown][] {
  if (!isMap(map)) throw new SweepGridError(path, 'must be a map of option → value');
  const seen = new Set<string>();
  return Object.entries(map).map(([name, v]) => {
    const option = camelOption(name);
    if (!SWEEP_OPTIONS[command].includes(option)) {
      throw new SweepGridError([...path, name], `unknown option of ${command} (options: ${SWEEP_OPTIONS[command].join(', ')})`);
    }
    if (seen.has(option)) throw new SweepGridError([...path, name], `option ${option} given twice`);
    seen.add(option);
    return [option, v];
  });
}

/** The GridSpec of `raw`; SweepGridError naming the key otherwise. */
export function parseGridSpec(raw: unknown): GridSpec {
  if (!isMap(raw)) throw new SweepGridError([], 'a grid file must be a map with command, grid, fixed and points');
  for (const key of Object.keys(raw)) if (!TOP.includes(key)) throw new SweepGridError([key], `unknown key (allowed: ${TOP.join(', ')})`);
  const command = raw.command ?? 'run';
  if (command !== 'run' && command !== 'theory') throw new SweepGridError(['command'], `must be run or theory (got '${String(command)}')`);
  const rawKey = (option: string, map: Record<string, unknown>) => Object.keys(map).find((k) => camelOption(k) === option) ?? option;
  const gridMap = (raw.grid ?? {}) as Record<string, unknown>;
  const grid = optionEntries(command, ['grid'], gridMap).map(([option, values]): [string, GridValue[]] => {
    const key = rawKey(option, gridMap);
    if (!Array.isArray(values)) throw new SweepGridError(['grid', key], 'must be a list of values');
    if (values.length === 0) throw new SweepGridError(['grid', key], 'empty list: the product has no points');
    return [option, values.map((v, i) => checkValue(['grid', key, i], v))];
  });
  const fixedMap = (raw.fixed ?? {}) as Record<string, unknown>;
  const fixed = optionEntries(command, ['fixed'], fixedMap).map(([option, v]): [string, GridValue] => {
    const key = rawKey(option, fixedMap);
    if (grid.some(([g]) => g === option)) throw new SweepGridError(['fixed', key], 'also in grid; give it in one place');
    return [option, checkValue(['fixed', key], v)];
  });
  if (raw.points !== undefined && !Array.isArray(raw.points)) throw new SweepGridError(['points'], 'must be a list of option maps');
  const rawPoints = (raw.points as unknown[] | undefined) ?? [{}];
  if (rawPoints.length === 0) throw new SweepGridError(['points'], 'empty list: the product has no points');
  const points = rawPoints.map((p, i) =>
    optionEntries(command, ['points', i], p).map(([option, v]): [string, GridValue] => {
      const key = rawKey(option, p as Record<string, unknown>);
      if (grid.some(([g]) => g === option)) throw new SweepGridError(['points', i, key], 'also in grid; give it in one place');
      return [option, checkValue(['points', i, key], v)];
    }),
  );
  return { command, grid, fixed, points };
}
