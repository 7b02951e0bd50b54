// The training-variant flags of `run` (docs/model.md §4): they reach the explicit engine and
// its written result (the trained second layer `a` in JSON and CSV), and bad values or
// combinations give one line naming the flag and exit 2.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn, usageLine } from './helpers/cliInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-cli-training-'));
const cli = cliIn(dir);
const SMALL = ['--d', '60', '--steps', '2', '--quiet'];

describe('run: training-variant flags', () => {
  it('reach the run: config, and `a` per step in JSON and CSV when the second layer is trained', async () => {
    const r = await cli(['run', '--algorithm', 'spherical', '--sam', '0.2', '--displacement', 'sample', '--loss', 'exponential',
      '--lr-schedule', 'warmup:2+cosine', '--second-layer-lr', '0.3', ...SMALL]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.config).toMatchObject({ algorithm: 'spherical', sam: 0.2, displacement: 'sample', loss: 'exponential', lrSchedule: 'warmup:2+cosine', secondLayerLr: 0.3 });
    expect(out.a.mean.length).toBe(3);
    const csv = await cli(['run', '--second-layer-lr', '0.3', '--out', 'trained.csv', ...SMALL]);
    expect(csv.code).toBe(0);
    expect(readFileSync(join(dir, 'trained.csv'), 'utf8')).toMatch(/^a,2,0,,/m);
  });

  it.each([
    [['--algorithm', 'adam'], '--algorithm'],
    [['--sam', 'nan'], '--sam'],
    [['--extragradient', '-1'], '--extragradient'],
    [['--sam', '0.1', '--extragradient', '0.1'], '--extragradient'],
    [['--displacement', 'sample'], '--displacement'],
    [['--loss', 'hinge'], '--loss'],
    [['--lr-schedule', 'linear'], '--lr-schedule'],
    [['--second-layer-every', '0', '--second-layer-lr', '0.1'], '--second-layer-every'],
  ])('%j: exit 2, one line naming %s', async (flags, flag) => {
    const line = usageLine(await cli(['run', ...flags, ...SMALL]));
    expect(line).toContain(flag);
  });
});
