import { describe, expect, it } from 'vitest';
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { simulateSeeds } from '../src/simulateSeeds.js';

describe('simulateSeedsThreads (Node)', () => {
  it('gives the same bits as the single-thread runner, for 2 and 3 threads, and reports progress', async () => {
    const options = { d: 257, alpha: 2, steps: 3, seeds: 5, seed: 9, schedule: 'single-pass', labelNoise: 0.1 } as const;
    const one = await simulateSeeds(options);
    let last = 0;
    const two = await simulateSeedsThreads({ ...options, threads: 2, onProgress: (d, t) => (last = d / t) });
    const three = await simulateSeedsThreads({ ...options, threads: 3 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
    expect(last).toBe(1);
  });

  it('validates threads', async () => {
    await expect(simulateSeedsThreads({ threads: 0 })).rejects.toThrow(/^threads must be an integer from 1 to 64/);
  });
});
