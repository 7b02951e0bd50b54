// Web Worker entry of a run's step pool (src/kernels/stepPool.ts): receives the shared build,
// the memory and the control block, then serves chunks (Atomics.wait is allowed in workers).
import { runStepWorker } from './runStepWorker.js';
import type { StepWorkerInit } from './stepPool.js';

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e: MessageEvent) => {
  scope.onmessage = null;
  runStepWorker(e.data as StepWorkerInit, () => scope.postMessage('ready')).catch((err: unknown) => scope.postMessage({ error: String(err) }));
};
