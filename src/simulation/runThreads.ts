// The backend and step threads of a run: the explicit engine splits each pass over `threads`
// threads (src/kernels/stepThreads.ts); the reduced engine runs in one thread.
import { stepThreads, type StepThreads } from '../kernels/stepThreads.js';
import { checkOption } from '../options/optionRanges.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { memoryPlan } from './memoryPlan.js';

/** Validates `threads` (undefined: the default) and returns the run's backend and pool. */
export async function runThreads(r: ResolvedSimulateOptions, threads: unknown): Promise<StepThreads> {
  const asked = threads === undefined ? undefined : checkOption('threads', threads);
  const plan = memoryPlan(r);
  const elements = r.engine === 'explicit' ? plan.stepRows * plan.ld : 0;
  return stepThreads(r.backend, r.engine === 'explicit' ? asked : 1, elements);
}
