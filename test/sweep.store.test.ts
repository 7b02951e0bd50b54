// The filesystem store (src/node/sweep/FileStore.ts): records appear whole or not at all,
// stray temporaries are never read as results, a live claim excludes every other claimer
// (also when many race for one key), claims of dead or silent holders are recovered with the
// attempt counted, a store of a newer format is refused; and the in-memory and IndexedDB
// stores (the latter on fake-indexeddb, two instances standing for two tabs) behave alike.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepStoreError } from '../src/errors.js';
import { FileStore } from '../src/node/sweep/FileStore.js';
import { currentProcess } from '../src/node/sweep/processIdentity.js';
import { IDBFactory } from 'fake-indexeddb';
import { IndexedDbStore } from '../src/sweep/IndexedDbStore.js';
import { MemoryStore } from '../src/sweep/MemoryStore.js';
import { sweep } from '../src/sweep/sweep.js';
import type { PointRecord, SweepClaim, SweepStore } from '../src/sweep/SweepStore.js';

const KEY = 'a'.repeat(64);
const KEY2 = 'b'.repeat(64);

function record(key: string, status: 'done' | 'failed' = 'done'): PointRecord {
  return {
    key, status, command: 'run', options: { d: 8 }, config: { d: 8 },
    ...(status === 'done' ? { result: { steps: [0], config: {} } } : { message: 'diverged' }),
    timing: { startedAt: '', finishedAt: '', seconds: 0 },
    run: { runId: 'r', host: 'h', pid: 1, attempt: 1 },
  };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'mpgd-store-'));

async function withStore<T>(dir: string, runId: string, fn: (s: FileStore) => Promise<T>, lease = 300): Promise<T> {
  const store = new FileStore(dir, { runId, lease });
  await store.open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function lockFile(dir: string, key: string, info: Record<string, unknown>) {
  mkdirSync(join(dir, 'locks'), { recursive: true });
  const path = join(dir, 'locks', `${key}.lock`);
  writeFileSync(path, JSON.stringify(info));
  return path;
}

async function sharedBehaviour(store: SweepStore, other: SweepStore) {
  const claim = (await store.claim(KEY)) as SweepClaim;
  expect(typeof claim).toBe('object');
  expect(claim.attempt).toBe(1);
  expect(await other.claim(KEY)).toBe('busy');
  await claim.finish(record(KEY));
  expect(await other.claim(KEY)).toBe('done');
  expect((await store.read(KEY))?.result).toEqual({ steps: [0], config: {} });
  const failed = (await store.claim(KEY2)) as SweepClaim;
  await failed.finish(record(KEY2, 'failed'));
  expect(await other.claim(KEY2)).toBe('failed');
  const retry = (await other.claim(KEY2, { retryFailed: true })) as SweepClaim;
  await retry.finish(record(KEY2));
  expect(await store.statuses()).toEqual(new Map([[KEY, 'done'], [KEY2, 'done']]));
  expect(await store.running()).toEqual(new Set());
}

describe('FileStore', () => {
  it('claims, finishes, skips and retries like the in-memory store', async () => {
    const dir = fresh();
    await withStore(dir, 'one', (a) => withStore(dir, 'two', (b) => sharedBehaviour(a, b)));
    const memory = new MemoryStore();
    await sharedBehaviour(memory, memory);
  });

  it('never reads a temporary or partial file as a result', async () => {
    const dir = fresh();
    await withStore(dir, 'r', async (store) => {
      // What a writer killed mid-write leaves: a temporary beside the record's name.
      writeFileSync(join(dir, 'points', `.${KEY}.json.123.abcd.tmp`), '{"key":"');
      writeFileSync(join(dir, 'points', `${KEY2}.json.partial`), '{');
      expect(await store.statuses()).toEqual(new Map());
      expect(await store.read(KEY)).toBeUndefined();
      const claim = await store.claim(KEY);
      expect(typeof claim).toBe('object');
    });
  });

  it('names a damaged record instead of reading it, and tells who holds a claim', async () => {
    const dir = fresh();
    await withStore(dir, 'r', async (store) => {
      writeFileSync(join(dir, 'points', `${KEY}.json`), '{"key": "aaa');
      await expect(store.read(KEY)).rejects.toThrow(/is not a complete record .*delete it to compute the point again/);
      const claim = (await store.claim(KEY2)) as SweepClaim;
      const holders = await store.holders();
      expect([...holders.keys()]).toEqual([KEY2]);
      expect(holders.get(KEY2)).toMatchObject({ host: currentProcess().host, pid: process.pid, runId: 'r', attempt: 1 });
      await claim.release();
    });
  });

  it('removes temporaries left by killed writers once they are older than the lease', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'points'), { recursive: true });
    const old = join(dir, 'points', `.${KEY}.json.123.abcd.tmp`);
    const fresh1 = join(dir, 'points', `.${KEY2}.json.456.ef01.tmp`);
    writeFileSync(old, '{');
    writeFileSync(fresh1, '{');
    const longAgo = new Date(Date.now() - 400_000);
    utimesSync(old, longAgo, longAgo);
    await withStore(dir, 'r', async () => {
      expect(readdirSync(join(dir, 'points'))).toEqual([`.${KEY2}.json.456.ef01.tmp`]);
    });
  });

  it('gives a key to exactly one of many racing claimers', async () => {
    const dir = fresh();
    const stores = Array.from({ length: 8 }, (_, i) => new FileStore(dir, { runId: `racer${i}` }));
    await stores[0].open();
    for (const s of stores) await s.open();
    const outcomes = await Promise.all(stores.map((s) => s.claim(KEY)));
    expect(outcomes.filter((o) => typeof o === 'object')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'busy')).toHaveLength(7);
    for (const s of stores) await s.close();
  });

  it('recovers the claim of a dead holder on this host, counting the attempt', async () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const me = currentProcess();
    lockFile(dir, KEY, { host: me.host, pid: dead, startTime: 1, runId: 'gone', attempt: 1, createdAt: '' });
    await withStore(dir, 'r', async (store) => {
      expect(await store.running()).toEqual(new Set());
      const claim = (await store.claim(KEY)) as SweepClaim;
      expect(claim.attempt).toBe(2);
      expect(await store.running()).toEqual(new Set([KEY]));
      await claim.release();
    });
  });

  it('keeps a live holder on another host until its lease expires', async () => {
    const dir = fresh();
    const path = lockFile(dir, KEY, { host: 'elsewhere', pid: 1, startTime: 1, runId: 'far', attempt: 3, createdAt: '' });
    await withStore(dir, 'r', async (store) => {
      expect(await store.claim(KEY)).toBe('busy');
      const old = new Date(Date.now() - 400_000);
      utimesSync(path, old, old); // not refreshed for 400 s > the 300 s lease
      const claim = (await store.claim(KEY)) as SweepClaim;
      expect(claim.attempt).toBe(4);
      await claim.release();
    });
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });

  it('refreshes the lease of its own claims while it computes', async () => {
    const dir = fresh();
    await withStore(dir, 'r', async (store) => {
      const claim = (await store.claim(KEY)) as SweepClaim;
      const path = join(dir, 'locks', `${KEY}.lock`);
      const old = new Date(Date.now() - 10_000);
      utimesSync(path, old, old);
      // Lease 1 s → refreshed every 200 ms by the keeper thread, even while this thread is busy.
      const until = Date.now() + 600;
      while (Date.now() < until) {
        /* a blocked main thread, like a long WASM call */
      }
      await new Promise((r) => setTimeout(r, 50));
      const other = new FileStore(dir, { runId: 'other', lease: 1 });
      expect(await other.claim(KEY)).toBe('busy');
      await claim.release();
    }, 1);
  });

  it('refuses a store written by a newer format, touching nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'store.json'), JSON.stringify({ storeVersion: 99, resultFormat: 1 }));
    const store = new FileStore(dir, { runId: 'r' });
    await expect(store.open()).rejects.toThrow(SweepStoreError);
    await expect(store.open()).rejects.toThrow(/newer multipass-gd/);
    expect(readdirSync(dir)).toEqual(['store.json']);
  });
});

describe('IndexedDbStore', () => {
  it('claims, finishes, skips and retries like the other stores; two tabs exclude each other', async () => {
    const indexedDB = new IDBFactory();
    const a = new IndexedDbStore('grid', { indexedDB });
    const b = new IndexedDbStore('grid', { indexedDB });
    await sharedBehaviour(a, b);
    const racers = Array.from({ length: 6 }, () => new IndexedDbStore('race', { indexedDB }));
    const outcomes = await Promise.all(racers.map((s) => s.claim(KEY)));
    expect(outcomes.filter((o) => typeof o === 'object')).toHaveLength(1);
    for (const s of [a, b, ...racers]) s.close();
  });

  it('takes over a claim whose heartbeat stopped, counting the attempt', async () => {
    const indexedDB = new IDBFactory();
    let t = 1_000_000;
    const closedTab = new IndexedDbStore('grid', { indexedDB, leaseMs: 1000, now: () => t });
    const claim = (await closedTab.claim(KEY)) as SweepClaim;
    expect(claim.attempt).toBe(1);
    closedTab.close(); // the tab goes away without releasing
    const other = new IndexedDbStore('grid', { indexedDB, leaseMs: 1000, now: () => t });
    expect(await other.claim(KEY)).toBe('busy');
    t += 1001;
    const taken = (await other.claim(KEY)) as SweepClaim;
    expect(taken.attempt).toBe(2);
    await taken.release();
    expect(await other.running()).toEqual(new Set());
    other.close();
  });

  it('keeps its own claims alive with a heartbeat', async () => {
    const indexedDB = new IDBFactory();
    const tab = new IndexedDbStore('grid', { indexedDB, leaseMs: 200 });
    const claim = (await tab.claim(KEY)) as SweepClaim;
    await new Promise((r) => setTimeout(r, 600)); // three leases: without heartbeats the claim would be stale
    const other = new IndexedDbStore('grid', { indexedDB, leaseMs: 200 });
    expect(await other.claim(KEY)).toBe('busy');
    await claim.release();
    tab.close();
    other.close();
  });

  it("keeps a page's sweep across a reload", async () => {
    const indexedDB = new IDBFactory();
    const grid = { grid: { seed: [1, 2, 3] }, fixed: { d: 8, steps: 2, testError: false } };
    const first = new IndexedDbStore('page', { indexedDB });
    expect(await sweep(grid, { store: first })).toMatchObject({ total: 3, done: 3, computed: 3 });
    first.close();
    const reloaded = new IndexedDbStore('page', { indexedDB });
    const again = await sweep(grid, { store: reloaded });
    expect(again).toMatchObject({ total: 3, done: 3, computed: 0 });
    expect(((await reloaded.read(again.points[0].key))?.result as { steps: number[] }).steps).toEqual([0, 1, 2]);
    reloaded.close();
  });
});
