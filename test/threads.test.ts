// Threads inside one run of the explicit engine (src/kernels/stepPool.ts): each pass is a fixed
// list of row chunks (src/kernels/stepChunks.ts) whose partials are reduced in chunk order, so
// the trajectory has the same bits for 1, 2 or 3 threads. Exact equality: no band is involved.
import { describe, expect, it } from 'vitest';
import { OptionRangeError } from '../src/errors.js';
import { simulate } from '../src/simulate.js';
import type { Trajectory } from '../src/results/Trajectory.js';

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

  it('a mini-batch schedule (row lists) gives identical bits over threads', async () => {
    const base = { d: 200, n: 700, p: 2, steps: 4, schedule: 'epochs:3', engine: 'explicit', testError: false } as const;
    expect(numbers(await simulate({ ...base, threads: 2 }))).toEqual(numbers(await simulate({ ...base, threads: 1 })));
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
