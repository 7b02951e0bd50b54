// The browser's step workers (Web Workers, module type) for src/kernels/stepPool.ts. The
// literal `new Worker(new URL('./stepWorkerBrowser.js', import.meta.url), { type: 'module' })`
// is what bundlers (Vite) and a plain import map both resolve.
import type { StepWorkerSpawner, WorkerInit } from './stepPool.js';

export const browserSpawner: StepWorkerSpawner = (init: WorkerInit) => new Promise((resolve, reject) => {
  const w = new Worker(new URL('./stepWorkerBrowser.js', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent) => {
    if (e.data === 'ready') resolve({ terminate: () => w.terminate() });
    else reject(new Error(`step worker failed to start: ${String((e.data as { error?: string }).error)}`));
  };
  w.onerror = (e) => reject(new Error(`step worker failed to start: ${e.message}`));
  w.postMessage(init);
});
