// A sweep store on a filesystem, shared safely by several processes and hosts:
//   DIR/store.json           format versions (a newer one is refused)
//   DIR/points/KEY.json      finished points: config, timing and result in one record
//   DIR/failed/KEY.json      failed points with their message
//   DIR/locks/KEY.lock       claims (lockFile.ts), refreshed while held
//   DIR/events/RUNID.jsonl   what each sweep call claimed and finished (for audits)
// Records are written to a temporary file and renamed (writeFileAtomic), so a record exists
// whole or not at all; readers take only names KEY.json, never the temporaries.
import { appendFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SweepStoreError } from '../../errors.js';
import { numberOption } from '../../options/validators.js';
import { RESULT_FORMAT_VERSION } from '../../results/resultFormatVersion.js';
import type { ClaimOutcome, PointRecord, SweepStore } from '../../sweep/SweepStore.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { startLeaseKeeper, type LeaseKeeper } from './leaseKeeper.js';
import { acquireLock, liveHolder, releaseLock, type LockInfo } from './lockFile.js';
import { currentProcess, type ProcessIdentity } from './processIdentity.js';

export const STORE_VERSION = 1;
const KEY_FILE = /^([0-9a-f]{64})\.json$/;

export interface FileStoreOptions {
  /** Identity of this sweep call in locks, records and events. */
  runId: string;
  /** Seconds after which a lock not refreshed counts as abandoned (default 300). */
  lease?: number;
}

const exists = async (path: string) => stat(path).then(() => true, () => false);

export class FileStore implements SweepStore {
  readonly dir: string;
  private readonly me: ProcessIdentity & { runId: string };
  private readonly leaseMs: number;
  private keeper: LeaseKeeper | undefined;

  constructor(dir: string, options: FileStoreOptions) {
    this.dir = dir;
    this.me = { ...currentProcess(), runId: options.runId };
    this.leaseMs = numberOption('lease', options.lease ?? 300, { min: 0, exclusiveMin: true, max: 1e7 }) * 1000;
  }

  private path(kind: 'points' | 'failed', key: string) {
    return join(this.dir, kind, `${key}.json`);
  }

  private lockPath(key: string) {
    return join(this.dir, 'locks', `${key}.lock`);
  }

  /** Checks the format of an existing store without creating anything. */
  async check(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(join(this.dir, 'store.json'), 'utf8');
    } catch {
      return false;
    }
    const meta = JSON.parse(text) as { storeVersion?: number; resultFormat?: number };
    if ((meta.storeVersion ?? 0) > STORE_VERSION || (meta.resultFormat ?? 0) > RESULT_FORMAT_VERSION) {
      throw new SweepStoreError(
        `${this.dir} was written by a newer multipass-gd (store format ${meta.storeVersion}, result format ${meta.resultFormat}; ` +
          `this one reads ${STORE_VERSION} and ${RESULT_FORMAT_VERSION}): upgrade multipass-gd or use another --out`,
      );
    }
    return true;
  }

  async open(): Promise<void> {
    if (!(await this.check())) {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(join(this.dir, 'store.json'), JSON.stringify({ storeVersion: STORE_VERSION, resultFormat: RESULT_FORMAT_VERSION }) + '\n');
    }
    for (const sub of ['points', 'failed', 'locks', 'events']) await mkdir(join(this.dir, sub), { recursive: true });
    await this.removeStrayTemporaries();
    this.keeper ??= startLeaseKeeper(Math.max(50, this.leaseMs / 5));
  }

  /**
   * Temporaries of writers killed mid-write (.NAME.PID.RAND.tmp, .NAME.RAND.stale) older than
   * the lease: a live writer renames or removes its own within milliseconds.
   */
  private async removeStrayTemporaries(): Promise<void> {
    for (const sub of ['points', 'failed', 'locks']) {
      const dir = join(this.dir, sub);
      for (const name of await readdir(dir)) {
        if (!/^\..*\.(tmp|stale)$/.test(name)) continue;
        const path = join(dir, name);
        const s = await stat(path).catch(() => undefined);
        if (s && Date.now() - s.mtimeMs > this.leaseMs) await rm(path, { force: true });
      }
    }
  }

  /** Stops refreshing leases (call when the sweep is over). */
  async close(): Promise<void> {
    await this.keeper?.stop();
    this.keeper = undefined;
  }

  private async event(event: string, key: string, extra: Record<string, unknown> = {}): Promise<void> {
    const line = JSON.stringify({ event, key, ...extra, pid: this.me.pid, host: this.me.host, t: new Date().toISOString() }) + '\n';
    await appendFile(join(this.dir, 'events', `${this.me.runId}.jsonl`), line);
  }

  private async finishedAs(key: string, retryFailed: boolean): Promise<'done' | 'failed' | undefined> {
    if (await exists(this.path('points', key))) return 'done';
    if (!retryFailed && (await exists(this.path('failed', key)))) return 'failed';
    return undefined;
  }

  async claim(key: string, { retryFailed = false } = {}): Promise<ClaimOutcome> {
    const before = await this.finishedAs(key, retryFailed);
    if (before) return before;
    const lockPath = this.lockPath(key);
    const lock = await acquireLock(lockPath, this.me, this.leaseMs);
    if (lock === null) return 'busy';
    // Finished between the check and the lock (or by a holder killed after writing its record).
    const after = await this.finishedAs(key, retryFailed);
    if (after) {
      await releaseLock(lockPath, lock);
      return after;
    }
    this.keeper?.add(lockPath);
    await this.event('claim', key, { attempt: lock.attempt });
    const release = async () => {
      this.keeper?.remove(lockPath);
      await releaseLock(lockPath, lock);
    };
    return {
      attempt: lock.attempt,
      release,
      finish: async (record: PointRecord) => {
        await writeFileAtomic(this.path(record.status === 'done' ? 'points' : 'failed', key), JSON.stringify(record) + '\n', { durable: true });
        if (record.status === 'done') await rm(this.path('failed', key), { force: true });
        await this.event(record.status, key, { attempt: lock.attempt, seconds: record.timing.seconds });
        await release();
      },
    };
  }

  async read(key: string): Promise<PointRecord | undefined> {
    for (const kind of ['points', 'failed'] as const) {
      let text: string;
      try {
        text = await readFile(this.path(kind, key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      try {
        return JSON.parse(text) as PointRecord;
      } catch {
        throw new SweepStoreError(`${this.path(kind, key)} is not a complete record (damaged outside multipass-gd?); delete it to compute the point again`);
      }
    }
    return undefined;
  }

  private async keys(sub: string, pattern: RegExp): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, sub))).flatMap((name) => pattern.exec(name)?.[1] ?? []);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async statuses(): Promise<Map<string, 'done' | 'failed'>> {
    const out = new Map<string, 'done' | 'failed'>();
    for (const key of await this.keys('failed', KEY_FILE)) out.set(key, 'failed');
    for (const key of await this.keys('points', KEY_FILE)) out.set(key, 'done');
    return out;
  }

  async running(): Promise<Set<string>> {
    return new Set((await this.holders()).keys());
  }

  /** Live claims: key → who holds it (host, pid, since when, attempt). */
  async holders(): Promise<Map<string, LockInfo>> {
    const out = new Map<string, LockInfo>();
    for (const key of await this.keys('locks', /^([0-9a-f]{64})\.lock$/)) {
      const holder = await liveHolder(this.lockPath(key), this.me, this.leaseMs);
      if (holder) out.set(key, holder);
    }
    return out;
  }
}
