// simulateSeeds with the seeds spread over worker threads (Node only). Each seed runs whole on
// one thread and the summary is taken in seed order on the main thread, so the result has
// the same bits for any thread count (and equals simulateSeeds').
import { totalmem } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { isSchedule } from '../schedules/parseSchedule.js';
import { checkOption } from '../options/optionRanges.js';
import { resolveSimulateOptions } from '../options/resolveSimulateOptions.js';
import { memoryPlan } from '../simulation/memoryPlan.js';
import { beyondOneMemory } from '../simulation/runThreads.js';
import type { SeedsResult } from '../results/SeedsResult.js';
import type { Trajectory } from '../results/Trajectory.js';
import { checkFiniteOnData } from '../simulation/checkFiniteOnData.js';
import { resolvedConfig } from '../simulation/resolvedConfig.js';
import { summarizeSeeds } from '../simulation/summarizeSeeds.js';
import { simulateSeeds, SEEDS_KEYS, type SimulateSeedsOptions } from '../simulateSeeds.js';
import { compiledModule, loadBackend } from '../wasm/backend.js';
import { startNodeWorker } from './startNodeWorker.js';
import { reviveError, type SerializedError } from './workerError.js';

export interface SimulateSeedsThreadsOptions extends SimulateSeedsOptions {
  /**
   * Threads (integer 1…64): seeds over worker threads when there are at least as many seeds,
   * else each step's rows over the threads. Not given: seeds one after the other, each step
   * over simulate()'s default threads. The result has the same bits for any value.
   */
  threads?: number;
}

/** A worker's report that the labels of a batch were not finite (NonFiniteExpressionError). */
const LABELS_NOT_FINITE = new Error('labels not finite on a seed worker');

export async function simulateSeedsThreads(options: SimulateSeedsThreadsOptions = {}): Promise<SeedsResult> {
  const { threads: asked, ...rest } = options;
  // Not given: seeds run in this thread, each step over the default threads (simulate's).
  if (asked === undefined) return simulateSeeds(rest);
  const threads = checkOption('threads', asked);
  const { seeds: nSeeds = 1, keepTrajectories = false, onProgress, ...simOptions } = rest;
  // A Schedule value (functions) cannot cross to a worker: run those in this thread. Fewer
  // seeds than threads: the threads split the rows of each step instead (src/kernels/stepPool.ts).
  if (threads === 1 || nSeeds === 1 || isSchedule(simOptions.schedule)) return simulateSeeds({ ...rest, threads });
  const resolved = resolveSimulateOptions(simOptions, [...SEEDS_KEYS, 'threads']);
  checkOption('seeds', nSeeds);
  const plan = memoryPlan(resolved);
  // A batch beyond one WebAssembly memory is sharded over workers of its own (src/simulation/runThreads.ts).
  if (nSeeds < threads || beyondOneMemory(resolved, plan)) return simulateSeeds({ ...rest, threads });
  const backend = await loadBackend(resolved.backend);
  checkFiniteOnData(backend, resolved);
  const seeds = Array.from({ length: nSeeds }, (_, i) => (resolved.seed + i) % 2 ** 32);
  // Each seed worker has a memory of its own: no more at once than the machine holds (the bits
  // do not depend on how many).
  const perSeed = resolved.engine === 'explicit' ? plan.totalBytes : 0;
  const W = Math.max(1, Math.min(threads, nSeeds, perSeed > 0 ? Math.floor(totalmem() / perSeed) : Infinity));
  // Workers instantiate the module compiled here instead of compiling the bytes again.
  const module = await compiledModule(backend.variant);
  const runs: (Trajectory | undefined)[] = new Array(nSeeds);
  const divergedAt: (number | undefined)[] = new Array(nSeeds);
  const stepsDone = new Array<number>(nSeeds).fill(0);
  const total = nSeeds * resolved.steps;
  let done = 0;
  const started: Worker[] = [];
  const workers = Array.from({ length: W }, (_, w) => {
    const jobs = seeds.map((seed, index) => ({ index, seed })).filter((j) => j.index % W === w);
    return new Promise<void>((resolve, reject) => {
      const worker = startNodeWorker('seedWorker', { options: simOptions, jobs, variant: backend.variant, module });
      started.push(worker);
      let remaining = jobs.length;
      worker.on('message', (m: { type: string; index: number; t?: number; trajectory?: Trajectory; divergedAt?: number; error?: SerializedError }) => {
        if (m.type === 'step') {
          done += m.t! - stepsDone[m.index];
          stepsDone[m.index] = m.t!;
          onProgress?.(done, total);
        } else if (m.type === 'done') {
          runs[m.index] = m.trajectory;
          divergedAt[m.index] = m.divergedAt;
          done += resolved.steps - stepsDone[m.index];
          stepsDone[m.index] = resolved.steps;
          onProgress?.(done, total);
          if (--remaining === 0) void worker.terminate().then(() => resolve());
        } else if (m.error?.name === 'NonFiniteExpressionError') {
          reject(LABELS_NOT_FINITE);
        } else {
          reject(reviveError(m.error!));
        }
      });
      worker.on('error', reject);
    });
  });
  try {
    await Promise.all(workers);
  } catch (error) {
    // The first failure is the answer (the same error one thread gives); the other workers stop.
    await Promise.all(started.map((w) => w.terminate()));
    // Labels not finite on some seed's data: a worker sends no partial result, so the seeds are
    // run again in this thread (the same bits), where the error carries the summary of the
    // steps before it (src/simulateSeeds.ts).
    if (error === LABELS_NOT_FINITE) return simulateSeeds(rest);
    throw error;
  }
  const diverged = seeds.flatMap((seed, i) => {
    if (divergedAt[i] === undefined) return [];
    const cause = runs[i]?.divergenceCause;
    return [{ seed, step: divergedAt[i]!, ...(cause === undefined ? {} : { cause }) }];
  });
  const result = summarizeSeeds(backend, runs as Trajectory[], seeds, diverged, { ...resolvedConfig(resolved), seeds: nSeeds });
  if (keepTrajectories) result.trajectories = runs as Trajectory[];
  return result;
}
