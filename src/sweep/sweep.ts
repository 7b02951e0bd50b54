// sweep(grid, { store, shard, onProgress }) in the browser (and any JS realm): expands the
// grid, runs the shard's points one after another against the store (in memory by default)
// and returns the summary, the points and the store to read results from.
import { simulateSeeds } from '../simulateSeeds.js';
import { theory } from '../theory/theory.js';
import { expandGrid } from './expandGrid.js';
import type { GridSpec } from './GridSpec.js';
import { MemoryStore } from './MemoryStore.js';
import { parseGridSpec } from './parseGridSpec.js';
import { runSweep, type SweepProgress, type SweepSummary } from './runSweep.js';
import { shardPoints, type Shard } from './shardPoints.js';
import type { SweepPoint } from './SweepPoint.js';
import type { SweepStore } from './SweepStore.js';

export interface SweepOptions<S extends SweepStore = SweepStore> {
  /** Where points are kept (default: a new MemoryStore). */
  store?: S;
  /** Run only the points with index ≡ shard.index (mod shard.count). */
  shard?: Shard;
  onProgress?: (progress: SweepProgress) => void;
  retryFailed?: boolean;
}

export interface SweepOutcome<S extends SweepStore = SweepStore> extends SweepSummary {
  /** The points of the shard, in expansion order. */
  points: SweepPoint[];
  store: S;
}

/** Grid content (command / grid / fixed / points, as in a grid file) or a checked GridSpec. */
export type SweepGrid = GridSpec | Record<string, unknown>;

function isGridSpec(grid: SweepGrid): grid is GridSpec {
  return Array.isArray((grid as GridSpec).grid) && Array.isArray((grid as GridSpec).points);
}

/** The points of a grid (all of them, or a shard's), checked and keyed. */
export async function sweepPoints(grid: SweepGrid, shard?: Shard): Promise<SweepPoint[]> {
  const spec = isGridSpec(grid) ? grid : parseGridSpec(grid);
  return shardPoints(await expandGrid(spec), shard);
}

/** A fresh id per sweep call, recorded with each point it computes. */
export function newRunId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function runPointBrowser(point: SweepPoint): Promise<unknown> {
  return point.command === 'run' ? simulateSeeds(point.options) : theory(point.options);
}

export async function sweep(grid: SweepGrid, options: SweepOptions = {}): Promise<SweepOutcome> {
  const store = options.store ?? new MemoryStore();
  const points = await sweepPoints(grid, options.shard);
  const summary = await runSweep(points, {
    store, runPoint: runPointBrowser, onProgress: options.onProgress, retryFailed: options.retryFailed, runId: newRunId(),
  });
  return { ...summary, points, store };
}
