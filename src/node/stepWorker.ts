// Worker thread of a run (Node only): a step worker of src/kernels/stepPool.ts (shared memory)
// or a shard of src/kernels/shardPool.ts (its own memory, its own rows).
import { parentPort, workerData } from 'node:worker_threads';
import { runShardWorker } from '../kernels/runShardWorker.js';
import { runStepWorker } from '../kernels/runStepWorker.js';
import type { WorkerInit } from '../kernels/stepPool.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const ready = () => port.postMessage('ready');
(init.kind === 'shard' ? runShardWorker(init, ready) : runStepWorker(init, ready)).catch((e: unknown) => port.postMessage({ error: String(e) }));
