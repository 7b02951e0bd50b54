// Worker threads do not change a bit (docs/dmft.md §7): dmftThreads with 1, 2 and 3 threads
// against the single-thread, browser-safe dmft().
import { describe, expect, it } from 'vitest';
import { dmft } from '../src/theory/dmft.js';
import { dmftThreads } from '../src/node/dmftThreads.js';

describe('dmftThreads', () => {
  it('threads = 1, 2, 3 give the bits of dmft()', async () => {
    const o = { target: 'paper-1', activation: 'tanh', samples: 150_001, steps: 4, seed: 7, labelNoise: 0.05, weightDecay: 0.1 };
    const single = JSON.stringify(await dmft(o));
    for (const threads of [1, 2, 3]) expect(JSON.stringify(await dmftThreads({ ...o, threads }))).toBe(single);
  });
});
