// A SweepStore in the browser's IndexedDB: a page's grid survives a reload, and several tabs
// share it. A claim is a record in the 'claims' object store, taken in the same readwrite
// transaction that checks for it (IndexedDB runs overlapping readwrite transactions one at a
// time, across tabs too), and kept alive by a heartbeat; a claim whose heartbeat is older than
// the lease (its tab was closed) is taken over with the attempt counted.
import type { ClaimOutcome, PointRecord, SweepStore } from './SweepStore.js';

interface ClaimRow {
  key: string;
  owner: string;
  heartbeat: number;
  attempt: number;
}

export interface IndexedDbStoreOptions {
  /** Milliseconds after which a claim without heartbeat is abandoned (default 10 minutes). */
  leaseMs?: number;
  /** The IndexedDB factory (default globalThis.indexedDB). */
  indexedDB?: IDBFactory;
  now?: () => number;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class IndexedDbStore implements SweepStore {
  readonly name: string;
  private db: IDBDatabase | undefined;
  private readonly owner = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  private readonly held = new Set<string>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly leaseMs: number;
  private readonly factory: IDBFactory;
  private readonly now: () => number;

  constructor(name = 'multipass-gd-sweep', options: IndexedDbStoreOptions = {}) {
    this.name = name;
    this.leaseMs = options.leaseMs ?? 600_000;
    this.factory = options.indexedDB ?? globalThis.indexedDB;
    this.now = options.now ?? Date.now;
  }

  async open(): Promise<void> {
    if (this.db) return;
    const opening = this.factory.open(this.name, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore('records', { keyPath: 'key' });
      opening.result.createObjectStore('claims', { keyPath: 'key' });
    };
    this.db = await request(opening);
  }

  /** Stops the heartbeat and closes the database. */
  close(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.db?.close();
    this.db = undefined;
  }

  private tx(mode: IDBTransactionMode): { tx: IDBTransaction; records: IDBObjectStore; claims: IDBObjectStore } {
    if (!this.db) throw new Error('IndexedDbStore: call open() first');
    const tx = this.db.transaction(['records', 'claims'], mode);
    return { tx, records: tx.objectStore('records'), claims: tx.objectStore('claims') };
  }

  private beat(): void {
    this.heartbeat ??= setInterval(() => {
      if (this.held.size === 0 || !this.db) return;
      const { claims } = this.tx('readwrite');
      for (const key of this.held) {
        void request(claims.get(key)).then((row: ClaimRow | undefined) => {
          if (row?.owner === this.owner) claims.put({ ...row, heartbeat: this.now() });
        });
      }
    }, Math.max(50, this.leaseMs / 4));
  }

  /** Deletes the claim of `key` if it is still ours, in transaction `claims`. */
  private async drop(claims: IDBObjectStore, key: string): Promise<void> {
    const row = (await request(claims.get(key))) as ClaimRow | undefined;
    if (row?.owner === this.owner) claims.delete(key);
    this.held.delete(key);
  }

  async claim(key: string, { retryFailed = false } = {}): Promise<ClaimOutcome> {
    await this.open();
    const { tx, records, claims } = this.tx('readwrite');
    const record = (await request(records.get(key))) as PointRecord | undefined;
    let outcome: ClaimOutcome | undefined;
    if (record?.status === 'done') outcome = 'done';
    else if (record?.status === 'failed' && !retryFailed) outcome = 'failed';
    else {
      const row = (await request(claims.get(key))) as ClaimRow | undefined;
      if (row && this.now() - row.heartbeat <= this.leaseMs) outcome = 'busy';
      else {
        const attempt = (row?.attempt ?? 0) + 1;
        claims.put({ key, owner: this.owner, heartbeat: this.now(), attempt } satisfies ClaimRow);
        this.held.add(key);
        outcome = {
          attempt,
          finish: async (r) => {
            const t = this.tx('readwrite');
            t.records.put(r);
            await this.drop(t.claims, key);
            await done(t.tx);
          },
          release: async () => {
            const t = this.tx('readwrite');
            await this.drop(t.claims, key);
            await done(t.tx);
          },
        };
      }
    }
    await done(tx);
    if (typeof outcome === 'object') this.beat();
    return outcome;
  }

  async read(key: string): Promise<PointRecord | undefined> {
    await this.open();
    return (await request(this.tx('readonly').records.get(key))) as PointRecord | undefined;
  }

  async statuses(): Promise<Map<string, 'done' | 'failed'>> {
    await this.open();
    const all = (await request(this.tx('readonly').records.getAll())) as PointRecord[];
    return new Map(all.map((r) => [r.key, r.status]));
  }

  async running(): Promise<Set<string>> {
    await this.open();
    const rows = (await request(this.tx('readonly').claims.getAll())) as ClaimRow[];
    return new Set(rows.filter((r) => this.now() - r.heartbeat <= this.leaseMs).map((r) => r.key));
  }
}
