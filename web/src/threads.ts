// How many threads one seed's run uses in this page, and why not more. Seeds are spread over
// the page's Web Workers (web/src/pool.ts), one thread each; shared-memory threads inside one
// run need a WASM build with threads and a cross-origin isolated page (SharedArrayBuffer).
import type { WorkerInfo } from './protocol.js';

export function threadsOf(info: WorkerInfo): { count: number; why: string } {
  if (!info.crossOriginIsolated || !info.sharedArrayBuffer) return { count: 1, why: 'shared-memory threads need a cross-origin isolated page' };
  return { count: 1, why: 'shared-memory threads inside a run: not in this version of the library' };
}
