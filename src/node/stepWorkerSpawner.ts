// Node's step and shard workers (worker_threads) for src/kernels/stepPool.ts and shardPool.ts. Unref'd: an idle pool
// (blocked in Atomics.wait) never keeps the process alive.
import { availableParallelism, freemem, totalmem } from 'node:os';
import { setStepWorkerSpawner, type WorkerInit } from '../kernels/stepPool.js';
import { setCoreCount, setMachineMemory } from '../kernels/stepThreads.js';
import { startNodeWorker } from './startNodeWorker.js';

function spawn(init: WorkerInit): Promise<{ terminate(): void }> {
  return new Promise((resolve, reject) => {
    const w = startNodeWorker('stepWorker', init);
    w.once('message', (m: unknown) => {
      if (m === 'ready') {
        w.unref();
        resolve({ terminate: () => void w.terminate() });
      } else reject(new Error(`step worker failed to start: ${(m as { error?: string }).error}`));
    });
    w.once('error', reject);
  });
}

/** Installs the Node spawner and the core count (called by the Node entry points). */
export function useNodeStepWorkers(): void {
  setStepWorkerSpawner(spawn);
  setCoreCount(availableParallelism());
  setMachineMemory(() => ({ total: totalmem(), free: freemem() }));
}
