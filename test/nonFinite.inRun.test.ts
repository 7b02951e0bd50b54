// Labels that are not finite on a batch of the run itself (the fallback behind the probe of
// checkFiniteOnData, which catches every set of Gaussian probability above ~1e-4 before the work):
// the run stops before training on them, names the target and the point, and keeps the steps
// before. The probe is switched off here so that an everywhere-NaN-for-z1<0 target reaches the data.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { NonFiniteExpressionError } from '../src/errors.js';
import { main } from '../src/node/cli/main.js';
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { simulateSeeds } from '../src/simulateSeeds.js';

vi.mock('../src/simulation/checkFiniteOnData.js', () => ({ checkFiniteOnData: () => {} }));

describe('labels not finite on the data of a run', () => {
  it('simulateSeeds throws NonFiniteExpressionError at step 1 with the summary of step 0 as partial', async () => {
    const error = await simulateSeeds({ target: 'log(z1)', d: 200, steps: 3, seeds: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteExpressionError);
    const e = error as NonFiniteExpressionError<{ steps: number[]; trainError: { mean: unknown[]; reason?: string } }>;
    expect(e.option).toBe('target');
    expect(e.step).toBe(1);
    expect(e.point.length).toBe(1);
    expect(e.point[0]).toBeLessThan(0);
    expect(Number.isNaN(e.value)).toBe(true);
    expect(e.partial!.steps).toEqual([0]);
    expect(e.partial!.trainError.reason).toMatch(/the labels f\*\(z\) of the batch are not finite \(log\(z1\) at z = \(-/);
  });

  it('on worker threads the same error comes with the same partial result', async () => {
    const one = await simulateSeeds({ target: 'log(z1)', d: 200, steps: 3, seeds: 3 }).catch((e: unknown) => e);
    const two = await simulateSeedsThreads({ target: 'log(z1)', d: 200, steps: 3, seeds: 3, threads: 2 }).catch((e: unknown) => e);
    expect(two).toBeInstanceOf(NonFiniteExpressionError);
    expect((two as Error).message).toBe((one as Error).message);
    expect(JSON.stringify((two as NonFiniteExpressionError).partial)).toBe(JSON.stringify((one as NonFiniteExpressionError).partial));
  });

  it('the CLI writes the steps before it, one line naming target and point, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpgd-inrun-'));
    const err: string[] = [];
    const code = await main(['run', '--target', 'log(z1)', '--d', '200', '--steps', '3', '--out', 'x.json', '--quiet'], {
      stdout: () => {}, stderr: (s) => err.push(s), stderrIsTTY: false, cwd: dir,
    });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/^multipass-gd: error: target 'log\(z1\)' is not finite on Gaussian data: f\*\(z\) = NaN at z = \(-\d\.\d+\) on the data of step 1 \(the steps before 1 are kept\); wrote x\.json\n$/);
    expect(JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8')).steps).toEqual([0]);
  });
});
