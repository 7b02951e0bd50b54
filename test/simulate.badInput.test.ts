// Bad input: every option is validated before any work; the API throws a typed
// error naming the option and the allowed range.
import { describe, expect, it } from 'vitest';
import { ExpressionError, MemoryLimitError, OptionRangeError, OptionTypeError } from '../src/errors.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';

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
  ['lr zero', { lr: 0 }, OptionRangeError, /^lr must be a finite number > 0/],
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
  ['unknown second layer', { secondLayer: 'trained' }, OptionRangeError, /^secondLayer must be one of 'alternating', 'ones', 'mean', 'random-signs'/],
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

  it('a run too large for 4 GiB of WASM memory says so before allocating, with the size it needs', async () => {
    const err = await simulate({ d: 100_000, alpha: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(MemoryLimitError);
    expect((err as Error).message).toMatch(/needs 111\.\d\d GiB of WebAssembly memory, more than the 4\.00 GiB available/);
  });
});
