// The shared control block of the step threads: a SharedArrayBuffer (not WASM memory) holding
// one ChunkJob at a time, the wake/wait slots of src/kernels/generations.ts and the next
// unclaimed chunk. Chunks are claimed with Atomics.add, so any thread may run any chunk: the
// bits do not depend on who ran what, because each chunk writes only its own partial and its
// own result slot.
import type { ChunkJob } from './chunkJob.js';
import { awaitIdle, serveGenerations, SLOTS, wake } from './generations.js';
import { KERNEL_NAMES } from './registry.js';
import { MAX_CHUNKS } from './stepChunks.js';

export const MAX_THREADS = 64;
const MAX_ARGS = 64;
const MAX_POS = 8;

// Int32 header, after the protocol's slots.
const NEXT = SLOTS, KERNEL = SLOTS + 1, NARGS = SLOTS + 2, NCHUNKS = SLOTS + 3, NCPOS = SLOTS + 4, NTPOS = SLOTS + 5;
const HEADER_BYTES = 64;
// Float64 areas after the header (in doubles).
const ARGS = 0;
const CPOS = ARGS + MAX_ARGS;
const CVAL = CPOS + MAX_POS;
const TPOS = CVAL + MAX_CHUNKS * MAX_POS;
const TVAL = TPOS + MAX_POS;
const RESULTS = TVAL + MAX_THREADS * MAX_POS;
const DOUBLES = RESULTS + MAX_CHUNKS;

export interface Control {
  i32: Int32Array;
  f64: Float64Array;
}

export function createControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + 8 * DOUBLES);
}

export function controlViews(sab: SharedArrayBuffer): Control {
  return { i32: new Int32Array(sab, 0, HEADER_BYTES / 4), f64: new Float64Array(sab, HEADER_BYTES, DOUBLES) };
}

/** Writes the job; the workers see it after publish(). */
export function writeJob(c: Control, job: ChunkJob): void {
  if (job.args.length > MAX_ARGS || job.chunkPos.length > MAX_POS || job.threadPos.length > MAX_POS || job.nChunks > MAX_CHUNKS) {
    throw new Error(`step job of kernel ${job.kernel} exceeds the control block`);
  }
  c.i32[KERNEL] = KERNEL_NAMES.indexOf(job.kernel);
  c.i32[NARGS] = job.args.length;
  c.i32[NCHUNKS] = job.nChunks;
  c.i32[NCPOS] = job.chunkPos.length;
  c.i32[NTPOS] = job.threadPos.length;
  c.f64.set(job.args, ARGS);
  c.f64.set(job.chunkPos, CPOS);
  job.chunkValues.forEach((v, i) => c.f64.set(v, CVAL + i * MAX_POS));
  c.f64.set(job.threadPos, TPOS);
  job.threadValues.forEach((v, i) => c.f64.set(v, TVAL + i * MAX_POS));
}

/** Wakes `workers` workers on the written job. */
export function publish(c: Control, workers: number): void {
  Atomics.store(c.i32, NEXT, 0);
  wake(c.i32, workers);
}

/** Runs chunks of the current job in this thread until none is left. */
export function workShare(fns: Record<string, unknown>, c: Control, thread: number): void {
  const f = fns[KERNEL_NAMES[c.i32[KERNEL]]] as (...a: number[]) => number;
  const args = Array.from(c.f64.subarray(ARGS, ARGS + c.i32[NARGS]));
  const ncp = c.i32[NCPOS], ntp = c.i32[NTPOS], n = c.i32[NCHUNKS];
  for (let i = 0; i < ntp; i++) args[c.f64[TPOS + i]] = c.f64[TVAL + thread * MAX_POS + i];
  for (let k = Atomics.add(c.i32, NEXT, 1); k < n; k = Atomics.add(c.i32, NEXT, 1)) {
    for (let i = 0; i < ncp; i++) args[c.f64[CPOS + i]] = c.f64[CVAL + k * MAX_POS + i];
    c.f64[RESULTS + k] = f(...args);
  }
}

/** Blocks until every worker has finished its share; returns the chunk results. */
export function awaitWorkers(c: Control, nChunks: number): Float64Array {
  if (awaitIdle(c.i32)) throw new Error('a step worker thread failed on its chunks');
  return c.f64.slice(RESULTS, RESULTS + nChunks);
}

/** The worker loop: its share of each job until stop. */
export function stepWorkerLoop(fns: Record<string, unknown>, sab: SharedArrayBuffer, thread: number): void {
  const c = controlViews(sab);
  serveGenerations(c.i32, () => workShare(fns, c, thread));
}
