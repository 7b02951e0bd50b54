// The points of a grid: each explicit point (or one empty point) crossed with the cartesian
// product of `grid`, over `fixed`; derived values evaluated; each point validated and keyed.
// Points that resolve to the same configuration are one point (one key).
import { ExpressionError, OptionRangeError, OptionTypeError, SweepGridError } from '../errors.js';
import type { GridSpec, GridValue } from './GridSpec.js';
import { ConfigExpressionError, evaluateConfigExpression, expressionNames } from './evaluateConfigExpression.js';
import { pointKey } from './pointKey.js';
import { resolvePointConfig } from './resolvePointConfig.js';
import type { SweepPoint } from './SweepPoint.js';
import { NUMERIC_OPTIONS } from './sweepOptions.js';

type Sourced = Map<string, { value: GridValue; path: (string | number)[] }>;

function* combinations(spec: GridSpec): Generator<Sourced> {
  for (const [pi, point] of spec.points.entries()) {
    const base: Sourced = new Map();
    for (const [option, value] of spec.fixed) base.set(option, { value, path: ['fixed', option] });
    for (const [option, value] of point) base.set(option, { value, path: ['points', pi, option] });
    const counts = spec.grid.map(([, values]) => values.length);
    const total = counts.reduce((a, b) => a * b, 1);
    for (let i = 0; i < total; i++) {
      const combo: Sourced = new Map(base);
      let rest = i;
      for (let g = spec.grid.length - 1; g >= 0; g--) {
        const [option, values] = spec.grid[g];
        const at = rest % counts[g];
        rest = (rest - at) / counts[g];
        combo.set(option, { value: values[at], path: ['grid', option, at] });
      }
      // Keep the file's order of grid keys in the map (first key slowest).
      yield new Map([...combo.entries()].sort(([a], [b]) => order(spec, a) - order(spec, b)));
    }
  }
}

function order(spec: GridSpec, option: string): number {
  const g = spec.grid.findIndex(([o]) => o === option);
  return g < 0 ? -1 : g;
}

/** Evaluates the string values of numeric options, each after the options it names. */
function evaluateDerived(combo: Sourced): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pending = new Map<string, { source: string; path: (string | number)[] }>();
  for (const [option, { value, path }] of combo) {
    if (NUMERIC_OPTIONS.includes(option) && typeof value === 'string') pending.set(option, { source: value, path });
    else out[option] = value;
  }
  const scope = (): Record<string, number> =>
    Object.fromEntries(Object.entries(out).filter(([k, v]) => NUMERIC_OPTIONS.includes(k) && typeof v === 'number')) as Record<string, number>;
  while (pending.size > 0) {
    let progressed = false;
    for (const [option, { source, path }] of pending) {
      let names: string[];
      try {
        names = expressionNames(source);
      } catch (error) {
        throw new SweepGridError(path, (error as Error).message);
      }
      if (names.some((n) => pending.has(n) && n !== option)) continue;
      try {
        out[option] = evaluateConfigExpression(source, scope());
      } catch (error) {
        if (error instanceof ConfigExpressionError) throw new SweepGridError(path, error.message);
        throw error;
      }
      pending.delete(option);
      progressed = true;
    }
    if (!progressed) {
      const [option, { path }] = [...pending][0];
      throw new SweepGridError(path, `derived values refer to each other in a cycle (${[...pending.keys()].join(', ')}); ${option} cannot be evaluated`);
    }
  }
  if (out.m0 !== undefined) {
    if (out.init !== undefined) throw new SweepGridError(combo.get('m0')!.path, 'init and m0 cannot both be given');
    out.init = { m0: out.m0 };
    delete out.m0;
  }
  return out;
}

/** Validation errors of the API name the option; point at where the grid set it. */
function asGridError(error: unknown, combo: Sourced): unknown {
  if (!(error instanceof OptionRangeError || error instanceof OptionTypeError || error instanceof ExpressionError)) return error;
  const base = error.option.split(/[.[]/)[0];
  const source = combo.get(base) ?? (base === 'init' ? combo.get('m0') : undefined);
  const values = [...combo].map(([k, { value }]) => `${k}=${JSON.stringify(value)}`).join(' ');
  return new SweepGridError(source?.path ?? [], `${error.message} (point ${values})`);
}

/** The distinct points of `spec` in expansion order; SweepGridError before anything runs. */
export async function expandGrid(spec: GridSpec): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  const seen = new Set<string>();
  for (const combo of combinations(spec)) {
    const options = evaluateDerived(combo);
    let config: Record<string, unknown>;
    try {
      config = resolvePointConfig(spec.command, options);
    } catch (error) {
      throw asGridError(error, combo);
    }
    const key = await pointKey(spec.command, config);
    if (seen.has(key)) continue;
    seen.add(key);
    points.push({ index: points.length, key, command: spec.command, options, config });
  }
  return points;
}
