import { describe, expect, it } from 'vitest';
import { DivergenceError } from '../src/errors.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { summarizeTrajectories, type SeedRun } from '../src/summarizeTrajectories.js';

async function runSeed({ seeds, ...options }: Record<string, unknown>, seed: number): Promise<SeedRun> {
  void seeds;
  try {
    return { seed, trajectory: await simulate({ ...options, seed }) };
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    return { seed, trajectory: e.partial as SeedRun['trajectory'], divergedAt: e.step };
  }
}

describe('summarizeTrajectories', () => {
  it('gives the bits of simulateSeeds from per-seed simulate runs', async () => {
    const options = { target: 'tanh(z1 + He3(z2))', d: 203, alpha: 2, steps: 3, seeds: 4, seed: 5, schedule: 'resample:2' } as const;
    const runs = await Promise.all([5, 6, 7, 8].map((s) => runSeed(options, s)));
    expect(JSON.stringify(await summarizeTrajectories(options, runs))).toBe(JSON.stringify(await simulateSeeds(options)));
  });

  it('reports diverged seeds as simulateSeeds does', async () => {
    const options = { d: 64, alpha: 2, steps: 6, seeds: 2, seed: 1, lr: 50, activation: 'u^3' } as const;
    const runs = await Promise.all([1, 2].map((s) => runSeed(options, s)));
    const expected = await simulateSeeds(options);
    expect(expected.diverged.length).toBeGreaterThan(0);
    expect(JSON.stringify(await summarizeTrajectories(options, runs))).toBe(JSON.stringify(expected));
  });
});
