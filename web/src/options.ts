// Form values → library options, the CLI command that reproduces a run, and which field a
// library error names (its `option`).
import type { SimulateOptions } from '../../src/index.js';
import { FIELDS, NUMERIC, type Values } from './fields.js';

/** Fields that are page settings, not options of simulateSeeds. */
const PAGE_ONLY = new Set(['schedule2', 'layout', 'theory', 'samples']);

export type RunOptions = SimulateOptions & { seeds: number };

/** The simulateSeeds options of one schedule; an empty field takes the library's default. */
export function runOptions(values: Values, schedule: string): RunOptions {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (PAGE_ONLY.has(f.key) || f.key === 'schedule') continue;
    const v = values[f.key]?.trim() ?? '';
    if (v === '' || (f.omitDefault && v === f.value)) continue;
    out[f.key] = NUMERIC.has(f.key) ? Number(v) : v;
  }
  // n given: α follows from it (docs/model.md §1), so α is not passed as well.
  if ('n' in out) delete out.alpha;
  out.schedule = schedule;
  return out as unknown as RunOptions;
}

/** The schedules to run, in order (one or two). */
export function schedules(values: Values): string[] {
  return [values.schedule.trim(), values.schedule2.trim()].filter((s, i, all) => s !== '' && all.indexOf(s) === i);
}

/** Theory method for a schedule, or null when no theory describes it (resample, epochs). */
export function theoryMethod(schedule: string): 'dmft' | 'single-pass' | null {
  if (schedule === 'multi-pass') return 'dmft';
  if (schedule === 'single-pass' || schedule === 'online' || schedule === 'resample:1') return 'single-pass';
  return null;
}

/** theory() options for the run's physical parameters (theory refuses d, n, schedule, storage, engine, record). */
export function theoryOptions(run: RunOptions, method: 'dmft' | 'single-pass', samples: number): Record<string, unknown> {
  // Options of a finite simulation only (theory() refuses them: docs/model.md §6 is d → ∞).
  const { d, n, schedule, storage, seeds, engine, record, ...rest } = run as unknown as Record<string, unknown>;
  void schedule; void storage; void seeds; void engine; void record;
  const out: Record<string, unknown> = { ...rest, method };
  if (n !== undefined) out.alpha = (n as number) / ((d as number | undefined) ?? 5000);
  if (method === 'dmft') out.samples = samples;
  return out;
}

const quote = (s: string) => (/^[A-Za-z0-9_.:+\-/=,]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The exact `npx multipass-gd run …` that computes the same result in Node. */
export function cliCommand(run: RunOptions, out: string): string {
  const parts = ['npx multipass-gd run'];
  const record = run as unknown as Record<string, unknown>;
  for (const f of FIELDS) {
    const v = f.key === 'schedule' ? run.schedule : record[f.key];
    if (v === undefined || (!f.flag && f.key !== 'schedule')) continue;
    parts.push(`${f.flag ?? '--schedule'} ${quote(String(v))}`);
  }
  parts.push(`--out ${out}`);
  return parts.join(' ');
}

/** The form field an error of the library is about (the `option` its typed errors carry). */
export function fieldOf(option: string | undefined, scheduleField: string): string | null {
  if (option === undefined) return null;
  if (option === 'schedule') return scheduleField;
  if (option === 'k') return 'target';
  if (option === 'm0') return 'init';
  return FIELDS.some((f) => f.key === option) ? option : null;
}
