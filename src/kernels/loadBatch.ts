// Drawing a batch of the explicit engine (docs/model.md §1–2): rows rowStart … rowStart +
// rowCount − 1 of batch `batch` into X, their latents Z and labels y = f*(z), plus label noise.
// The run (src/simulation/runTrajectory.ts) draws all the rows; a shard
// (src/kernels/runShardWorker.ts) its own slice of them.
import { at, type Backend, type BufferId } from '../wasm/backend.js';
import { addNoise } from './addNoise.js';
import { firstNonFinite } from './firstNonFinite.js';
import { normalBlock } from './normalBlock.js';
import { normalRows } from './normalRows.js';
import { targetLabels } from './targetLabels.js';
import type { UploadedExpression } from './uploadExpression.js';

export interface BatchBuffers {
  X: BufferId;
  y: BufferId;
  Z: BufferId;
  /** The target program's evaluation stack. */
  tstack: BufferId;
  /** Label noise of rows 0 … rowStart + rowCount − 1 (a prefix of the batch's stream); null without label noise. */
  xi: BufferId | null;
}

export interface BatchDraw {
  seed: number;
  batch: number;
  rowStart: number;
  rowCount: number;
  d: number;
  ld: number;
  storage: 'f32' | 'f64';
  /** Teacher rows in the storage's precision, k of them. */
  T: BufferId;
  k: number;
  target: UploadedExpression;
  /** Label noise variance, and the stream of batch 0's noise. */
  labelNoise: number;
  noiseStream: number;
}

/** Draws and labels the rows; returns the first of them (counted from rowStart) whose label f*(z) is not finite, or −1. */
export function loadBatch(b: Backend, bufs: BatchBuffers, o: BatchDraw): number {
  const { X, y, Z, tstack, xi } = bufs;
  normalRows(b, X, { seed: o.seed, batch: o.batch, rowStart: o.rowStart, rowCount: o.rowCount, d: o.d, ld: o.ld, precision: o.storage });
  targetLabels(b, X, o.ld, o.rowCount, o.storage, o.T, o.k, o.d, o.target, Z, y, tstack);
  const bad = firstNonFinite(b, y, o.rowCount);
  if (xi && o.rowCount > 0) {
    normalBlock(b, xi, { seed: o.seed, stream: o.noiseStream + o.batch, index: 0, count: o.rowStart + o.rowCount, precision: 'f64' });
    addNoise(b, y, at(xi, o.rowStart), o.rowCount, o.labelNoise);
  }
  return bad;
}
