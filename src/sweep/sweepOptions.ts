// Which options a sweep point may set: the options of `run` (simulateSeeds) and `theory`,
// named like the CLI's long flags without dashes, in camelCase or kebab-case.
import { SIMULATE_OPTION_KEYS } from '../options/resolveSimulateOptions.js';
import { SIMULATION_ONLY } from '../theory/theory.js';

export type SweepCommand = 'run' | 'theory';

const SIMULATE = [...SIMULATE_OPTION_KEYS, 'm0'] as const;

/** Options each command accepts in a grid (threads is a property of the machine, not the point). */
export const SWEEP_OPTIONS: Record<SweepCommand, readonly string[]> = {
  run: [...SIMULATE, 'seeds'],
  // theory() refuses the options of a finite simulation (d, n, schedule, storage, engine, …).
  theory: [...SIMULATE.filter((k) => !Object.hasOwn(SIMULATION_ONLY, k)), 'method', 'samples'],
};

/** Options whose value may be a derived expression ('50*d') and that expressions may name. */
export const NUMERIC_OPTIONS: readonly string[] = ['k', 'd', 'alpha', 'n', 'p', 'lr', 'steps', 'weightDecay', 'labelNoise', 'seed', 'seeds', 'samples'];

/** 'weight-decay' → 'weightDecay'; camelCase names pass unchanged. */
export function camelOption(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
