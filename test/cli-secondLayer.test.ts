// The CLI flags of the random second layers and of committee targets (docs/model.md §1): they
// reach the run, and bad values give one line naming the flag and exit 2.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn, usageLine } from './helpers/cliInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-cli-second-layer-'));

const cli = cliIn(dir);


const SMALL = ['--d', '100', '--steps', '1', '--quiet'];

describe('--second-layer rademacher|gaussian and --second-layer-seed', () => {
  it('reach the run and its config', async () => {
    const g = await cli(['run', '--second-layer', 'gaussian', '--second-layer-seed', '12', ...SMALL]);
    expect(g.code).toBe(0);
    const config = JSON.parse(g.stdout).config;
    expect(config.secondLayer).toBe('gaussian');
    expect(config.secondLayerSeed).toBe(12);
    const r = await cli(['run', '--second-layer', 'random-signs', ...SMALL]);
    expect(JSON.parse(r.stdout).config.secondLayer).toBe('rademacher');
    const t = await cli(['theory', '--method', 'single-pass', '--second-layer', 'rademacher', '--second-layer-seed', '3', '--steps', '1', '--quiet']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout).config.secondLayerSeed).toBe(3);
  });

  it('bad values: one line naming the flag, exit 2', async () => {
    expect(usageLine(await cli(['run', '--second-layer', 'normal', ...SMALL]))).toMatch(/--second-layer must be one of 'alternating', 'ones', 'mean', 'rademacher', 'gaussian'/);
    expect(usageLine(await cli(['run', '--second-layer-seed', '-1', ...SMALL]))).toMatch(/--second-layer-seed must be an integer from 0 to 4294967295 \(got -1\)/);
    expect(usageLine(await cli(['run', '--second-layer-seed', 'x', ...SMALL]))).toMatch(/--second-layer-seed must be a finite number \(got 'x'\)/);
  });
});

describe("--target 'committee(σ, k)'", () => {
  it('runs with the expansion recorded', async () => {
    const r = await cli(['run', '--target', 'committee(tanh, 2)', ...SMALL]);
    expect(r.code).toBe(0);
    const config = JSON.parse(r.stdout).config;
    expect(config.target).toBe('committee(tanh, 2)');
    expect(config.targetExpression).toBe('(tanh(z1) + tanh(z2))/2');
  });

  it('a bad committee: one line naming --target and the column, exit 2', async () => {
    expect(usageLine(await cli(['run', '--target', 'committee(relu, 0)', ...SMALL]))).toMatch(/--target: committee size k must be at least 1 at column 17/);
    expect(usageLine(await cli(['run', '--target', 'committee(rlu, 2)', ...SMALL]))).toMatch(/--target: unknown variable 'rlu'.* at column 11/);
  });
});
