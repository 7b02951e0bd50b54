// How many threads one seed's run uses in this page, and why not more. The page's Web Workers
// (web/src/pool.ts) take one seed each; a seed's step can itself be split over shared-memory
// threads (the library's `threads` option: same bits for any count) when the page is cross-origin
// isolated. The cores are shared: with W workers busy, each seed gets ⌊cores / W⌋ threads, so a
// run with fewer seeds than cores still uses every core, and many seeds run one thread each.
import type { WorkerInfo } from './protocol.js';

/** The threads per seed a run on `workers` workers uses (undefined: the worker did not report). */
export function threadsPerSeed(info: WorkerInfo | null, workers: number, cores: number): number | undefined {
  if (!info) return undefined;
  if (info.threadsUnavailable !== undefined) return 1;
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

/** The header's text: threads per seed for a run on `workers` workers, and why only one. */
export function threadsOf(info: WorkerInfo, workers: number, cores: number): { count: number; why: string } {
  const count = threadsPerSeed(info, workers, cores)!;
  return { count, why: info.threadsUnavailable ?? `shared memory; ${count === 1 ? 'one per seed while the seeds fill the cores' : `${count} per seed on ${workers} worker${workers > 1 ? 's' : ''}`}` };
}
