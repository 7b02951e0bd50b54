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

/** Every {mean, se} object holding a null has a reason beside it (walks the whole JSON). */
function expectNoNullWithoutReason(x: unknown, path = ''): void {
  if (x === null || typeof x !== 'object') return;
  const o = x as Record<string, unknown>;
  if ('mean' in o && JSON.stringify([o.mean, o.se ?? []]).includes('null')) {
    expect(typeof o.reason, `${path} has null without a reason`).toBe('string');
  }
  for (const [key, value] of Object.entries(o)) expectNoNullWithoutReason(value, `${path}.${key}`);
}

describe('non-finite values: the expression, the moment or the trajectory', () => {
  const real = { simulateSeeds: defaultCommands.simulateSeeds };

  it('a target or activation not finite on Gaussian data is refused before the work, whatever the learning rate (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--target', 'z1/0'], /^multipass-gd: error: --target 'z1\/0' is not finite on Gaussian data: f\*\(z\) = Infinity at z = \(-?\d\.\d+\)\n$/],
      [['--target', 'log(z1)'], /^multipass-gd: error: --target 'log\(z1\)' is not finite on Gaussian data: f\*\(z\) = NaN at z = \(-\d\.\d+\)\n$/],
      [['--activation', 'sqrt(u)'], /^multipass-gd: error: --activation 'sqrt\(u\)' is not finite on Gaussian data: σ\(u\) = NaN at u = \(-\d\.\d+\)\n$/],
    ];
    for (const [flags, line] of cases) {
      for (const command of [['run', '--lr', '1e-300', '--d', '200'], ['theory', '--method', 'single-pass']]) {
        const r = await cli([...command, ...flags, '--out', 'nf.json', '--quiet'], real);
        expect(r.stderr).toMatch(line);
        expect(r.code).toBe(2);
        expect(existsSync(join(dir, 'nf.json'))).toBe(false);
      }
    }
  });

  it('an infinite second moment: the test error is +∞ (null) with the reason beside it and a warning; exit 0', async () => {
    const cases: [string[], RegExp][] = [
      [['--target', 'exp(z1^3)'], /^E\[f\*\(z\)²\] is infinite for target 'exp\(z1\^3\)'/],
      [['--activation', '1/u'], /^E\[σ\(u\)²\] is infinite for activation '1\/u'.*changes by \d+% under refinement/],
    ];
    for (const [flags, reason] of cases) {
      const r = await cli(['run', ...flags, '--d', '200', '--steps', '2', '--out', 'inf.json', '--quiet'], real);
      expect(r.code).toBe(0);
      const j = JSON.parse(readFileSync(join(dir, 'inf.json'), 'utf8'));
      expect(j.testError.mean).toEqual([null, null, null]);
      expect(j.testError.reason).toMatch(reason);
      expect(r.stderr).toBe(`multipass-gd: warning: test error: ${j.testError.reason}\n`);
      expectNoNullWithoutReason(j);
    }
  });

  it('the theories need finite second moments: refused before the work (exit 2)', async () => {
    const r = await cli(['theory', '--method', 'dmft', '--activation', '1/u', '--samples', '4000', '--out', 'th.json', '--quiet'], real);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^multipass-gd: error: --activation must be of finite second moment for the theory \(E\[σ\(u\)²\] is infinite/);
    expect(existsSync(join(dir, 'th.json'))).toBe(false);
  });

  it('a diverging trajectory and a disabled test error write no null without a reason', async () => {
    const d = await cli(['run', '--activation', 'He5(He5(u))', '--d', '200', '--out', 'he.json', '--quiet'], real);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/seeds diverged .*; lower --lr\n$/);
    const j = JSON.parse(readFileSync(join(dir, 'he.json'), 'utf8'));
    expect(j.trainError.mean).toContain(null);
    expectNoNullWithoutReason(j);
    const n = await cli(['run', '--no-test-error', '--d', '200', '--steps', '0', '--out', 'nt.json', '--quiet'], real);
    expect(n.code).toBe(0);
    const k = JSON.parse(readFileSync(join(dir, 'nt.json'), 'utf8'));
    expect(k.testError.reason).toBe('not computed (testError: false)');
    expect(k.overlap.reason).toMatch(/step-1 direction/);
    expectNoNullWithoutReason(k);
  });

  it('labels of the initial batch beyond the f32 range: no learning rate is blamed (exit 1, partial written)', async () => {
    const r = await cli(['run', '--target', 'exp(z1^4)', '--d', '200', '--lr', '1e-300', '--out', 'g.json', '--quiet'], real);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/seed 0 at step 1\); wrote g\.json with steps 0…0; the gradient at the initial weights is not finite: .* whatever the learning rate\n$/);
    expect(r.stderr).not.toMatch(/lower --lr/);
    expectNoNullWithoutReason(JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8')));
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
    // About 600 kB of JSON, many times what a pipe buffers (64 kB), so the writer meets the
    // closed pipe; --no-test-error keeps it fast.
    const { child, done } = spawnCli(dir, ['run', '--d', '20', '--seeds', '64', '--steps', '20', '--keep-trajectories', '--no-test-error', '--quiet']);
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
