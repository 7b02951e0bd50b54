// Where a sweep keeps its points: an interface with a filesystem implementation (Node,
// src/node/sweep/FileStore.ts, safe for several processes and hosts) and an in-memory one
// (MemoryStore, for a web page). A point is claimed before it is computed and finished with
// one record, written all at once, so a reader never sees half a result.
import type { SweepCommand } from './sweepOptions.js';

export interface PointRecord {
  key: string;
  status: 'done' | 'failed';
  command: SweepCommand;
  /** Options as given to the API (derived values evaluated). */
  options: Record<string, unknown>;
  /** The fully resolved configuration the key hashes. */
  config: Record<string, unknown>;
  /** The result (as run / theory return it) when done. */
  result?: unknown;
  /** Why it failed (divergence or error), one line. */
  message?: string;
  timing: { startedAt: string; finishedAt: string; seconds: number };
  /** Who computed it: run id (one per sweep call), host, pid, and the attempt (1 + claims broken before). */
  run: { runId: string; host: string; pid: number; attempt: number };
}

export interface SweepClaim {
  /** 1 for the first claim of the point; +1 for each earlier claim whose holder died. */
  attempt: number;
  /** Writes the record (atomically) and releases the claim. */
  finish(record: PointRecord): Promise<void>;
  /** Gives the point back without a record. */
  release(): Promise<void>;
}

export type ClaimOutcome = SweepClaim | 'done' | 'failed' | 'busy';

export interface SweepStore {
  /** Creates the store if new; SweepStoreError if it was written by a newer format. */
  open(): Promise<void>;
  /** The claim, or why not: finished ('done' / 'failed' unless retryFailed) or held by a live claim ('busy'). */
  claim(key: string, options?: { retryFailed?: boolean }): Promise<ClaimOutcome>;
  /** The finished record of `key`, if any (done wins over failed). */
  read(key: string): Promise<PointRecord | undefined>;
  /** Keys with a record: status per key. */
  statuses(): Promise<Map<string, 'done' | 'failed'>>;
  /** Keys currently claimed by a live holder. */
  running(): Promise<Set<string>>;
}
