import { DivergenceError, NonFiniteExpressionError } from './errors.js';
import { checkOption } from './options/optionRanges.js';
import { resolveSimulateOptions, type ResolvedSimulateOptions } from './options/resolveSimulateOptions.js';
import type { SimulateOptions } from './options/SimulateOptions.js';
import type { SeedsResult } from './results/SeedsResult.js';
import type { Trajectory } from './results/Trajectory.js';
import { resolvedConfig } from './simulation/resolvedConfig.js';
import { runEngine } from './simulation/runEngine.js';
import { summarizeSeeds } from './simulation/summarizeSeeds.js';
import { runThreads, type RunThreads } from './simulation/runThreads.js';

export interface SimulateSeedsOptions extends SimulateOptions {
  /** Number of seeds (integer 1…100000, src/options/optionRanges.ts); seeds are seed, seed+1, … (mod 2³²). Default 1. */
  seeds?: number;
  /** Keep every seed's trajectory in the result (default false). */
  keepTrajectories?: boolean;
  /** Progress: called after every step of every seed with (steps done, steps in all). */
  onProgress?: (done: number, total: number) => void;
}

export const SEEDS_KEYS = ['seeds', 'keepTrajectories', 'onProgress'] as const;

/**
 * Runs `seeds` independent trajectories and returns, per step, the mean and the standard
 * error over seeds of every observable. A seed that diverges is reported in `diverged`
 * (with the step) and the summary keeps the steps all seeds reached.
 */
export async function simulateSeeds(options: SimulateSeedsOptions = {}): Promise<SeedsResult> {
  const { seeds: nSeeds = 1, keepTrajectories = false, onProgress, threads, ...rest } = options;
  const resolved = resolveSimulateOptions(rest, SEEDS_KEYS);
  checkOption('seeds', nSeeds);
  const run = await runThreads(resolved, threads);
  try {
    return await runSeeds(run, resolved, nSeeds, keepTrajectories, onProgress);
  } finally {
    run.shards?.close();
  }
}

async function runSeeds(
  { backend, pool, shards }: RunThreads, resolved: ResolvedSimulateOptions, nSeeds: number, keepTrajectories: boolean,
  onProgress: SimulateSeedsOptions['onProgress'],
): Promise<SeedsResult> {
  const seeds = Array.from({ length: nSeeds }, (_, i) => (resolved.seed + i) % 2 ** 32);
  const total = nSeeds * resolved.steps;
  const runs: Trajectory[] = [];
  const diverged: SeedsResult['diverged'] = [];
  let fault: NonFiniteExpressionError<Trajectory> | undefined;
  for (let i = 0; i < nSeeds; i++) {
    const onStep = onProgress ? (t: number) => onProgress(i * resolved.steps + t, total) : undefined;
    try {
      runs.push(runEngine(backend, { ...resolved, seed: seeds[i] }, { onStep, pool, shards }));
    } catch (e) {
      if (e instanceof NonFiniteExpressionError && e.partial !== undefined) {
        fault ??= e as NonFiniteExpressionError<Trajectory>;
        runs.push(e.partial as Trajectory);
      } else if (e instanceof DivergenceError) {
        const cause = (e.partial as Trajectory).divergenceCause;
        diverged.push({ seed: seeds[i], step: e.step, ...(cause === undefined ? {} : { cause }) });
        runs.push(e.partial as Trajectory);
      } else {
        throw e;
      }
    }
    onProgress?.((i + 1) * resolved.steps, total);
    // Let a browser page breathe between seeds.
    await new Promise((r) => setTimeout(r, 0));
  }
  const result = summarizeSeeds(backend, runs, seeds, diverged, { ...resolvedConfig(resolved), seeds: nSeeds });
  if (keepTrajectories) result.trajectories = runs;
  // Labels not finite on some seed's data: the summary of the steps every seed reached is the
  // partial result of the error, which names the target and the point.
  if (fault) throw new NonFiniteExpressionError('target', fault.source, 'f*(z)', fault.point, fault.value, { step: fault.step!, partial: result });
  return result;
}
