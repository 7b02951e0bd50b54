// The backend, step threads and shards of a run. The explicit engine splits each pass over
// `threads` threads (src/kernels/stepThreads.ts); a batch larger than one WebAssembly memory
// is sharded over workers with memories of their own (src/kernels/shardPool.ts), as far as the
// machine's memory allows. The reduced engine runs in one thread. The bits never depend on it.
import { MemoryLimitError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import { ShardPool, shardCount, shardsAvailable } from '../kernels/shardPool.js';
import { defaultThreads, machineMemory, stepThreads, type StepThreads } from '../kernels/stepThreads.js';
import { checkOption } from '../options/optionRanges.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { loadBackend, MAX_WASM_BYTES, resolveVariant } from '../wasm/backend.js';
import { checkFiniteOnData } from './checkFiniteOnData.js';
import { memoryAdvice } from '../options/memoryAdvice.js';
import { memoryPlan, type MemoryPlan } from './memoryPlan.js';
import { STREAM_LABEL_NOISE } from './streams.js';
import { checkTrainingSupport } from '../options/trainingSupport.js';

/** Rows a shard holds at most, in bytes: one memory less room for weights, scratch and static data. */
const SHARD_BYTES = 3 * 2 ** 30;
/** What a run over one memory may allocate (the rest is the module's static data and slack). */
const ONE_MEMORY = MAX_WASM_BYTES - 2 ** 26;

/** Whether the run can be sharded: the explicit engine, with steps that pass over all the stored rows. */
function wholePasses(r: ResolvedSimulateOptions, plan: MemoryPlan): boolean {
  return r.engine === 'explicit' && plan.stepRows === plan.storedRows;
}

/** Whether a run's rows go to shards: whole passes of the explicit engine over a batch beyond one memory. */
export function beyondOneMemory(r: ResolvedSimulateOptions, plan: MemoryPlan): boolean {
  return wholePasses(r, plan) && plan.totalBytes > ONE_MEMORY;
}

export interface RunThreads extends StepThreads {
  /** Shards holding the rows, or null (the rows are in `backend`). Close it after the run. */
  shards: ShardPool | null;
}

/**
 * Validates `threads` (undefined: the default), probes the target and activation on Gaussian
 * points (checkFiniteOnData: before any shard allocates rows) and returns the run's backend,
 * pool and shards. `forceShards` (tests): shard the rows over that many workers even when they
 * fit one memory.
 */
export async function runThreads(r: ResolvedSimulateOptions, threads: unknown, forceShards?: number): Promise<RunThreads> {
  const asked = threads === undefined ? undefined : checkOption('threads', threads);
  const plan = memoryPlan(r);
  const explicit = r.engine === 'explicit';
  const tooLarge = explicit && plan.totalBytes > ONE_MEMORY;
  const sharded = forceShards !== undefined ? wholePasses(r, plan) : beyondOneMemory(r, plan) && shardsAvailable();
  if (sharded) {
    checkTrainingSupport(r.training, 'sharded');
    // At least as many shards as memory needs, and as threads allow: shards run in parallel.
    const S = forceShards ?? Math.max(shardCount(plan.rowsBytes, SHARD_BYTES), asked ?? defaultThreads());
    const mem = machineMemory();
    const need = plan.totalBytes;
    if (mem !== null && need > mem.total) {
      throw new MemoryLimitError(r.sizeOption, need, mem.total, memoryAdvice(r), 'machine', mem.free);
    }
    const backend = await loadBackend(r.backend);
    checkFiniteOnData(backend, r);
    const shards = await ShardPool.start({
      variant: resolveVariant(r.backend), d: r.d, ld: plan.ld, n: plan.storedRows, p: r.p, k: r.k, storage: r.storage,
      labelNoise: r.labelNoise, labelNoiseStream: STREAM_LABEL_NOISE,
      target: compileExpression(r.target.ast, r.k),
      act: compileExpression(r.activation.ast, 1),
      dact: compileExpression(r.activation.derivative, 1),
    }, S);
    return { backend, pool: null, threads: 1, shards };
  }
  const elements = explicit ? plan.stepRows * plan.ld : 0;
  // A run that cannot fit (runTrajectory's guard says so) fails the same on any thread count.
  const threadsHere = explicit && !tooLarge ? asked : 1;
  const run = await stepThreads(r.backend, threadsHere, elements);
  checkFiniteOnData(run.backend, r);
  return { ...run, shards: null };
}

