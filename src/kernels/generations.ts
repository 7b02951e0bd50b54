// The wake/wait protocol of every control block of worker threads (the step threads,
// src/kernels/controlBlock.ts, and the shards, src/kernels/shardPool.ts): the owner starts a
// generation with the number of busy workers and blocks until none is busy; each worker waits
// for a new generation, takes its turn, then reports (failed or not). Slots 0 … SLOTS − 1 of
// the Int32 header are the protocol's; a block keeps its own fields after them.
const GEN = 0, BUSY = 1, STOP = 2, FAILED = 3;
export const SLOTS = 4;

/** Starts a generation of `workers` busy workers, none failed, and wakes them. */
export function wake(i32: Int32Array, workers: number): void {
  Atomics.store(i32, FAILED, 0);
  Atomics.store(i32, BUSY, workers);
  Atomics.add(i32, GEN, 1);
  Atomics.notify(i32, GEN);
}

/** Blocks until no worker of the generation is busy; returns whether one failed. */
export function awaitIdle(i32: Int32Array): boolean {
  spinWhile(i32, BUSY, (v) => v !== 0);
  for (let busy = Atomics.load(i32, BUSY); busy !== 0; busy = Atomics.load(i32, BUSY)) Atomics.wait(i32, BUSY, busy);
  return Atomics.load(i32, FAILED) !== 0;
}

/** Tells the workers to leave their loop. */
export function stopWorkers(i32: Int32Array): void {
  Atomics.store(i32, STOP, 1);
  Atomics.add(i32, GEN, 1);
  Atomics.notify(i32, GEN);
}

/** A worker's loop: per new generation its turn (a throw marks the generation failed), until stop. */
export function serveGenerations(i32: Int32Array, turn: () => void, onError?: (e: unknown) => void): void {
  // Generation 0 is the fresh block: a generation started before this loop starts is not missed.
  let gen = 0;
  for (;;) {
    spinWhile(i32, GEN, (v) => v === gen);
    Atomics.wait(i32, GEN, gen);
    const now = Atomics.load(i32, GEN);
    if (now === gen) continue;
    gen = now;
    if (Atomics.load(i32, STOP) !== 0) return;
    try {
      turn();
    } catch (e) {
      onError?.(e);
      Atomics.store(i32, FAILED, 1);
    } finally {
      if (Atomics.sub(i32, BUSY, 1) === 1) Atomics.notify(i32, BUSY);
    }
  }
}

// Before blocking, a thread polls for half a millisecond: a step's jobs come back to back (the
// chunks, then the reduction of their partials), and a thread woken from Atomics.wait starts
// 0.05–0.1 ms later on these VMs (the paper step's reduction: 0.11–0.17 ms → 0.07 ms).
const SPIN_MS = 0.5;

/** Polls slot `at` while busy(value) for up to SPIN_MS. */
function spinWhile(i32: Int32Array, at: number, busy: (v: number) => boolean): void {
  const t0 = performance.now();
  while (busy(Atomics.load(i32, at)) && performance.now() - t0 < SPIN_MS) { /* poll */ }
}
