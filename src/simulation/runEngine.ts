// One trajectory on the engine the options resolved to (docs/model.md §8 for 'reduced'), with
// only the recorded steps kept. Every entry point (simulate, simulateSeeds, the seed workers)
// runs trajectories through here, so both engines give results of the same shape.
import { DivergenceError } from '../errors.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { runReduced } from '../reduced/runReduced.js';
import type { Trajectory } from '../results/Trajectory.js';
import type { Backend } from '../wasm/backend.js';
import { runTrajectory, type RunHooks } from './runTrajectory.js';

export function runEngine(b: Backend, r: ResolvedSimulateOptions, hooks: RunHooks = {}): Trajectory {
  if (r.engine === 'reduced') return runReduced(b, r, hooks);
  const all = r.record.steps.length === r.steps + 1;
  if (all) return runTrajectory(b, r, hooks);
  try {
    return keepRecorded(runTrajectory(b, r, hooks), r.record.steps);
  } catch (e) {
    if (e instanceof DivergenceError) throw new DivergenceError(e.step, keepRecorded(e.partial as Trajectory, r.record.steps));
    throw e;
  }
}

/** The explicit engine observes every step; keep the recorded ones (u₁ is from step 1 either way). */
function keepRecorded(tr: Trajectory, steps: number[]): Trajectory {
  const keep = new Set(steps);
  const idx = tr.steps.map((t, i) => (keep.has(t) ? i : -1)).filter((i) => i >= 0);
  const pick = <T>(xs: T[]): T[] => idx.map((i) => xs[i]);
  return {
    ...tr,
    steps: pick(tr.steps),
    M: pick(tr.M),
    Q: pick(tr.Q),
    testError: pick(tr.testError),
    trainError: pick(tr.trainError),
    cosine: pick(tr.cosine),
    overlap: pick(tr.overlap),
    orthogonalOverlap: pick(tr.orthogonalOverlap),
    ...(tr.a ? { a: pick(tr.a) } : {}),
  };
}
