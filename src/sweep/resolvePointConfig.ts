// The fully resolved configuration of a point, through the same validators as run / theory,
// so that a grid value out of range fails before anything runs, and two spellings of one run
// (lr given or left at its default) get one key.
import { checkOption } from '../options/optionRanges.js';
import { enumOption } from '../options/validators.js';
import { SIMULATION_ONLY } from '../theory/theory.js';
import { resolveSimulateOptions } from '../options/resolveSimulateOptions.js';
import { resolvedConfig } from '../simulation/resolvedConfig.js';
import type { SweepCommand } from './sweepOptions.js';

export function resolvePointConfig(command: SweepCommand, options: Record<string, unknown>): Record<string, unknown> {
  const { seeds, method, samples, ...simulate } = options;
  const r = resolveSimulateOptions(simulate, []);
  const shared = { ...resolvedConfig(r), backend: r.backend, testError: r.testError };
  if (command === 'run') return { ...shared, seeds: checkOption('seeds', seeds ?? 1) };
  // The theory is the d → ∞ limit: what only a finite simulation has stays out of the key.
  const theoryShared = Object.fromEntries(Object.entries(shared).filter(([key]) => !Object.hasOwn(SIMULATION_ONLY, key)));
  const m = enumOption('method', method ?? 'dmft', ['dmft', 'single-pass'] as const);
  return { ...theoryShared, method: m, ...(m === 'dmft' ? { samples: checkOption('samples', samples ?? 1_000_000) } : {}) };
}
