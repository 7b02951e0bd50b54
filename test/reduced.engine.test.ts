// The reduced engine's options, records and random variates (docs/model.md §8).
import { describe, expect, it } from 'vitest';
import { OptionRangeError, OptionTypeError } from '../src/errors.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import { recordOption } from '../src/options/recordOption.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { loadBackend } from '../src/wasm/backend.js';

describe('engine option', () => {
  it("'auto' is reduced for single-pass and small-n resample:R, explicit otherwise", () => {
    const e = (o: object) => resolveSimulateOptions({ d: 500, ...o }).engine;
    expect(e({ schedule: 'single-pass' })).toBe('reduced');
    expect(e({ schedule: 'resample:1' })).toBe('reduced');
    expect(e({ schedule: 'resample:2', n: 64 })).toBe('reduced');
    expect(e({ schedule: 'resample:2', n: 600 })).toBe('explicit'); // n > d
    expect(e({ schedule: 'multi-pass' })).toBe('explicit');
    expect(e({ schedule: 'epochs:10' })).toBe('explicit');
    expect(e({ schedule: 'single-pass', p: 17 })).toBe('explicit');
  });

  it("'reduced' with re-used data is refused with a one-line reason naming the explicit engine and the DMFT", () => {
    for (const schedule of ['multi-pass', 'epochs:10']) {
      let err: unknown;
      try {
        resolveSimulateOptions({ schedule, engine: 'reduced' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OptionRangeError);
      expect((err as OptionRangeError).option).toBe('engine');
      expect((err as Error).message).toMatch(/explicit.*DMFT/);
      expect((err as Error).message).not.toMatch(/\n/);
    }
    expect(() => resolveSimulateOptions({ engine: 'fast' as never })).toThrow(OptionRangeError);
    expect(() => resolveSimulateOptions({ schedule: 'resample:2', n: 9000, engine: 'reduced' })).toThrow(/n×n/);
  });

  it('steps beyond 10⁵ only with the reduced engine', () => {
    expect(resolveSimulateOptions({ schedule: 'single-pass', n: 1, steps: 1e9 }).steps).toBe(1e9);
    expect(() => resolveSimulateOptions({ schedule: 'multi-pass', steps: 200_000 })).toThrow(/explicit engine/);
    expect(() => resolveSimulateOptions({ schedule: 'single-pass', steps: 1e9 + 1 })).toThrow(OptionRangeError);
  });
});

describe('record option', () => {
  it("'all', 'every:K', 'log:K' and lists; default log:200 beyond 10000 steps", () => {
    expect(recordOption('all', 3).steps).toEqual([0, 1, 2, 3]);
    expect(recordOption('every:4', 10).steps).toEqual([0, 4, 8, 10]);
    expect(recordOption([5, 0, 5, 2], 10).steps).toEqual([0, 2, 5]);
    const log = recordOption('log:5', 10_000).steps;
    expect(log).toEqual([0, 1, 10, 100, 1000, 10_000]);
    expect(recordOption(undefined, 10_000).steps).toHaveLength(10_001);
    const long = recordOption(undefined, 1e9);
    expect(long.name).toBe('log:200');
    expect(long.steps[0]).toBe(0);
    expect(long.steps.at(-1)).toBe(1e9);
    expect(long.steps.length).toBeLessThanOrEqual(201);
    for (const bad of ['some', 'log:0', 'every:x', [11], [-1], [1.5], []]) expect(() => recordOption(bad, 10)).toThrow(OptionRangeError);
    for (const bad of [3, null, { every: 2 }]) expect(() => recordOption(bad, 10)).toThrow(OptionTypeError);
    expect(() => recordOption('all', 5e6)).toThrow(/at most/);
  });

  it('both engines keep exactly the recorded steps; config names the engine and the record', async () => {
    for (const engine of ['explicit', 'reduced'] as const) {
      const t = await simulate({ d: 100, n: 20, steps: 9, schedule: 'single-pass', engine, record: 'every:4', testError: false });
      expect(t.steps).toEqual([0, 4, 8, 9]);
      expect(t.M).toHaveLength(4);
      expect(t.trainError).toHaveLength(4);
      expect(t.cosine).toHaveLength(4);
      expect(t.config.engine).toBe(engine);
      expect(t.config.record).toBe('every:4');
      expect(t.direction).not.toBeNull(); // u₁ from step 1 even though step 1 is not kept
    }
  });

  it('the reduced engine runs 10⁶ online SGD steps and reports the log-spaced record', async () => {
    const t = await simulate({ d: 1e6, n: 1, lr: 0.5, steps: 1e6, schedule: 'single-pass', target: 'z1 + z1*z2', testError: false, record: 'log:20' });
    expect(t.steps[0]).toBe(0);
    expect(t.steps.at(-1)).toBe(1e6);
    for (const x of [t.M, t.Q].flat(3)) expect(Number.isFinite(x)).toBe(true);
    // After d samples at η = 0.5 the first-direction overlap has clearly left 0 (ODE limit ≈ 0.4).
    expect(Math.abs(t.M.at(-1)![0][0])).toBeGreaterThan(0.1);
  });

  it('a long reduced run reports progress between records (every 2^16 steps), and engine reduced alone means single-pass', async () => {
    const seen: number[] = [];
    const t = await simulate({ engine: 'reduced', d: 1000, n: 1, steps: 200_000, record: [0, 200_000], testError: false }, { onStep: (s) => seen.push(s) });
    expect(t.config.schedule).toBe('single-pass');
    expect(seen).toEqual([1, 1 + 65_536, 1 + 2 * 65_536, 1 + 3 * 65_536, 200_000]); // step 1 is always a stop
  });

  it('reduced seeds are reproducible: same seed, same bits; simulateSeeds summarises them', async () => {
    const o = { d: 300, n: 30, steps: 3, schedule: 'single-pass', engine: 'reduced', seed: 5, testError: false } as const;
    const a = await simulate(o);
    const b = await simulate(o);
    expect(a.M).toEqual(b.M);
    const s = await simulateSeeds({ ...o, seeds: 3, keepTrajectories: true });
    expect(s.trajectories![0].M).toEqual(a.M);
    expect(s.config.engine).toBe('reduced');
  });
});

describe('chi-square sampler (Marsaglia–Tsang, any degrees of freedom)', () => {
  // 20000 draws per ν; two checks per ν (mean, variance) over 5 values of ν: 10 comparisons,
  // Bonferroni at 1 %: P(|z| > 3.4) = 6.7·10⁻⁴ per check, 0.67 % in all → |z| < 3.4. ν = 10¹⁵
  // checks the cancellation-free acceptance test (the direct form is off by ~5 % there). The variance's standard error uses the central 4th moment of
  // χ²(ν), 12ν(ν + 4), i.e. Var(s²) ≈ (μ4 − σ⁴)/N. Seed 3, stream index 0.
  it.each([1, 5, 301, 1e7, 1e15])('χ²(%d): mean ν and variance 2ν', async (nu) => {
    const b = await loadBackend();
    const N = 20_000;
    const out = b.alloc(N * 8);
    const work = b.alloc(2 * 48 + 2 * 64 * 8);
    try {
      b.fn<(...a: number[]) => void>('reducedChiSquareCheck')(3, 0, nu, N, b.ptr(out), b.ptr(work));
      const x = b.readF64(out, N);
      const mean = x.reduce((s, v) => s + v, 0) / N;
      const s2 = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1);
      const zMean = (mean - nu) / Math.sqrt((2 * nu) / N);
      const mu4 = 12 * nu * (nu + 4);
      const zVar = (s2 - 2 * nu) / Math.sqrt((mu4 - 4 * nu * nu) / N);
      expect(Math.abs(zMean)).toBeLessThan(3.4);
      expect(Math.abs(zVar)).toBeLessThan(3.4);
      expect(x.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    } finally {
      b.free(work);
      b.free(out);
    }
  });
});

describe('reduced engine over worker threads', () => {
  it('resample:2 online SGD: the same bits for 1 and 2 threads', async () => {
    const { simulateSeedsThreads } = await import('../src/node/simulateSeedsThreads.js');
    const options = { d: 10_000, n: 1, steps: 2_000, seeds: 4, seed: 2, schedule: 'resample:2', engine: 'reduced', record: 'log:30', testError: false } as const;
    const one = await simulateSeeds(options);
    const two = await simulateSeedsThreads({ ...options, threads: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.config.engine).toBe('reduced');
  });
});

describe('reduced engine: divergence and memory', () => {
  it('a diverging run throws DivergenceError with the recorded steps before it', async () => {
    const { DivergenceError } = await import('../src/errors.js');
    let err: unknown;
    try {
      await simulate({ engine: 'reduced', schedule: 'single-pass', d: 100, n: 50, lr: 50, steps: 200, target: 'z1 + z1*z2', testError: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DivergenceError);
    const e = err as InstanceType<typeof DivergenceError>;
    const partial = e.partial as { steps: number[]; M: number[][][] };
    expect(partial.steps.at(-1)).toBe(e.step - 1);
    for (const x of partial.M.flat(2)) expect(Number.isFinite(x)).toBe(true);
  });

  it('a stored batch too large for WASM memory is refused before anything runs (MemoryLimitError naming n)', async () => {
    const { MemoryLimitError } = await import('../src/errors.js');
    // d < k + 2p: d − r may fall below p, so the batch is stored, not streamed.
    await expect(simulate({ engine: 'reduced', schedule: 'single-pass', d: 20, n: 90_000_000, p: 16, steps: 1 })).rejects.toBeInstanceOf(MemoryLimitError);
  });

  it('a single-pass batch is streamed: n = 10⁸ needs no more memory than n = 10³', async () => {
    const { createBackend } = await import('../src/wasm/backend.js');
    const { reducedWorkBytes } = await import('../src/kernels/reducedWorkspace.js');
    const b = await createBackend('auto');
    expect(reducedWorkBytes(b, 1e8, 2, 2, 1, 8, 1e6, 0, 0)).toBe(reducedWorkBytes(b, 1000, 2, 2, 1, 8, 1e6, 0, 0));
  });
});

describe('reduced engine: builds', () => {
  it('the SIMD and scalar builds give the same bits', async () => {
    const { simdSupported } = await import('../src/wasm/simdSupported.js');
    if (!simdSupported()) return;
    const o = { d: 500, n: 40, p: 3, steps: 5, schedule: 'resample:2', engine: 'reduced', labelNoise: 0.1, activation: 'tanh(u)', testError: false } as const;
    const simd = await simulate({ ...o, backend: 'simd' });
    const scalar = await simulate({ ...o, backend: 'scalar' });
    expect(scalar.M).toEqual(simd.M);
    expect(scalar.Q).toEqual(simd.Q);
    expect(scalar.trainError).toEqual(simd.trainError);
    const single = { ...o, schedule: 'single-pass' } as const;
    expect((await simulate({ ...single, backend: 'scalar' })).Q).toEqual((await simulate({ ...single, backend: 'simd' })).Q);
    // Small n: blocks of batches drawn ahead, Wishart variates from the sequential streams.
    const online = { d: 1000, n: 1, p: 2, steps: 1300, schedule: 'single-pass', engine: 'reduced', labelNoise: 0.1, target: 'tanh(z1 + He3(z2))', record: 'log:9', testError: false } as const;
    const on = await simulate({ ...online, backend: 'simd' });
    expect((await simulate({ ...online, backend: 'scalar' })).Q).toEqual(on.Q);
    const streamed = { ...online, n: 600, steps: 3, record: 'all' } as const; // chunks of 256, 256, 88
    const st = await simulate({ ...streamed, backend: 'simd' });
    const sc = await simulate({ ...streamed, backend: 'scalar' });
    expect(sc.Q).toEqual(st.Q);
    expect(sc.trainError).toEqual(st.trainError);
    const re = { ...online, n: 3, schedule: 'resample:2' } as const;
    expect((await simulate({ ...re, backend: 'scalar' })).Q).toEqual((await simulate({ ...re, backend: 'simd' })).Q);
  });

  it('small-n runs (batches drawn in blocks) and streamed batches do not depend on the record', async () => {
    // Stops at 1, 300, 513 and 1100 fall inside and across blocks of 512 (n = 1) and 170 (n = 3)
    // batches; n = 300 streams two chunks, with the training error redrawn at recorded steps only.
    for (const [n, schedule] of [[1, 'single-pass'], [3, 'resample:2'], [300, 'single-pass']] as const) {
      const o = { d: 2000, n, p: 2, steps: 1100, schedule, engine: 'reduced', labelNoise: 0.2, testError: false } as const;
      const all = await simulate({ ...o, record: 'all' });
      const few = await simulate({ ...o, record: [1, 300, 513, 1100] });
      for (const [i, t] of few.steps.entries()) {
        expect(few.Q[i]).toEqual(all.Q[t]);
        expect(few.M[i]).toEqual(all.M[t]);
        expect(few.trainError[i]).toBe(all.trainError[t]);
      }
    }
  });
});
