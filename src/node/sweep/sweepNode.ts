// sweep(grid, { store, shard, onProgress }) for Node: `store` is a directory (a FileStore,
// safe for concurrent processes and hosts) or any SweepStore; points run with `threads`
// worker threads each.
import { runSweep, type SweepProgress } from '../../sweep/runSweep.js';
import { newRunId, sweepPoints, type SweepGrid, type SweepOutcome } from '../../sweep/sweep.js';
import { shardPoints, type Shard } from '../../sweep/shardPoints.js';
import type { SweepStore } from '../../sweep/SweepStore.js';
import { FileStore } from './FileStore.js';
import { writeGridManifest } from './gridManifest.js';
import { currentProcess } from './processIdentity.js';
import { runPointNode } from './runPointNode.js';

export interface SweepNodeOptions {
  /** A directory (created if missing) or a SweepStore. */
  store: string | SweepStore;
  shard?: Shard;
  onProgress?: (progress: SweepProgress) => void;
  retryFailed?: boolean;
  /** Worker threads per point (default 1). */
  threads?: number;
  /** Lease of a FileStore's locks in seconds (default 300). */
  lease?: number;
  /** The grid file's name, recorded with the grid's keys in the store. */
  gridFile?: string;
}

export async function sweepNode(grid: SweepGrid, options: SweepNodeOptions): Promise<SweepOutcome> {
  // Points are expanded and checked before the store is touched: bad input leaves it as it was.
  const all = await sweepPoints(grid);
  const points = shardPoints(all, options.shard);
  const runId = newRunId();
  const store = typeof options.store === 'string' ? new FileStore(options.store, { runId, lease: options.lease }) : options.store;
  const { host, pid } = currentProcess();
  if (store instanceof FileStore) {
    await store.open();
    await writeGridManifest(store.dir, options.gridFile ?? '', all);
  }
  try {
    const summary = await runSweep(points, {
      store, runId, host, pid, retryFailed: options.retryFailed, onProgress: options.onProgress,
      runPoint: (point) => runPointNode(point, options.threads ?? 1),
    });
    return { ...summary, points, store };
  } finally {
    if (store instanceof FileStore) await store.close();
  }
}
