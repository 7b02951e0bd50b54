// sweep() as a library: the browser entry on an in-memory store and the Node entry on a
// directory compute the same bits for the same grid; a second call on the same store computes
// nothing; progress reports every point with the failures counted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepNode } from '../src/node/sweep/sweepNode.js';
import { MemoryStore } from '../src/sweep/MemoryStore.js';
import type { SweepProgress } from '../src/sweep/runSweep.js';
import { sweep } from '../src/sweep/sweep.js';

const grid = { command: 'run', grid: { lr: [0.1, 0.2], seed: [3, 4] }, fixed: { d: 12, steps: 'd/3', testError: false, seeds: 2 } };

describe('sweep API', () => {
  it('browser (MemoryStore) and Node (FileStore) agree bit for bit; reruns compute nothing', async () => {
    const store = new MemoryStore();
    const progress: SweepProgress[] = [];
    const first = await sweep(grid, { store, onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({ total: 4, done: 4, failed: 0, computed: 4 });
    expect(progress.filter((p) => p.last).map((p) => p.done)).toEqual([1, 2, 3, 4]);
    const again = await sweep(grid, { store });
    expect(again).toMatchObject({ total: 4, done: 4, computed: 0 });

    const dir = mkdtempSync(join(tmpdir(), 'mpgd-sweep-api-'));
    const node = await sweepNode(grid, { store: dir });
    expect(node.points.map((p) => p.key)).toEqual(first.points.map((p) => p.key));
    for (const point of node.points) {
      const a = await store.read(point.key);
      const b = await node.store.read(point.key);
      expect(JSON.stringify(b?.result)).toBe(JSON.stringify(a?.result));
    }
  });

  it('theory points: the same fields as theory() returns, the thread count left out of the config', async () => {
    const theoryGrid = { command: 'theory', grid: { lr: [0.1, 0.2] }, fixed: { method: 'single-pass', steps: 3, p: 1, target: 'tanh(z1)' } };
    const dir = mkdtempSync(join(tmpdir(), 'mpgd-sweep-theory-'));
    const out = await sweepNode(theoryGrid, { store: dir, threads: 1 });
    expect(out).toMatchObject({ total: 2, done: 2, failed: 0 });
    const record = await out.store.read(out.points[1].key);
    const result = record?.result as { config: Record<string, unknown>; M: { mean: number[][][] } };
    expect(result.config).toMatchObject({ method: 'single-pass', lr: 0.2 });
    expect(result.config.threads).toBeUndefined();
    expect(result.M.mean).toHaveLength(4);
    const browser = await sweep(theoryGrid);
    expect(JSON.stringify((await browser.store.read(out.points[1].key))?.result)).toBe(JSON.stringify(result));
  });

  it('a shard runs every N-th point', async () => {
    const out = await sweep(grid, { shard: { index: 1, count: 3 } });
    expect(out.points.map((p) => p.index)).toEqual([1]);
    expect(out.computed).toBe(1);
  });
});
