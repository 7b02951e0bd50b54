// Threads inside one run of the explicit engine (src/kernels/stepPool.ts): each pass is a fixed
// list of row chunks (src/kernels/stepChunks.ts) whose partials are reduced in chunk order, so
// the trajectory has the same bits for 1, 2 or 3 threads. Exact equality: no band is involved.
import { availableParallelism } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { backendInfo } from '../src/backendInfo.js';
import { REDUCE_ALONE_BYTES } from '../src/kernels/gdStep.js';
import { stepChunks } from '../src/kernels/stepChunks.js';
import { stepThreads } from '../src/kernels/stepThreads.js';
import { rowStride } from '../src/simulation/rowStride.js';
import { MemoryLimitError, NonFiniteExpressionError, OptionRangeError } from '../src/errors.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import type { SimulateOptions } from '../src/options/SimulateOptions.js';
import type { Trajectory } from '../src/results/Trajectory.js';
import { simulate } from '../src/simulate.js';
import { runEngine } from '../src/simulation/runEngine.js';
import { runThreads } from '../src/simulation/runThreads.js';

// The probe before a run is off, so that labels not finite reach the data (test/nonFinite.inRun.test.ts).
vi.mock('../src/simulation/checkFiniteOnData.js', () => ({ checkFiniteOnData: () => {} }));

const numbers = (t: Trajectory) => ({ M: t.M, Q: t.Q, trainError: t.trainError, testError: t.testError });

describe('threads inside one run', () => {
  for (const backend of ['simd', 'scalar'] as const) {
    for (const storage of ['f32', 'f64'] as const) {
      for (const schedule of ['multi-pass', 'single-pass'] as const) {
        it(`${backend} ${storage} ${schedule}: threads 1, 2, 3 give identical bits`, async () => {
          // n = 1000: 16 chunks of 64 rows (the last of 40), a ragged tail.
          const base = { d: 300, n: 1000, p: 3, steps: 3, backend, storage, schedule, engine: 'explicit', testError: false } as const;
          const one = numbers(await simulate({ ...base, threads: 1 }));
          for (const threads of [2, 3]) expect(numbers(await simulate({ ...base, threads }))).toEqual(one);
        });
      }
    }
  }

  it('chunk partials of 8 MB and more, summed over the threads: threads 1, 2 give identical bits', async () => {
    // n = 512: 16 chunks of 32 rows; p·ld = 66000 columns, 16 × 66000 × 8 B = 8.4 MB of partials,
    // at least REDUCE_ALONE_BYTES (src/kernels/gdStep.ts): 9 ranges of columns over the threads.
    const base = { d: 33000, n: 512, p: 2, steps: 1, storage: 'f32', schedule: 'multi-pass', engine: 'explicit', testError: false } as const;
    expect(stepChunks(base.n).count * base.p * rowStride(base.d, 4) * 8).toBeGreaterThanOrEqual(REDUCE_ALONE_BYTES);
    const one = numbers(await simulate({ ...base, threads: 1 }));
    expect(numbers(await simulate({ ...base, threads: 2 }))).toEqual(one);
  });

  it('a mini-batch schedule (row lists) gives identical bits over threads', async () => {
    const base = { d: 200, n: 700, p: 2, steps: 4, schedule: 'epochs:3', engine: 'explicit', testError: false } as const;
    expect(numbers(await simulate({ ...base, threads: 2 }))).toEqual(numbers(await simulate({ ...base, threads: 1 })));
  });

  // The training variants of docs/model.md §4 change the fused step (loss, per-sample
  // displacement, second-layer sums as chunk partials) or run it twice (batch displacement).
  it.each([
    ['second layer, per-sample extra-gradient, correlation loss', { secondLayerLr: 0.3, extragradient: 0.5, displacement: 'sample', loss: 'correlation' }],
    ['batch SAM, spherical, alternating second layer, cosine schedule', { sam: 0.2, algorithm: 'spherical', secondLayerLr: 0.2, secondLayerUpdate: 'alternating', lrSchedule: 'cosine' }],
  ] as const)('%s: threads 1, 2, 3 give identical bits (a too)', async (_name, variant) => {
    const base = { d: 300, n: 1000, p: 3, steps: 3, engine: 'explicit', testError: false, ...variant } as const;
    const withA = (t: Trajectory) => ({ ...numbers(t), a: t.a });
    const one = withA(await simulate({ ...base, threads: 1 }));
    for (const threads of [2, 3]) expect(withA(await simulate({ ...base, threads }))).toEqual(one);
  });

  it('backendInfo reports the threads a run uses here (Node: every core, none refused)', async () => {
    const info = await backendInfo();
    expect(info.threads).toBe(Math.min(64, availableParallelism()));
    expect(info.threadsUnavailable).toBeUndefined();
  });

  it('without cross-origin isolation a run falls back to one thread, and backendInfo says why', async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      expect((await stepThreads('simd', 2, 0)).threads).toBe(1);
      const info = await backendInfo();
      expect(info.threads).toBe(1);
      expect(info.threadsUnavailable).toMatch(/Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it('a bad threads value is one error naming threads', async () => {
    for (const threads of [0, 65, 1.5]) {
      const e = await simulate({ d: 100, n: 100, steps: 1, threads }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OptionRangeError);
      expect((e as Error).message).toMatch(/^threads/);
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

describe('sharded runs (rows over workers with memories of their own)', () => {
  /** One run with its rows on `shards` shard workers (forced: these sizes fit one memory). */
  async function sharded(options: SimulateOptions, shards: number): Promise<Trajectory> {
    const resolved = resolveSimulateOptions(options);
    const run = await runThreads(resolved, 1, shards);
    try {
      expect(run.shards?.shards).toBe(shards);
      return runEngine(run.backend, resolved, { shards: run.shards });
    } finally {
      run.shards?.close();
    }
  }

  for (const storage of ['f32', 'f64'] as const) {
    for (const schedule of ['multi-pass', 'single-pass'] as const) {
      it(`${storage} ${schedule}: 3 shards give the bits of the unsharded run`, async () => {
        const base = { d: 300, n: 1000, p: 3, steps: 3, storage, schedule, engine: 'explicit', testError: false, labelNoise: 0.1 } as const;
        expect(numbers(await sharded(base, 3))).toEqual(numbers(await simulate({ ...base, threads: 1 })));
      });
    }
  }

  it('variants of the fused step are refused by name on a sharded run; those applied to W after the pass run sharded', async () => {
    const base = { d: 300, n: 1000, p: 2, steps: 2, engine: 'explicit', testError: false } as const;
    await expect(sharded({ ...base, loss: 'correlation' }, 2)).rejects.toMatchObject({ option: 'loss' });
    await expect(sharded({ ...base, secondLayerLr: 0.1 }, 2)).rejects.toMatchObject({ option: 'secondLayerLr' });
    await expect(sharded({ ...base, sam: 0.1 }, 2)).rejects.toMatchObject({ option: 'sam' });
    const projected = { ...base, algorithm: 'projected', lrSchedule: 'inverse:2' } as const;
    expect(numbers(await sharded(projected, 2))).toEqual(numbers(await simulate({ ...projected, threads: 1 })));
  });

  it('non-finite labels on a shard are reported as in one memory', async () => {
    const base = { d: 50, n: 400, p: 2, steps: 2, target: 'log(z1)', engine: 'explicit', testError: false } as const;
    const one = await simulate({ ...base, threads: 1 }).catch((e: unknown) => e);
    const two = await sharded(base, 2).catch((e: unknown) => e);
    expect(one).toBeInstanceOf(NonFiniteExpressionError);
    expect(two).toBeInstanceOf(NonFiniteExpressionError);
    expect((two as Error).message).toBe((one as Error).message);
  });

  it('a batch beyond the machine memory: MemoryLimitError naming the machine memory and the bytes needed, before allocating', async () => {
    // d = 200000, n = 600000 in f32: 480 GB of rows, beyond any test machine. The option
    // named is alpha, the one that drives the batch size here (sizeOption).
    const e = await simulate({ d: 200_000, alpha: 3, steps: 1, engine: 'explicit' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MemoryLimitError);
    const m = e as MemoryLimitError;
    expect(m.limit).toBe('machine');
    expect(m.bytesNeeded).toBeGreaterThan(200_000 * 600_000 * 4);
    expect(m.message).toMatch(/^alpha: this run needs \d+\.\d\d GiB of memory, more than this machine's \d+\.\d\d GiB/);
  });
});
