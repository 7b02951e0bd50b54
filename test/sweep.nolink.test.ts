// Lock files on a filesystem without hard links (link() refused with EPERM, as on some FUSE
// mounts): the O_EXCL fallback still gives a key to exactly one of many racing claimers and
// releases cleanly.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileStore } from '../src/node/sweep/FileStore.js';
import type { SweepClaim } from '../src/sweep/SweepStore.js';

const { link } = vi.hoisted(() => ({
  link: vi.fn(async () => {
    throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
  }),
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return { ...fs, link, default: { ...fs, link } };
});

describe('FileStore without hard links', () => {
  it('one winner among racing claimers; the lock goes away on release', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpgd-nolink-'));
    const stores = Array.from({ length: 6 }, (_, i) => new FileStore(dir, { runId: `r${i}` }));
    for (const s of stores) await s.open();
    const key = 'c'.repeat(64);
    const outcomes = await Promise.all(stores.map((s) => s.claim(key)));
    const winners = outcomes.filter((o): o is SweepClaim => typeof o === 'object');
    expect(winners).toHaveLength(1);
    expect(link).toHaveBeenCalledTimes(6); // every claimer tried link() first, then the fallback
    expect(readdirSync(join(dir, 'locks'))).toEqual([`${key}.lock`]);
    await winners[0].release();
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
    for (const s of stores) await s.close();
  });
});
