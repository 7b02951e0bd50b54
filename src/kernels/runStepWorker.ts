// The body of a step worker, on any platform: instantiate the shared build over the given
// memory, say ready, then serve jobs (blocking in Atomics.wait between them).
import { sharedImports } from '../wasm/backend.js';
import { stepWorkerLoop } from './controlBlock.js';
import type { StepWorkerInit } from './stepPool.js';

export async function runStepWorker(init: StepWorkerInit, ready: () => void): Promise<void> {
  const instance = await WebAssembly.instantiate(init.module, sharedImports(init.memory));
  ready();
  // Let the ready message leave before the loop blocks this thread.
  await new Promise((r) => setTimeout(r, 0));
  stepWorkerLoop(instance.exports as Record<string, unknown>, init.control, init.thread);
}
