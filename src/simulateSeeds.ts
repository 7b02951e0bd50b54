import { DivergenceError } from './errors.js';
import { integerOption } from './options/validators.js';
import { resolveSimulateOptions } from './options/resolveSimulateOptions.js';
import type { SimulateOptions } from './options/SimulateOptions.js';
import type { SeedsResult } from './results/SeedsResult.js';
import type { Trajectory } from './results/Trajectory.js';
import { resolvedConfig } from './simulation/resolvedConfig.js';
import { runEngine } from './simulation/runEngine.js';
import { summarizeSeeds } from './simulation/summarizeSeeds.js';
import { loadBackend } from './wasm/backend.js';

export interface SimulateSeedsOptions extends SimulateOptions {
  /** Number of seeds (integer 1…100000); seeds are seed, seed+1, … (mod 2³²). Default 1. */
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
  const { seeds: nSeeds = 1, keepTrajectories = false, onProgress, ...rest } = options;
  const resolved = resolveSimulateOptions(rest, SEEDS_KEYS);
  integerOption('seeds', nSeeds, 1, 100_000);
  const backend = await loadBackend(resolved.backend);
  const seeds = Array.from({ length: nSeeds }, (_, i) => (resolved.seed + i) % 2 ** 32);
  const total = nSeeds * resolved.steps;
  const runs: Trajectory[] = [];
  const diverged: { seed: number; step: number }[] = [];
  for (let i = 0; i < nSeeds; i++) {
    const onStep = onProgress ? (t: number) => onProgress(i * resolved.steps + t, total) : undefined;
    try {
      runs.push(runEngine(backend, { ...resolved, seed: seeds[i] }, { onStep }));
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      diverged.push({ seed: seeds[i], step: e.step });
      runs.push(e.partial as Trajectory);
    }
    onProgress?.((i + 1) * resolved.steps, total);
    // Let a browser page breathe between seeds.
    await new Promise((r) => setTimeout(r, 0));
  }
  const result = summarizeSeeds(backend, runs, seeds, diverged, { ...resolvedConfig(resolved), seeds: nSeeds });
  if (keepTrajectories) result.trajectories = runs;
  return result;
}
