// The CLI in-process with captured output and injected API functions: flag → option
// mapping for every flag, one-line errors with exit code 2 for every bad-input class,
// divergence (file written, exit 1), the subcommand table, progress lines.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DivergenceError, ExpressionError, MemoryLimitError, OptionRangeError, OptionTypeError } from '../src/errors.js';
import type { Commands, RunOptions } from '../src/node/cli/commands.js';
import { main } from '../src/node/cli/main.js';
import type { SeedsResult } from '../src/results/SeedsResult.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-cli-'));

/** A small hand-made SeedsResult (T steps, p = k = 2). */
function fakeResult(T = 2, seeds = [11, 12], diverged: SeedsResult['diverged'] = []): SeedsResult {
  const steps = Array.from({ length: T + 1 }, (_, t) => t);
  const mat = (v: number) => steps.map((t) => [[v * t, 0.5], [0.25, v]]);
  const vec = (v: number) => steps.map((t) => [v * t, -v]);
  return {
    config: { target: 'tanh(z1 + He3(z2))', k: 2, d: 200, p: 2, steps: T },
    backend: 'simd',
    steps,
    seeds,
    M: { mean: mat(0.1), se: mat(0.01) },
    Q: { mean: mat(1), se: mat(0.001) },
    testError: { mean: steps.map((t) => 1 / (t + 1)), se: steps.map(() => 0.01) },
    trainError: { mean: steps.map((t) => 1 / (t + 2)), se: steps.map(() => 0.02) },
    cosine: { mean: vec(0.3), se: vec(0.003) },
    overlap: { mean: vec(0.2), se: vec(0.002) },
    orthogonalOverlap: { mean: steps.map((t) => [[0.001 * t], [0]]), se: steps.map(() => [[0.0005], [0.0005]]) },
    diverged,
  };
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Options simulateSeeds received (onProgress removed), one entry per call. */
  calls: Record<string, unknown>[];
}

async function cli(argv: string[], overrides: Partial<Commands> = {}, now?: () => number): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const calls: Record<string, unknown>[] = [];
  const commands: Commands = {
    simulateSeeds: async (options: RunOptions) => {
      const { onProgress, ...rest } = options;
      expect(typeof onProgress).toBe('function');
      calls.push(rest);
      return fakeResult();
    },
    backendVariant: async () => 'simd',
    ...overrides,
  };
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, cwd: dir, now }, commands);
  return { code, stdout: out.join(''), stderr: err.join(''), calls };
}

/** Asserts exit code 2, nothing on stdout and exactly `line` (one line) on stderr. */
function expectUsageError(r: CliRun, line: string): void {
  expect(r.stderr).toBe(`multipass-gd: error: ${line}\n`);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
}

describe('flags → options', () => {
  it('maps every SimulateOptions flag and --seeds', async () => {
    const r = await cli([
      'run', '--target', 'tanh(z1 + He3(z2))', '--k', '3', '--activation', 'tanh(u)', '--d', '5e3', '--alpha', '3',
      '--n', '15000', '--p', '2', '--lr', '0.2', '--steps', '6', '--schedule', 'resample:2', '--weight-decay', '0.01',
      '--label-noise', '0.1', '--init', '[[0.1,0,0],[0,0.1,0]]', '--second-layer', 'ones', '--seed', '11',
      '--storage', 'f64', '--backend', 'scalar', '--no-test-error', '--seeds', '32', '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      {
        target: 'tanh(z1 + He3(z2))', k: 3, activation: 'tanh(u)', d: 5000, alpha: 3, n: 15000, p: 2, lr: 0.2, steps: 6,
        schedule: 'resample:2', weightDecay: 0.01, labelNoise: 0.1, init: { m0: [[0.1, 0, 0], [0, 0.1, 0]] },
        secondLayer: 'ones', seed: 11, storage: 'f64', backend: 'scalar', testError: false, seeds: 32,
      },
    ]);
  });

  it('passes only the flags given, so the API defaults apply', async () => {
    const r = await cli(['run', '--quiet']);
    expect(r.calls).toEqual([{}]);
  });

  it.each([
    [['--init', 'orthogonal'], { init: 'orthogonal' }],
    [['--init', 'random'], { init: 'random' }],
    [['--m0', '[[0.1,0],[0,0.1]]'], { init: { m0: [[0.1, 0], [0, 0.1]] } }],
    [['--init', '{"m0":[[0.2,0]]}'], { init: { m0: [[0.2, 0]] } }],
    [['--schedule', 'epochs:500', '--lr', '-0.5', '--d', '.5e+4'], { schedule: 'epochs:500', lr: -0.5, d: 5000 }],
    [['--keep-trajectories', '--seed', '0'], { keepTrajectories: true, seed: 0 }],
  ])('%j', async (flags, expected) => {
    const r = await cli(['run', '--quiet', ...flags]);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([expected]);
  });

  it('prints the result as JSON on stdout without --out', async () => {
    const r = await cli(['run', '--quiet']);
    const json = JSON.parse(r.stdout);
    expect(json.config.target).toBe('tanh(z1 + He3(z2))');
    expect(json.steps).toEqual([0, 1, 2]);
    expect(json.M.mean[2]).toEqual([[0.2, 0.5], [0.25, 0.1]]);
    expect(r.stderr).toBe('');
  });

  it('writes --out in each format and says so on stderr', async () => {
    for (const ext of ['json', 'csv', 'npz']) {
      const r = await cli(['run', '--out', `flags.${ext}`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`multipass-gd: wrote flags.${ext}\n`);
      expect(readdirSync(dir)).toContain(`flags.${ext}`);
    }
    expect(readFileSync(join(dir, 'flags.csv'), 'utf8').split('\n')[0]).toBe('observable,t,j,index,mean,se');
  });
});

describe('bad input: one line on stderr, exit code 2', () => {
  it('unknown flag', async () => expectUsageError(await cli(['run', '--depth', '3']), "unknown option '--depth'"));
  it('unknown subcommand', async () => expectUsageError(await cli(['simulate']), "unknown command 'simulate'"));
  it('missing flag value', async () => expectUsageError(await cli(['run', '--d']), "option '--d <int>' argument missing"));
  it('stray argument', async () =>
    expectUsageError(await cli(['run', 'extra']), "too many arguments for 'run'. Expected 0 arguments but got 1."));

  it.each([
    ['--d', '12abc'],
    ['--d', ''],
    ['--lr', 'NaN'],
    ['--alpha', 'Infinity'],
    ['--seeds', '3x'],
    ['--weight-decay', '0x10'],
    ['--steps', '1e'],
  ])('non-numeric %s %j', async (flag, value) => {
    const r = await cli(['run', flag, value]);
    expectUsageError(r, `${flag} must be a finite number (got '${value}')`);
    expect(r.calls).toEqual([]);
  });

  it.each([
    [new OptionRangeError('d', 'an integer from 2 to 10000000', 2.5), '--d must be an integer from 2 to 10000000 (got 2.5)'],
    [new OptionRangeError('weightDecay', 'a finite number ≥ 0', -1), '--weight-decay must be a finite number ≥ 0 (got -1)'],
    [new OptionRangeError('labelNoise', 'a finite number ≥ 0', -2), '--label-noise must be a finite number ≥ 0 (got -2)'],
    [new OptionTypeError('secondLayer', "must be 'alternating', 'ones', 'mean' or 'random-signs'"),
      "--second-layer: must be 'alternating', 'ones', 'mean' or 'random-signs'"],
    [new OptionRangeError('schedule', "'multi-pass', 'single-pass', 'resample:R' or 'epochs:B'", 'bogus'),
      "--schedule must be 'multi-pass', 'single-pass', 'resample:R' or 'epochs:B' (got 'bogus')"],
    [new OptionRangeError('seeds', 'an integer from 1 to 100000', 0), '--seeds must be an integer from 1 to 100000 (got 0)'],
    [new OptionTypeError('testError', 'must be true or false'), '--no-test-error: must be true or false'],
    [new OptionRangeError('init.m0[1]', 'a row of norm < 1', [0.9, 0.9]), '--init[1] must be a row of norm < 1 (got [0.9,0.9])'],
    [new ExpressionError('target', 'z1 +', 4, "expected an operand but found end of input"),
      "--target: expected an operand but found end of input at column 5 of 'z1 +'"],
    [new ExpressionError('activation', 'foo(u)', 0, "unknown function 'foo'"),
      "--activation: unknown function 'foo' at column 1 of 'foo(u)'"],
    [new MemoryLimitError('d', 6 * 2 ** 30, 2 ** 32),
      "--d: this run needs 6.00 GiB of WebAssembly memory, more than the 4.00 GiB available; lower d or n (alpha)"],
  ])('typed API error %#: %s', async (error, line) => {
    const r = await cli(['run', '--quiet'], { simulateSeeds: async () => { throw error; } });
    expectUsageError(r, line);
  });

  it('names --m0 when the user typed --m0', async () => {
    const error = new OptionRangeError('init.m0', 'a p×k array (2×2)', [[0.1]]);
    const r = await cli(['run', '--m0', '[[0.1]]'], { simulateSeeds: async () => { throw error; } });
    expectUsageError(r, '--m0 must be a p×k array (2×2) (got [[0.1]])');
  });

  it.each([
    [['--init', 'zeros'], "--init must be orthogonal, random or a JSON p×k array such as [[0.1,0],[0,0.1]] (got 'zeros')"],
    [['--m0', '[[0.1,'], "--m0 must be a JSON p×k array such as [[0.1,0],[0,0.1]]; '[[0.1,' is not valid JSON"],
    [['--m0', '0.1'], "--m0 must be a JSON p×k array such as [[0.1,0],[0,0.1]] (got '0.1')"],
    [['--init', 'random', '--m0', '[[0]]'], '--init and --m0 cannot both be given'],
  ])('bad init %j', async (flags, line) => expectUsageError(await cli(['run', ...flags]), line));

  it.each(['run.txt', 'run', 'results/.json'])('bad --out %j is refused before the run', async (out) => {
    const r = await cli(['run', '--out', out]);
    expectUsageError(r, `--out: must be a file name ending in .json, .csv or .npz (got '${out}')`);
    expect(r.calls).toEqual([]);
  });

  it('an --out directory that does not exist is refused before the run', async () => {
    const r = await cli(['run', '--out', 'no/such/dir/run.json']);
    expectUsageError(r, `--out: directory '${join(dir, 'no/such/dir')}' does not exist`);
    expect(r.calls).toEqual([]);
  });
});

describe('runtime failures: one line, exit code 1', () => {
  it('divergence listed in the result: writes the file, names the step, exits 1', async () => {
    const diverged = [{ seed: 12, step: 3 }];
    const r = await cli(['run', '--seeds', '2', '--out', 'diverged.json'], {
      simulateSeeds: async () => fakeResult(2, [11, 12], diverged),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'multipass-gd: error: 1 of 2 seeds diverged (seed 12 at step 3); wrote diverged.json with steps 0…2; lower --lr\n',
    );
    const json = JSON.parse(readFileSync(join(dir, 'diverged.json'), 'utf8'));
    expect(json.diverged).toEqual(diverged);
    expect(json.steps).toEqual([0, 1, 2]);
  });

  it('divergence without --out still prints the JSON', async () => {
    const diverged = [1, 2, 3, 4].map((s) => ({ seed: s, step: 5 }));
    const r = await cli(['run'], { simulateSeeds: async () => fakeResult(4, [0, 1, 2, 3, 4], diverged) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diverged).toHaveLength(4);
    expect(r.stderr).toBe(
      'multipass-gd: error: 4 of 5 seeds diverged (seed 1 at step 5, seed 2 at step 5, seed 3 at step 5, …); ' +
        'printed the result with steps 0…4; lower --lr\n',
    );
  });

  it('a thrown DivergenceError with a partial result: writes it and exits 1', async () => {
    const partial = fakeResult(1);
    const r = await cli(['run', '--out', 'partial.npz'], { simulateSeeds: async () => { throw new DivergenceError(2, partial); } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'multipass-gd: error: diverged at step 2: the weights became NaN or infinite; lower lr (the steps before 2 are kept); wrote partial.npz\n',
    );
    expect(readdirSync(dir)).toContain('partial.npz');
  });

  it('an unexpected error prints one line without a stack trace', async () => {
    const r = await cli(['run'], { simulateSeeds: async () => { throw new Error('kernel exploded\n    at foo (bar.ts:1:1)'); } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('multipass-gd: error: kernel exploded at foo (bar.ts:1:1)\n');
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('version and help', () => {
  it.each([['--version'], ['-V'], ['version']])('%s prints the version and the WASM build', async (flag) => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await cli([flag], { backendVariant: async () => 'scalar' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`multipass-gd ${pkg.version} (wasm: scalar)\n`);
    expect(r.stdout).toMatch(/^multipass-gd \d+\.\d+\.\d+ \(wasm: (simd|scalar)\)\n$/);
  });

  it('--help exits 0 and lists the subcommands; no subcommand prints help on stderr with exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['run', 'theory', 'reproduce', 'analyze', 'version']) expect(help.stdout).toContain(c);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: multipass-gd');
  });

  it('run --help documents every flag', async () => {
    const r = await cli(['run', '--help']);
    for (const flag of [
      '--target', '--k', '--activation', '--d', '--alpha', '--n', '--p', '--lr', '--steps', '--schedule', '--weight-decay',
      '--label-noise', '--init', '--m0', '--second-layer', '--seed', '--storage', '--backend', '--no-test-error', '--seeds',
      '--out', '--quiet', '--progress', '--analyze',
    ]) expect(r.stdout).toContain(`${flag} `);
  });
});

describe('theory, reproduce, analyze: looked up in the command table', () => {
  it.each([
    [['theory', '--method', 'dmft'], 'theory'],
    [['reproduce', '--paper'], 'reproduce'],
    [['analyze', '--target', 'z1*z2'], 'analyze'],
    [['run', '--analyze'], '--analyze'],
  ])('%j without an implementation: not available, exit 1', async (argv, name) => {
    const r = await cli(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`multipass-gd: error: ${name} is not available in this build\n`);
    expect(r.stdout).toBe('');
    expect(r.calls).toEqual([]);
  });

  it('theory gets the simulate options, method, samples and threads, and is written like run', async () => {
    let got: Record<string, unknown> = {};
    const r = await cli(
      ['theory', '--method', 'single-pass', '--target', 'paper-1', '--alpha', '2', '--lr', '0.1', '--p', '3', '--steps', '4',
        '--samples', '1e6', '--threads', '2', '--weight-decay', '0.5', '--out', 'theory.csv'],
      { theory: async ({ onProgress, ...o }) => { got = o; onProgress?.(1, 1); return fakeResult(); } },
    );
    expect(r.code).toBe(0);
    expect(got).toEqual({ method: 'single-pass', target: 'paper-1', alpha: 2, lr: 0.1, p: 3, steps: 4, samples: 1e6, threads: 2, weightDecay: 0.5 });
    expect(readFileSync(join(dir, 'theory.csv'), 'utf8')).toContain('overlap,2,0,,0.4,0.004');
  });

  it('theory refuses a bad or missing --method with exit 2', async () => {
    const theory = async () => fakeResult();
    expectUsageError(await cli(['theory', '--method', 'mc'], { theory }), "--method must be dmft or single-pass (got 'mc')");
    expectUsageError(await cli(['theory'], { theory }), '--method must be dmft or single-pass (got nothing)');
    expectUsageError(await cli(['theory', '--method', 'dmft', '--schedule', 'single-pass'], { theory }), '--schedule is not an option of theory; it is one of run');
  });

  it('reproduce gets its options and a context, and returns the exit code', async () => {
    let got: unknown;
    const r = await cli(['reproduce', '--out', 'fig', '--d', '1000', '--seeds', '8', '--samples', '1e5', '--steps', '6', '--paper'], {
      reproduce: async (o, ctx) => {
        got = o;
        ctx.stdout('table\n');
        return 0;
      },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('table\n');
    expect(got).toEqual({ out: join(dir, 'fig'), d: 1000, seeds: 8, samples: 1e5, steps: 6, paper: true });
    const dflt = await cli(['reproduce'], { reproduce: async (o) => { got = o; } });
    expect(dflt.code).toBe(0);
    expect(got).toEqual({ out: join(dir, 'results'), paper: false });
  });

  it('analyze prints the table, or JSON with --json', async () => {
    const analysis = { k: 2, multiPass: { levels: [[[1, 0], [0, 1]]], hard: [] } };
    const impl = { analyze: async () => analysis, formatAnalysis: () => 'z1, z2: learnt in O(1) steps' };
    const table = await cli(['analyze', '--target', 'z1 + z1*z2', '--degree', '6'], impl);
    expect(table.stdout).toBe('z1, z2: learnt in O(1) steps\n');
    const json = await cli(['analyze', '--target', 'z1 + z1*z2', '--json'], impl);
    expect(JSON.parse(json.stdout)).toEqual(analysis);
    expectUsageError(await cli(['analyze'], impl), '--target is required');
    expectUsageError(await cli(['analyze', '--target', 'z1', '--tolerance', 'tiny'], impl), "--tolerance must be a finite number (got 'tiny')");
    let asked: unknown;
    await cli(['analyze', '--target', 'paper-2', '--activation', 'tanh', '--alpha', '2', '--lr', '0.1', '--steps', '4'], { ...impl, analyze: async (o) => { asked = o; return analysis; } });
    expect(asked).toEqual({ target: 'paper-2', activation: 'tanh', alpha: 2, lr: 0.1, steps: 4 });
  });

  it('run --analyze adds the analysis under "analysis"', async () => {
    let asked: unknown;
    const r = await cli(['run', '--analyze', '--quiet'], { analyze: async (o) => { asked = o; return { k: 2 }; } });
    expect(r.code).toBe(0);
    // The run's student (here only its steps are in the fake config) goes to the analyser.
    expect(asked).toEqual({ target: 'tanh(z1 + He3(z2))', k: 2, steps: 2 });
    expect(JSON.parse(r.stdout).analysis).toEqual({ k: 2 });
  });
});

describe('progress', () => {
  /** simulateSeeds that reports 10 units while a fake clock advances 1.5 s per unit. */
  function slowRun(clock: { t: number }): Partial<Commands> {
    return {
      simulateSeeds: async ({ onProgress }) => {
        for (let i = 1; i <= 10; i++) {
          clock.t += 1500;
          onProgress?.(i, 10);
        }
        return fakeResult();
      },
    };
  }

  it('without a terminal, prints a plain line at most every 5 s with an ETA', async () => {
    const clock = { t: 0 };
    const r = await cli(['run', '--out', 'progress.json'], slowRun(clock), () => clock.t);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'multipass-gd: run 4/10 (40%), elapsed 6s, ETA 9s',
      'multipass-gd: run 8/10 (80%), elapsed 12s, ETA 3s',
      'multipass-gd: wrote progress.json',
    ]);
  });

  it('--quiet prints nothing', async () => {
    const clock = { t: 0 };
    const r = await cli(['run', '--quiet', '--out', 'quiet.json'], slowRun(clock), () => clock.t);
    expect(r.stderr).toBe('');
  });
});
