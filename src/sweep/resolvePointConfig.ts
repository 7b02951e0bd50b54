// The fully resolved configuration of a point, through the same validators as run / theory,
// so that a grid value out of range fails before anything runs, and two spellings of one run
// (lr given or left at its default) get one key.
import { enumOption, integerOption } from '../options/validators.js';
import { resolveSimulateOptions } from '../options/resolveSimulateOptions.js';
import { resolvedConfig } from '../simulation/resolvedConfig.js';
import type { SweepCommand } from './sweepOptions.js';

export function resolvePointConfig(command: SweepCommand, options: Record<string, unknown>): Record<string, unknown> {
  const { seeds, method, samples, ...simulate } = options;
  const r = resolveSimulateOptions(simulate, []);
  const shared = { ...resolvedConfig(r), backend: r.backend, testError: r.testError };
  if (command === 'run') return { ...shared, seeds: integerOption('seeds', seeds ?? 1, 1, 100_000) };
  return {
    ...shared,
    method: enumOption('method', method ?? 'dmft', ['dmft', 'single-pass'] as const),
    samples: integerOption('samples', samples ?? 1_000_000, 1000, 100_000_000),
  };
}
