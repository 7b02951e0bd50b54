// Worker thread of a run's step pool (src/kernels/stepPool.ts), Node only: instantiates the
// shared-memory build over the owner's memory and runs chunks until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { runStepWorker } from '../kernels/runStepWorker.js';
import type { StepWorkerInit } from '../kernels/stepPool.js';

const port = parentPort!;
runStepWorker(workerData as StepWorkerInit, () => port.postMessage('ready')).catch((e: unknown) => port.postMessage({ error: String(e) }));
