// Runs the points of a sweep against a store: each point is claimed, computed and finished
// with one record; finished points are skipped, points held by a live claim elsewhere are
// left to their holder. A point that fails (divergence or error) is recorded with its message
// and the sweep goes on. Store errors (disk full, permissions) stop the sweep: they are not
// the point's fault and would fail every point alike.
import type { SweepPoint } from './SweepPoint.js';
import type { PointRecord, SweepClaim, SweepStore } from './SweepStore.js';

export interface SweepProgress {
  /** Points of this shard. */
  total: number;
  /** Points with a done record (found or computed). */
  done: number;
  /** Points with a failed record (found or computed). */
  failed: number;
  /** Points computed by this call. */
  computed: number;
  /** Points held by another live process when last seen. */
  busy: number;
  /** Seconds left at this call's mean time per computed point; undefined before the first. */
  etaSeconds?: number;
  /** The point just finished, if any. */
  last?: { key: string; index: number; status: 'done' | 'failed'; seconds: number; message?: string };
}

export type SweepSummary = Omit<SweepProgress, 'etaSeconds' | 'last'>;

export interface RunSweepOptions {
  store: SweepStore;
  /** Computes one point; a thrown error (or a result with diverged seeds) fails the point. */
  runPoint: (point: SweepPoint) => Promise<unknown>;
  onProgress?: (progress: SweepProgress) => void;
  /** Compute points that failed before again (default false: a failure is a result). */
  retryFailed?: boolean;
  /** Identity of this call in the records (who computed what). */
  runId: string;
  host?: string;
  pid?: number;
  now?: () => number;
}

/** One line for a result whose seeds diverged, or undefined. */
function divergence(result: unknown): string | undefined {
  const d = (result as { diverged?: { seed: number; step: number }[] } | null)?.diverged;
  if (!Array.isArray(d) || d.length === 0) return undefined;
  const shown = d.slice(0, 3).map((x) => `seed ${x.seed} at step ${x.step}`).join(', ');
  return `${d.length} seed(s) diverged (${shown}${d.length > 3 ? ', …' : ''}); lower lr`;
}

/** Computes a claimed point and finishes its claim with the record; a failure is a record too. */
async function computePoint(point: SweepPoint, claim: SweepClaim, options: RunSweepOptions): Promise<PointRecord> {
  const { runPoint, runId, host = 'browser', pid = 0, now = Date.now } = options;
  const started = now();
  let result: unknown;
  let message: string | undefined;
  try {
    result = await runPoint(point);
    message = divergence(result);
  } catch (error) {
    message = error instanceof Error ? error.message || error.name : String(error);
  }
  const finished = now();
  const record: PointRecord = {
    key: point.key,
    status: message === undefined ? 'done' : 'failed',
    command: point.command,
    options: point.options,
    config: point.config,
    ...(message === undefined ? { result } : { message }),
    timing: { startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString(), seconds: (finished - started) / 1000 },
    run: { runId, host, pid, attempt: claim.attempt },
  };
  try {
    await claim.finish(record);
  } catch (error) {
    await claim.release().catch(() => {});
    throw error;
  }
  return record;
}

export async function runSweep(points: SweepPoint[], options: RunSweepOptions): Promise<SweepSummary> {
  const { store, onProgress, retryFailed = false } = options;
  await store.open();
  const state: SweepProgress = { total: points.length, done: 0, failed: 0, computed: 0, busy: 0 };
  let computeSeconds = 0;
  const report = (last?: SweepProgress['last']) => {
    const pending = state.total - state.done - state.failed;
    const etaSeconds = state.computed > 0 ? (computeSeconds / state.computed) * pending : undefined;
    onProgress?.({ ...state, etaSeconds, last });
  };
  let queue = points;
  // A second pass retries points that were busy: their holder may have died since.
  for (let pass = 0; pass < 2 && queue.length > 0; pass++) {
    const busy: SweepPoint[] = [];
    for (const point of queue) {
      const claim = await store.claim(point.key, { retryFailed });
      if (claim === 'done' || claim === 'failed') state[claim]++;
      else if (claim === 'busy') busy.push(point);
      else {
        const record = await computePoint(point, claim, options);
        state[record.status]++;
        state.computed++;
        computeSeconds += record.timing.seconds;
        report({ key: point.key, index: point.index, status: record.status, seconds: record.timing.seconds, message: record.message });
      }
      state.busy = busy.length;
    }
    queue = busy;
  }
  report();
  return { total: state.total, done: state.done, failed: state.failed, computed: state.computed, busy: state.busy };
}
