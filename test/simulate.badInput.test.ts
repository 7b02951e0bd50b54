// Bad input: every option is validated before any work; the API throws a typed
// error naming the option and the allowed range.
import { describe, expect, it } from 'vitest';
import { DivergenceError, ExpressionError, MemoryLimitError, OptionRangeError, OptionTypeError, UnusedOptionError } from '../src/errors.js';
import { GaussianRule } from '../src/gaussian/GaussianRule.js';
import { dmftThreads } from '../src/node/dmftThreads.js';
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { reviveError, serializeError } from '../src/node/workerError.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { resolveDmftOptions } from '../src/theory/dmftOptions.js';
import { stateEvolution } from '../src/theory/stateEvolution.js';
import { theory } from '../src/theory/theory.js';
import type { TheoryOptions } from '../src/theory/TheoryOptions.js';
import { loadBackend } from '../src/wasm/backend.js';

type Case = [string, Record<string, unknown>, new (...a: never[]) => Error, RegExp];

const cases: Case[] = [
  ['non-integer d', { d: 2.5 }, OptionRangeError, /^d must be an integer from 2 to 10000000 \(got 2\.5\)$/],
  ['d too small', { d: 1 }, OptionRangeError, /^d must be an integer from 2/],
  ['d NaN', { d: NaN }, OptionRangeError, /^d must be .*got NaN/],
  ['d as a string', { d: '5000' }, OptionTypeError, /^d: must be a number/],
  ['n not an integer', { n: 10.5 }, OptionRangeError, /^n must be an integer from 1/],
  ['p zero', { p: 0 }, OptionRangeError, /^p must be an integer from 1 to 256/],
  ['p huge', { p: 1000 }, OptionRangeError, /^p must be an integer from 1 to 256/],
  ['k too large', { k: 65 }, OptionRangeError, /^k must be an integer from 1 to 64/],
  ['k below the largest index', { k: 1, target: 'z1 + z2' }, ExpressionError, /^target:/],
  ['steps negative', { steps: -1 }, OptionRangeError, /^steps must be an integer from 0/],
  ['steps fractional', { steps: 1.5 }, OptionRangeError, /^steps must be an integer/],
  ['lr above its range', { lr: 2e6 }, OptionRangeError, /^lr must be a finite number ≥ 0 and ≤ 1000000/],
  ['lr negative', { lr: -0.1 }, OptionRangeError, /^lr must be/],
  ['lr infinite', { lr: Infinity }, OptionRangeError, /^lr must be .*got Infinity/],
  ['lr NaN', { lr: NaN }, OptionRangeError, /^lr must be .*got NaN/],
  ['alpha zero', { alpha: 0 }, OptionRangeError, /^alpha must be a finite number > 0/],
  ['alpha NaN', { alpha: NaN }, OptionRangeError, /^alpha must be/],
  ['weight decay negative', { weightDecay: -1 }, OptionRangeError, /^weightDecay must be a finite number ≥ 0/],
  ['lr·weightDecay ≥ 1', { lr: 0.5, weightDecay: 2 }, OptionRangeError, /^weightDecay must be such that lr·weightDecay < 1/],
  ['label noise negative', { labelNoise: -0.1 }, OptionRangeError, /^labelNoise must be/],
  ['unknown activation function', { activation: 'tnh(u)' }, ExpressionError, /^activation: unknown function 'tnh'/],
  ['activation with a target variable', { activation: 'z1' }, ExpressionError, /^activation: unknown variable 'z1'/],
  ['target syntax error', { target: 'tanh(z1 + ' }, ExpressionError, /^target: .*column/],
  ['target unknown function', { target: 'foo(z1)' }, ExpressionError, /^target: unknown function 'foo'/],
  ['unknown schedule', { schedule: 'two-pass' }, OptionRangeError, /^schedule must be 'multi-pass', 'single-pass', 'resample:R' or 'epochs:B'/],
  ['resample without a number', { schedule: 'resample:x' }, OptionRangeError, /^schedule must be 'resample:R' with R an integer/],
  ['epochs zero', { schedule: 'epochs:0' }, OptionRangeError, /^schedule must be 'epochs:B'/],
  ['unknown second layer', { secondLayer: 'trained' }, OptionRangeError, /^secondLayer must be one of 'alternating', 'ones', 'mean', 'rademacher', 'gaussian', 'random-signs'/],
  ['second-layer seed not an integer', { secondLayer: 'gaussian', secondLayerSeed: 1.5 }, OptionRangeError, /^secondLayerSeed must be an integer from 0 to 4294967295 \(got 1.5\)/],
  ['second-layer seed negative', { secondLayerSeed: -1 }, OptionRangeError, /^secondLayerSeed must be an integer from 0 to 4294967295/],
  ['unknown storage', { storage: 'f16' }, OptionRangeError, /^storage must be one of 'f32', 'f64'/],
  ['unknown init', { init: 'zeros' }, OptionRangeError, /^init must be 'orthogonal', 'random' or \{ m0/],
  ['m0 with the wrong shape', { init: { m0: [[0.1, 0.2]] } }, OptionRangeError, /^init\.m0 must be a p×k array \(2×2\)/],
  ['m0 row of norm ≥ 1', { init: { m0: [[0.9, 0.9], [0, 0]] } }, OptionRangeError, /^init\.m0\[0\] must be a row of norm < 1/],
  ['seed negative', { seed: -1 }, OptionRangeError, /^seed must be an integer from 0 to 4294967295/],
  ['unknown option (typo)', { learningRate: 0.1 }, OptionTypeError, /^learningRate: unknown option/],
  ['d smaller than k + p', { d: 3, target: 'z1 + z2' }, OptionRangeError, /^d must be at least k \+ p = 4/],
];

describe('simulate: bad input gives typed errors naming the option', () => {
  for (const [name, options, type, message] of cases) {
    it(name, async () => {
      const err = await simulate(options).catch((e) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message.includes('\n')).toBe(false);
      expect((err as { option?: string }).option).toBeTruthy();
    });
  }

  it('seeds out of range', async () => {
    await expect(simulateSeeds({ seeds: 0 })).rejects.toThrow(/^seeds must be an integer from 1 to 100000/);
    await expect(simulateSeeds({ seeds: 2.5 })).rejects.toBeInstanceOf(OptionRangeError);
  });

  it('a run too large for the machine says so before allocating, with the size it needs', async () => {
    // Beyond one 4 GiB WASM memory the rows are sharded (src/simulation/runThreads.ts): the
    // limit is then the machine's memory (every test machine has less than 111 GiB).
    const err = await simulate({ d: 100_000, alpha: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(MemoryLimitError);
    expect((err as Error).message).toMatch(/needs 111\.\d\d GiB of memory, more than this machine's \d+\.\d\d GiB/);
  });

  it('a mini-batch run too large for one WASM memory (row lists are not sharded) says so with the 4 GiB', async () => {
    const err = await simulate({ d: 20_000, alpha: 3, schedule: 'epochs:1000' }).catch((e) => e);
    expect(err).toBeInstanceOf(MemoryLimitError);
    expect((err as Error).message).toMatch(/needs 4\.\d\d GiB of WebAssembly memory, more than the 4\.00 GiB available/);
  });
});

describe('one range per option in every entry point', () => {
  // p = 257 and k = 65 are one past the ranges of src/options/optionRanges.ts; every module
  // refuses them with the same message (before, the Gaussian rule said 1…64 / 1…16 and the
  // DMFT 1…64).
  const M = (p: number, k: number) => Array.from({ length: p }, () => new Array<number>(k).fill(0));
  const eye = (p: number) => Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => (j === l ? 1 : 0)));
  const entries: [string, (p: number, k: number) => unknown][] = [
    ['resolveSimulateOptions', (p, k) => resolveSimulateOptions({ p, k, d: 1000 })],
    ['resolveDmftOptions', (p, k) => resolveDmftOptions({ p, k })],
    ['theory', (p, k) => theory({ p, k, method: 'single-pass' })],
    ['GaussianRule.create', async (p, k) => GaussianRule.create(await loadBackend(), { p, k, method: 'monte-carlo', samples: 16, coarse: false }).free()],
    ['stateEvolution', async (p, k) => stateEvolution(await loadBackend(), { target: 'z1', activation: 'relu', lr: 0.1, alpha: 1, steps: 0, M0: M(p, k), Q0: eye(p), a: new Array<number>(p).fill(1) })],
  ];
  it.each(entries)('%s: p = 257 and k = 65 refused with the shared range', async (_name, call) => {
    const p = await (async () => call(257, 2))().catch((e) => e);
    expect(p).toBeInstanceOf(OptionRangeError);
    expect((p as Error).message).toMatch(/^p must be an integer from 1 to 256 \(got 257\)$/);
    const k = await (async () => call(2, 65))().catch((e) => e);
    expect(k).toBeInstanceOf(OptionRangeError);
    expect((k as Error).message).toMatch(/^k must be an integer from 1 to 64 \(got 65\)$/);
  });

  it('the Gaussian rule takes the largest p and k (256, 64)', async () => {
    const b = await loadBackend();
    const rule = GaussianRule.create(b, { p: 256, k: 64, method: 'monte-carlo', samples: 16, coarse: false });
    expect(rule.points).toBe(16);
    rule.free();
  });

  it('a target above k = 64 is refused naming the target, not k', async () => {
    const err = await simulate({ target: 'z65', d: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(ExpressionError);
    expect((err as ExpressionError).option).toBe('target');
  });
});

describe('options a function does not use', () => {
  it.each([
    [{ storage: 'f64' }, 'storage'],
    [{ d: 1000 }, 'd'],
    [{ n: 3000 }, 'n'],
    [{ schedule: 'single-pass' }, 'schedule'],
    [{ testError: false }, 'testError'],
    [{ method: 'single-pass', samples: 5000 }, 'samples'],
    [{ method: 'single-pass', threads: 2 }, 'threads'],
  ] as const)('theory(%j) throws UnusedOptionError naming %s', async (options, option) => {
    const err = await theory(options as TheoryOptions).catch((e) => e);
    expect(err).toBeInstanceOf(UnusedOptionError);
    expect(err).toBeInstanceOf(OptionTypeError);
    expect((err as UnusedOptionError).option).toBe(option);
    expect((err as Error).message).toMatch(new RegExp(`^${option}: not used by theory`));
  });
});

describe('theory options given to a simulation', () => {
  it.each(['method', 'samples'])('simulate({ %s }) throws UnusedOptionError naming it', async (option) => {
    const err = await simulate({ [option]: option === 'method' ? 'dmft' : 5000 } as Record<string, unknown>).catch((e) => e);
    expect(err).toBeInstanceOf(UnusedOptionError);
    expect((err as UnusedOptionError).option).toBe(option);
    expect((err as Error).message).toMatch(new RegExp(`^${option}: not used by the simulation`));
  });

  it('the DMFT refuses steps above its limit, naming steps', () => {
    expect(() => resolveDmftOptions({ steps: 1001 })).toThrow(/^steps must be at most 1000 for the DMFT/);
    expect(() => resolveDmftOptions({ steps: 1000 })).not.toThrow();
  });
});

describe('MemoryLimitError', () => {
  it('never prints NaN, and its advice follows the option', () => {
    const e = new MemoryLimitError('samples', NaN, NaN);
    expect(e.message).not.toMatch(/NaN/);
    expect(e.message).toMatch(/^samples: this run needs more WebAssembly memory, more than is available \(4 GiB per instance\); lower samples or steps/);
    expect(new MemoryLimitError('samples', 2 ** 33, 2 ** 32).message).not.toMatch(/lower d|f32/);
  });

  it("suggests storage 'f32' only for an f64 run", async () => {
    const f32 = await simulate({ d: 100_000, storage: 'f32' }).catch((e) => e);
    expect(f32).toBeInstanceOf(MemoryLimitError);
    expect((f32 as MemoryLimitError).advice).toBe('lower d or n (alpha)');
    const f64 = await simulate({ d: 100_000, storage: 'f64' }).catch((e) => e);
    expect((f64 as MemoryLimitError).advice).toBe("lower d or n (alpha), or use storage 'f32'");
  });

  it('names the size option the caller gave (n, not d)', async () => {
    const err = await simulate({ n: 10_000_000, d: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(MemoryLimitError);
    expect((err as MemoryLimitError).option).toBe('n');
  });
});

describe('errors from worker threads arrive with their class and fields', () => {
  it('simulateSeedsThreads: the MemoryLimitError of one thread, with its sizes', async () => {
    // Mini-batches (row lists) are never sharded, so d = 20000 stays beyond one memory on the
    // seed workers (whole passes at that size run, their rows sharded: test/threads.test.ts).
    const one = await simulateSeeds({ d: 20_000, seeds: 2, schedule: 'epochs:1000' }).catch((e) => e);
    const two = await simulateSeedsThreads({ d: 20_000, seeds: 2, threads: 2, schedule: 'epochs:1000' }).catch((e) => e);
    expect(two).toBeInstanceOf(MemoryLimitError);
    expect(two.message).toBe(one.message);
    expect(two.option).toBe('d');
    expect(two.bytesNeeded).toBe(one.bytesNeeded);
    expect(two.bytesAllowed).toBeGreaterThan(0);
  });

  it('dmftThreads: the workers’ MemoryLimitError with finite sizes', async () => {
    const err = await dmftThreads({ samples: 1e8, threads: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(MemoryLimitError);
    expect(err.option).toBe('samples');
    expect(Number.isFinite(err.bytesNeeded) && err.bytesNeeded > 2 ** 32).toBe(true);
    expect(Number.isFinite(err.bytesAllowed)).toBe(true);
    expect(err.message).not.toMatch(/NaN/);
  });

  it.each([
    new OptionRangeError('p', 'an integer from 1 to 256', 300),
    new OptionTypeError('d', 'must be a number'),
    new UnusedOptionError('storage', 'theory', 'the theory computes in float64'),
    new ExpressionError('target', 'z1 +', 4, 'expected an operand'),
    new MemoryLimitError('samples', 2 ** 33, 2 ** 32),
    new DivergenceError(3, { steps: [0, 1, 2] }),
  ])('%s survives a structured clone', (error) => {
    const back = reviveError(structuredClone(serializeError(error)));
    expect(back).toBeInstanceOf(error.constructor);
    expect(back.name).toBe(error.name);
    expect(back.message).toBe(error.message);
    expect({ ...back }).toEqual({ ...error });
  });
});
