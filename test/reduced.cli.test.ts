// `run --engine` and `run --record`: flags → options, and the one-line refusal (exit 2) of the
// reduced engine for re-used data, through the real simulateSeeds.
import { describe, expect, it } from 'vitest';
import type { Commands, RunOptions } from '../src/node/cli/commands.js';
import { defaultCommands } from '../src/node/cli/commands.js';
import { main } from '../src/node/cli/main.js';

async function cli(argv: string[], commands: Commands = defaultCommands) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, cwd: process.cwd() }, commands);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('run --engine / --record', () => {
  it('passes engine and record (a comma list becomes an array; other spellings stay text)', async () => {
    const calls: RunOptions[] = [];
    const fake: Commands = {
      ...defaultCommands,
      simulateSeeds: async (o) => {
        calls.push(o);
        throw new Error('stop');
      },
    };
    await cli(['run', '--engine', 'reduced', '--record', '0, 10,100', '--quiet'], fake);
    await cli(['run', '--record', 'log:50', '--quiet'], fake);
    expect(calls[0].engine).toBe('reduced');
    expect(calls[0].record).toEqual([0, 10, 100]);
    expect(calls[1].record).toBe('log:50');
  });

  it('--engine reduced with multi-pass: one line naming --engine, the explicit engine and the DMFT; exit 2', async () => {
    const r = await cli(['run', '--schedule', 'multi-pass', '--engine', 'reduced', '--d', '100', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--engine .*explicit.*DMFT/);
  });

  it('a real reduced run writes the recorded steps and config.engine', async () => {
    const r = await cli(['run', '--schedule', 'single-pass', '--engine', 'auto', '--d', '200', '--n', '1', '--steps', '200000', '--record', 'log:5', '--quiet', '--no-test-error']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.config.engine).toBe('reduced');
    expect(out.steps).toEqual([0, 1, 21, 447, 9457, 200000]);
  });
});
