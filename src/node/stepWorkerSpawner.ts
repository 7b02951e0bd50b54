// Node's step and shard workers (worker_threads) for src/kernels/stepPool.ts and shardPool.ts. Unref'd: an idle pool
// (blocked in Atomics.wait) never keeps the process alive.
import { availableParallelism, freemem, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { setStepWorkerSpawner, type WorkerInit } from '../kernels/stepPool.js';
import { setCoreCount, setMachineMemory } from '../kernels/stepThreads.js';

function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './stepWorker.ts' : './stepWorker.js', here);
}

/** This process's Node flags less --input-type, which Node refuses for a worker started from a file (a parent run with -e has it). */
function fileWorkerArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type'));
}

function startWorker(data: WorkerInit): Worker {
  const url = workerUrl();
  // From TypeScript sources (tests, tsx) the worker registers tsx's loader before importing.
  return url.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData: data })
    : new Worker(url, { workerData: data, execArgv: fileWorkerArgv() });
}

function spawn(init: WorkerInit): Promise<{ terminate(): void }> {
  return new Promise((resolve, reject) => {
    const w = startWorker(init);
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
