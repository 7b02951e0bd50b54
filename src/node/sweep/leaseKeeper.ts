// Keeps the leases of held lock files fresh (their mtime) from a worker thread, because the
// main thread may be inside a long WASM call for minutes and could not run a timer. A holder
// on another host that dies stops refreshing, and its locks become stale after the lease.
import { Worker } from 'node:worker_threads';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { utimesSync } = require('node:fs');
const held = new Set();
parentPort.on('message', (m) => { if (m.add) held.add(m.add); if (m.remove) held.delete(m.remove); });
setInterval(() => {
  const t = new Date();
  for (const path of held) { try { utimesSync(path, t, t); } catch {} }
}, workerData.intervalMs);
`;

export interface LeaseKeeper {
  add(path: string): void;
  remove(path: string): void;
  stop(): Promise<void>;
}

export function startLeaseKeeper(intervalMs: number): LeaseKeeper {
  const worker = new Worker(SOURCE, { eval: true, workerData: { intervalMs } });
  worker.unref();
  return {
    add: (path) => worker.postMessage({ add: path }),
    remove: (path) => worker.postMessage({ remove: path }),
    stop: async () => {
      await worker.terminate();
    },
  };
}
