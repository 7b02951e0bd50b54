import { checkOption } from './options/optionRanges.js';
import { resolveSimulateOptions } from './options/resolveSimulateOptions.js';
import type { SeedsResult } from './results/SeedsResult.js';
import type { Trajectory } from './results/Trajectory.js';
import { SEEDS_KEYS, type SimulateSeedsOptions } from './simulateSeeds.js';
import { resolvedConfig } from './simulation/resolvedConfig.js';
import { summarizeSeeds } from './simulation/summarizeSeeds.js';
import { loadBackend } from './wasm/backend.js';

/** One seed's trajectory as `simulate` returned it, or the `partial` of its DivergenceError (with the step). */
export interface SeedRun {
  seed: number;
  trajectory: Trajectory;
  /** The step at which the weights diverged (DivergenceError.step), if they did. */
  divergedAt?: number;
}

/**
 * The summary simulateSeeds gives, from trajectories computed elsewhere (one `simulate` per
 * seed, e.g. in Web Workers): runs in seed order give the same bits as simulateSeeds with the
 * same options, because the mean and standard error are taken by the same WASM kernel in the
 * same order (src/simulation/summarizeSeeds.ts). `options` are those of simulateSeeds.
 */
export async function summarizeTrajectories(options: SimulateSeedsOptions, runs: SeedRun[]): Promise<SeedsResult> {
  const { seeds: nSeeds = 1, keepTrajectories = false, ...rest } = options;
  const resolved = resolveSimulateOptions(rest, SEEDS_KEYS);
  checkOption('seeds', nSeeds);
  if (runs.length === 0) throw new RangeError('summarizeTrajectories: no runs to summarise');
  const backend = await loadBackend(resolved.backend);
  const diverged = runs.flatMap((r) => {
    if (r.divergedAt === undefined) return [];
    const cause = r.trajectory.divergenceCause;
    return [{ seed: r.seed, step: r.divergedAt, ...(cause === undefined ? {} : { cause }) }];
  });
  const trajectories = runs.map((r) => r.trajectory);
  const result = summarizeSeeds(backend, trajectories, runs.map((r) => r.seed), diverged, { ...resolvedConfig(resolved), seeds: nSeeds });
  if (keepTrajectories) result.trajectories = trajectories;
  return result;
}
