// The shared control block of the step threads: a SharedArrayBuffer (not WASM memory) holding
// one ChunkJob at a time, a generation counter the workers wait on (Atomics.wait/notify), the
// next unclaimed chunk and the number of workers still busy. Chunks are claimed with
// Atomics.add, so any thread may run any chunk: the bits do not depend on who ran what,
// because each chunk writes only its own partial and its own result slot.
import type { ChunkJob } from './chunkJob.js';
import { KERNEL_NAMES } from './registry.js';
import { MAX_CHUNKS } from './stepChunks.js';

export const MAX_THREADS = 64;
const MAX_ARGS = 64;
const MAX_POS = 8;

// Int32 header.
const GEN = 0, NEXT = 1, BUSY = 2, KERNEL = 3, NARGS = 4, NCHUNKS = 5, NCPOS = 6, NTPOS = 7, STOP = 8, FAILED = 9;
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
  Atomics.store(c.i32, FAILED, 0);
  Atomics.store(c.i32, BUSY, workers);
  Atomics.add(c.i32, GEN, 1);
  Atomics.notify(c.i32, GEN);
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

/** A worker's part of a job: its share, then its report (failed or not). */
export function workerTurn(fns: Record<string, unknown>, c: Control, thread: number): void {
  try {
    workShare(fns, c, thread);
  } catch {
    Atomics.store(c.i32, FAILED, 1);
  } finally {
    if (Atomics.sub(c.i32, BUSY, 1) === 1) Atomics.notify(c.i32, BUSY);
  }
}

/** Blocks until every worker has finished its share; returns the chunk results. */
export function awaitWorkers(c: Control, nChunks: number): Float64Array {
  for (let busy = Atomics.load(c.i32, BUSY); busy !== 0; busy = Atomics.load(c.i32, BUSY)) Atomics.wait(c.i32, BUSY, busy);
  if (Atomics.load(c.i32, FAILED) !== 0) throw new Error('a step worker thread failed on its chunks');
  return c.f64.slice(RESULTS, RESULTS + nChunks);
}

/** The worker loop: wait for a new generation, work, repeat until stop. */
export function stepWorkerLoop(fns: Record<string, unknown>, sab: SharedArrayBuffer, thread: number): void {
  const c = controlViews(sab);
  // Generation 0 is the fresh block: a job published before this loop starts is not missed.
  let gen = 0;
  for (;;) {
    Atomics.wait(c.i32, GEN, gen);
    const now = Atomics.load(c.i32, GEN);
    if (now === gen) continue;
    gen = now;
    if (Atomics.load(c.i32, STOP) !== 0) return;
    workerTurn(fns, c, thread);
  }
}

/** Tells the workers to leave their loop. */
export function stopWorkers(c: Control): void {
  Atomics.store(c.i32, STOP, 1);
  Atomics.add(c.i32, GEN, 1);
  Atomics.notify(c.i32, GEN);
}
