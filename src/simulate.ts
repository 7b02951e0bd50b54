import { resolveSimulateOptions } from './options/resolveSimulateOptions.js';
import type { SimulateOptions } from './options/SimulateOptions.js';
import type { Trajectory } from './results/Trajectory.js';
import { runEngine } from './simulation/runEngine.js';
import { runThreads } from './simulation/runThreads.js';

export interface SimulateHooks {
  /** Called after completed steps t ≤ T: each step on the explicit engine; on the reduced engine (whose steps run inside WASM) at recorded steps and every 2^16 steps. */
  onStep?: (t: number, total: number) => void;
}

/**
 * One seeded trajectory of GD on a two-layer network (docs/model.md §1–4). Options are validated
 * before any work (typed errors naming the option). If the weights diverge, throws
 * DivergenceError whose `partial` holds the steps computed before it.
 */
export async function simulate(options: SimulateOptions = {}, hooks: SimulateHooks = {}): Promise<Trajectory> {
  const { threads, ...rest } = options;
  const resolved = resolveSimulateOptions(rest);
  const { backend, pool, shards } = await runThreads(resolved, threads);
  try {
    return runEngine(backend, resolved, { ...hooks, pool, shards });
  } finally {
    shards?.close();
  }
}
