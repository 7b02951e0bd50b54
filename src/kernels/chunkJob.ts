// A job of chunks for the step threads (src/kernels/stepPool.ts): one kernel, a template of
// its arguments, the arguments that change per chunk and those that change per thread (its
// scratch). The list is generic so that a kernel's argument list may grow. Each chunk's
// return value lands in results[chunk], whatever thread ran it.
import type { KernelName } from './registry.js';

export interface ChunkJob {
  kernel: KernelName;
  /** Every argument, as numbers (pointers are byte offsets: this stays inside src/kernels). */
  args: number[];
  nChunks: number;
  /** Argument positions set per chunk, and their values (chunkValues[c][i] for position chunkPos[i]). */
  chunkPos: number[];
  chunkValues: number[][];
  /** Argument positions set per thread (scratch), values per thread. */
  threadPos: number[];
  threadValues: number[][];
}

/** Runs the job's chunks in this thread, in order (the one-thread path). */
export function runChunksHere(fns: Record<string, unknown>, job: ChunkJob, thread = 0): Float64Array {
  const f = fns[job.kernel] as (...a: number[]) => number;
  const args = job.args.slice();
  job.threadPos.forEach((pos, i) => (args[pos] = job.threadValues[thread][i]));
  const results = new Float64Array(job.nChunks);
  for (let c = 0; c < job.nChunks; c++) {
    job.chunkPos.forEach((pos, i) => (args[pos] = job.chunkValues[c][i]));
    results[c] = f(...args);
  }
  return results;
}
