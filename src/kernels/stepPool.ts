// Threads inside one run: workers that instantiate the shared-memory build over the same
// WebAssembly.Memory as the owner (thread 0) and run chunks of a ChunkJob on byte offsets the
// owner allocated (workers never allocate). The owner writes the job into the control block
// (src/kernels/controlBlock.ts), wakes the workers, works too, then waits with Atomics.wait.
// The platform starts the workers (Node worker_threads or Web Workers: setStepWorkerSpawner).
import type { Backend } from '../wasm/backend.js';
import { browserSpawner } from './browserWorkers.js';
import { runChunksHere, type ChunkJob } from './chunkJob.js';
import type { ShardInit } from './shardPool.js';
import { awaitWorkers, controlViews, createControl, publish, workShare, writeJob, type Control } from './controlBlock.js';
import { stopWorkers } from './generations.js';

/** What a step worker receives: the compiled shared build, the memory, the control block, its index. */
export interface StepWorkerInit {
  kind: 'step';
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  thread: number;
}

/** What a worker receives: a step worker's init or a shard's (src/kernels/shardPool.ts). */
export type WorkerInit = StepWorkerInit | ShardInit;

/** Starts one worker and resolves when it is ready (module instantiated); terminate() ends it. */
export type StepWorkerSpawner = (init: WorkerInit) => Promise<{ terminate(): void }>;

// Browsers (a global Worker) start Web Workers; Node's entry installs worker_threads.
let spawner: StepWorkerSpawner | null = typeof Worker === 'function' ? browserSpawner : null;

/** Starts a worker with the platform's spawner. */
export function spawnWorker(init: WorkerInit): Promise<{ terminate(): void }> {
  if (spawner === null) throw new Error('no worker threads on this platform');
  return spawner(init);
}

export function setStepWorkerSpawner(s: StepWorkerSpawner | null): void {
  spawner = s;
}

export function hasStepWorkerSpawner(): boolean {
  return spawner !== null;
}

export class StepPool {
  private readonly control: Control;
  private closed = false;
  private constructor(
    private readonly backend: Backend,
    readonly threads: number,
    sab: SharedArrayBuffer,
    private readonly workers: { terminate(): void }[],
  ) {
    this.control = controlViews(sab);
  }

  static async start(backend: Backend, threads: number): Promise<StepPool> {
    if (backend.module === null) throw new Error('a step pool needs a shared-memory backend');
    const sab = createControl();
    const workers = await Promise.all(
      Array.from({ length: threads - 1 }, (_, i) => spawnWorker({ kind: 'step', module: backend.module!, memory: backend.memory, control: sab, thread: i + 1 })),
    );
    return new StepPool(backend, threads, sab, workers);
  }

  /** Runs every chunk of the job over the threads; returns each chunk's result, in chunk order. */
  run(job: ChunkJob): Float64Array {
    if (this.closed) throw new Error('step pool closed');
    const workers = Math.min(this.threads, job.nChunks) - 1;
    if (workers <= 0) return runChunksHere(this.backend.exports, job);
    writeJob(this.control, job);
    publish(this.control, this.workers.length);
    workShare(this.backend.exports, this.control, 0);
    return awaitWorkers(this.control, job.nChunks);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    stopWorkers(this.control.i32);
    for (const w of this.workers) w.terminate();
  }
}

/** Runs a job on `pool`, or in this thread without one. */
export function runJob(b: Backend, job: ChunkJob, pool: StepPool | null): Float64Array {
  return pool === null ? runChunksHere(b.exports, job) : pool.run(job);
}
