// Nothing computed is lost and every failure says what went wrong: a diverging theory writes its
// steps; --analyze limits and an unwritable --out are refused before any work, and an analyser
// refusal found after the work keeps the simulation; a closed pipe and SIGINT/SIGTERM end
// quietly or with one line; stale temporary files are removed; .npz bytes do not depend on the
// clock. Process-level behaviour (pipes, signals) runs the real CLI through tsx.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionRangeError } from '../src/errors.js';
import { defaultCommands, type Commands, type RunOptions } from '../src/node/cli/commands.js';
import { main } from '../src/node/cli/main.js';
import { formatNpz } from '../src/node/io/formatNpz.js';
import { writeResult } from '../src/node/io/writeResult.js';
import type { SeedsResult } from '../src/results/SeedsResult.js';
import { spawnCli, waitFor } from './helpers/spawnCli.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-robust-'));

/** A small hand-made result (T steps, p = k = 1). */
function fakeResult(T = 2): SeedsResult {
  const steps = Array.from({ length: T + 1 }, (_, t) => t);
  const m = steps.map((t) => [[0.1 * t]]);
  const v = steps.map((t) => [0.2 * t]);
  const s = steps.map((t) => 1 / (t + 1));
  return {
    config: { target: 'z1', k: 1, d: 200, p: 1, steps: T }, backend: 'simd', steps, seeds: [0],
    M: { mean: m, se: m }, Q: { mean: m, se: m }, testError: { mean: s, se: s }, trainError: { mean: s, se: s },
    cosine: { mean: v, se: v }, overlap: { mean: v, se: v }, orthogonalOverlap: { mean: steps.map(() => [[]]), se: steps.map(() => [[]]) },
    diverged: [],
  };
}

/** The CLI in-process; `simulateSeeds` counts its calls so that tests can tell "before the work". */
async function cli(argv: string[], overrides: Partial<Commands> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let simulations = 0;
  const commands: Commands = {
    ...defaultCommands,
    simulateSeeds: async (_options: RunOptions) => {
      simulations++;
      return fakeResult();
    },
    ...overrides,
  };
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, cwd: dir }, commands);
  return { code, stdout: out.join(''), stderr: err.join(''), simulations };
}

describe('theory keeps the steps computed before a divergence', () => {
  it('dmft: writes steps 0…6 of a run diverging at step 7, one line naming the step, exit 1', async () => {
    const r = await cli(['theory', '--method', 'dmft', '--target', 'z1', '--samples', '4000', '--lr', '1e6', '--steps', '12', '--out', 'td.json', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('multipass-gd: error: diverged at step 7: the DMFT moments became NaN or infinite; lower lr (the steps before 7 are kept); wrote td.json\n');
    const j = JSON.parse(readFileSync(join(dir, 'td.json'), 'utf8'));
    expect(j.steps).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(j.M.mean.length).toBe(7);
    expect(j.testError.se.length).toBe(7);
  });

  it('single-pass: writes the steps before the divergence, exit 1', async () => {
    const r = await cli(['theory', '--method', 'single-pass', '--activation', 'u^3', '--lr', '10', '--steps', '8', '--out', 'ts.json', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^multipass-gd: error: diverged at step 4: .*; wrote ts\.json\n$/);
    const j = JSON.parse(readFileSync(join(dir, 'ts.json'), 'utf8'));
    expect(j.steps).toEqual([0, 1, 2, 3]);
    expect(j.method).toBe('single-pass');
  });
});

describe('everything checkable is checked before the work', () => {
  it('--analyze with a target beyond the analyser (k = 7) is refused before simulating', async () => {
    const r = await cli(['run', '--target', 'z7', '--analyze', '--d', '2000', '--seeds', '8', '--out', 'a.json', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.simulations).toBe(0);
    expect(r.stderr).toMatch(/^multipass-gd: error: --analyze: .*z7.* maximum of 6 .*\n$/);
    expect(existsSync(join(dir, 'a.json'))).toBe(false);
  });

  it('an analyser refusal found after the simulation keeps the simulation, with the reason beside', async () => {
    const analyze = async () => {
      throw new OptionRangeError('target', 'a target with finite variance', 'exp(z1^3)');
    };
    const r = await cli(['run', '--analyze', '--target', 'z1', '--out', 'kept.json', '--quiet'], { analyze });
    expect(r.code).toBe(0);
    expect(r.simulations).toBe(1);
    expect(r.stderr).toBe("multipass-gd: warning: --analyze: --target must be a target with finite variance (got 'exp(z1^3)'); the simulation is written without the analysis\n");
    const j = JSON.parse(readFileSync(join(dir, 'kept.json'), 'utf8'));
    expect(j.steps).toEqual([0, 1, 2]);
    expect(j.analysis).toBeNull();
    expect(j.analysisError).toMatch(/finite variance/);
  });

  it('an --out that is a directory, lies under a regular file, or cannot be created is refused before simulating', async () => {
    mkdirSync(join(dir, 'isdir.json'));
    writeFileSync(join(dir, 'plain'), 'not a directory');
    const cases: [string, string][] = [
      ['isdir.json', `--out: '${join(dir, 'isdir.json')}' is a directory`],
      ['plain/x.json', `--out: '${join(dir, 'plain')}' is a file, not a directory`],
      // /proc takes no new files, even from root (whom permission bits do not stop).
      ['/proc/x.json', "--out: cannot create a file in '/proc' (ENOENT)"],
    ];
    for (const [out, line] of cases) {
      for (const command of [['run'], ['theory', '--method', 'single-pass']]) {
        const r = await cli([...command, '--out', out, '--quiet']);
        expect(r.stderr).toBe(`multipass-gd: error: ${line}\n`);
        expect(r.code).toBe(2);
        expect(r.simulations).toBe(0);
      }
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('writes', () => {
  afterEach(() => vi.useRealTimers());

  it('.npz bytes do not depend on the clock', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-05-06T07:08:09Z'));
    const a = formatNpz(fakeResult());
    vi.setSystemTime(new Date('2026-01-01T23:59:58Z'));
    const b = formatNpz(fakeResult());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('a temporary file left by a killed writer is removed by the next write of the same path; a live one is not', async () => {
    const sub = mkdtempSync(join(dir, 'stale-'));
    // 2^31 − 2 is above any Linux pid_max, so no process has it; the parent of this test runs.
    const dead = join(sub, '.r.json.2147483646.0123abcd.tmp');
    const live = join(sub, `.r.json.${process.ppid}.0123abcd.tmp`);
    const other = join(sub, '.q.json.2147483646.0123abcd.tmp');
    for (const f of [dead, live, other]) writeFileSync(f, '{"steps": [0');
    await writeResult(join(sub, 'r.json'), fakeResult());
    expect(readdirSync(sub).sort()).toEqual(['.q.json.2147483646.0123abcd.tmp', `.r.json.${process.ppid}.0123abcd.tmp`, 'r.json']);
  });
});

describe('the process', () => {
  it('a reader closing the pipe early ends the CLI quietly (exit 141, no stack trace)', async () => {
    // About 100 kB of JSON: more than a pipe buffer holds, so the writer meets the closed pipe.
    const { child, done } = spawnCli(dir, ['run', '--d', '100', '--seeds', '16', '--steps', '10', '--keep-trajectories', '--quiet']);
    let first = '';
    child.stdout.once('data', (c: Buffer) => {
      first = c.toString().slice(0, 100);
      child.stdout.destroy(); // like `| head -c 100`
    });
    const r = await done;
    expect(first.startsWith('{')).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} during the final write: one line, exit ${code}, the old output and no temporary file left`, async () => {
      const sub = mkdtempSync(join(dir, 'sig-'));
      const out = join(sub, 'r.json');
      writeFileSync(out, 'old');
      // Slow write (test hook): 8 chunks 300 ms apart, so the signal lands inside the write.
      const { child, done } = spawnCli(sub, ['run', '--d', '200', '--steps', '2', '--quiet', '--out', out], { MULTIPASS_GD_TEST_SLOW_WRITE: '300' });
      await waitFor(() => readdirSync(sub).some((n) => n.endsWith('.tmp')));
      child.kill(signal);
      const r = await done;
      expect(r.stderr).toBe(`multipass-gd: 'multipass-gd run' interrupted by ${signal}; nothing was written\n`);
      expect(r.code).toBe(code);
      expect(readFileSync(out, 'utf8')).toBe('old');
      expect(readdirSync(sub)).toEqual(['r.json']);
    });
  }
});
