// The real CLI (no fake commands) on the option ranges (src/options/optionRanges.ts): one range
// per option in --help, errors and every module; options a command does not use refused with
// one line and exit 2; theory's progress; errors from worker threads with their detail
// (MemoryLimitError with sizes, never NaN, and advice that helps). All cases fail before any
// large allocation (the memory checks run before allocating), so they are quick.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn, usageLine } from './helpers/cliInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-cli-validation-'));

const cli = (argv: string[], now?: () => number) => cliIn(dir, now ? { now } : {})(argv);

describe('one range per option, named as the user gave it', () => {
  it('run --target z20 runs (k = 20 is in 1…64 for the test-error rule too)', async () => {
    const r = await cli(['run', '--target', 'z20', '--d', '100', '--steps', '0', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config.k).toBe(20);
  });

  it('a target above k = 64 names --target, the flag the user gave, not --k', () => {
    return cli(['run', '--target', 'z65', '--d', '100', '--quiet']).then((r) => {
      const line = usageLine(r);
      expect(line).toMatch(/--target: variable 'z65' needs k = 65, above the maximum of 64/);
      expect(line).not.toMatch(/--k/);
    });
  });

  it('--help and the errors give the same range for --p, --k, --samples and --threads', async () => {
    const help = (await cli(['run', '--help'])).stdout;
    expect(help).toMatch(/--p <int>\s+hidden units, 1…256/);
    expect(help).toMatch(/--k <int>\s+number of target directions, 1…64/);
    expect(help).toMatch(/--threads <int>\s+threads, 1…64:/);
    const theoryHelp = (await cli(['theory', '--help'])).stdout;
    expect(theoryHelp).toMatch(/--p <int>\s+hidden units, 1…256/);
    expect(theoryHelp).toMatch(/--samples <int>\s+Monte Carlo samples S of the DMFT, 1000…1e8/);
    expect(usageLine(await cli(['run', '--p', '257', '--quiet']))).toMatch(/--p must be an integer from 1 to 256 \(got 257\)/);
    expect(usageLine(await cli(['theory', '--method', 'dmft', '--p', '257', '--quiet']))).toMatch(/--p must be an integer from 1 to 256 \(got 257\)/);
    expect(usageLine(await cli(['theory', '--method', 'single-pass', '--k', '65', '--quiet']))).toMatch(/--k must be an integer from 1 to 64 \(got 65\)/);
    expect(usageLine(await cli(['theory', '--method', 'dmft', '--threads', '65', '--quiet']))).toMatch(/--threads must be an integer from 1 to 64/);
    expect(usageLine(await cli(['run', '--threads', '65', '--seeds', '2', '--quiet']))).toMatch(/--threads must be an integer from 1 to 64/);
  });
});

describe('options a command does not use are refused', () => {
  it.each([
    [['theory', '--method', 'dmft', '--storage', 'f64'], /--storage is not an option of theory; it is one of run/],
    [['theory', '--method', 'dmft', '--d', '100'], /--d is not an option of theory; it is one of run, reproduce/],
    [['theory', '--method', 'dmft', '--no-test-error'], /--no-test-error is not an option of theory; it is one of run/],
    [['theory', '--method', 'single-pass', '--samples', '5000'], /--samples: not used by theory with method 'single-pass'/],
    [['theory', '--method', 'single-pass', '--threads', '2'], /--threads: not used by theory with method 'single-pass'/],
    [['run', '--samples', '5000'], /--samples is not an option of run; it is one of theory, reproduce/],
    [['run', '--method', 'dmft'], /--method is not an option of run; it is one of theory/],
  ])('%j', async (argv, message) => {
    expect(usageLine(await cli([...argv, '--quiet']))).toMatch(message);
  });
});

describe('theory --progress', () => {
  // A clock that advances 10 s per reading: every update is past the 5 s throttle of the line
  // reporter (src/node/progress.ts), so each step prints a line with its ETA.
  const clock = () => {
    let t = 0;
    return () => (t += 10_000);
  };

  it.each([['dmft', ['--samples', '2000']], ['single-pass', []]])('%s reports its steps with an ETA on stderr', async (method, extra) => {
    const r = await cli(['theory', '--method', method, '--steps', '2', '--progress', ...extra], clock());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^multipass-gd: ${method} \\d+/\\d+ \\(\\d+%\\), elapsed \\S+, ETA \\S+$`, 'm'));
  });
});

describe('errors from worker threads keep their detail', () => {
  it('theory --samples 1e8 --threads 2: sizes in GiB (no NaN), advice about samples and threads', async () => {
    const line = usageLine(await cli(['theory', '--method', 'dmft', '--samples', '1e8', '--threads', '2', '--quiet']));
    expect(line).toMatch(/^multipass-gd: error: --samples: this run needs \d+\.\d\d GiB of WebAssembly memory, more than the \d+\.\d\d GiB available; lower samples or steps, or spread the samples over more threads/);
    expect(line).not.toMatch(/NaN|lower d|f32/);
  });

  // d = 200000 (480 GB of rows): beyond the machine; d = 20000 runs, its rows sharded past one WASM memory.
  it('run --d 200000 --seeds 2 --threads 2 gives the same line and exit 2 as one thread', async () => {
    const one = usageLine(await cli(['run', '--d', '200000', '--seeds', '2', '--quiet']));
    const two = usageLine(await cli(['run', '--d', '200000', '--seeds', '2', '--threads', '2', '--quiet']));
    expect(two).toBe(one);
    expect(one).toMatch(/^multipass-gd: error: --d: this run needs \d+\.\d\d GiB of memory, more than this machine's \d+\.\d\d GiB; lower d or n \(alpha\)$/);
  });

  it("suggests storage 'f32' only when the run stores f64", async () => {
    const f64 = usageLine(await cli(['run', '--d', '200000', '--storage', 'f64', '--quiet']));
    expect(f64).toMatch(/lower d or n \(alpha\), or use storage 'f32'$/);
    const f32 = usageLine(await cli(['run', '--d', '200000', '--storage', 'f32', '--quiet']));
    expect(f32).not.toMatch(/f32/);
  });
});
