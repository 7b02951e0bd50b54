// The random second layers of docs/model.md §1: 'rademacher' (a_j = ±1/√p; the former
// 'random-signs', same bits) and 'gaussian' (a_j ~ N(0, 1/p)), drawn from secondLayerSeed
// (default: the run's seed) by drawSecondLayer for every entry point.
import { describe, expect, it } from 'vitest';
import { OptionRangeError } from '../src/errors.js';
import { normalBlockArray } from '../src/kernels/normalBlock.js';
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';
import { drawSecondLayer } from '../src/simulation/drawSecondLayer.js';
import { STREAM_PROBE, STREAM_SECOND_LAYER, STREAM_STUDENT, STREAM_TEACHER } from '../src/simulation/streams.js';
import { theory } from '../src/theory/theory.js';
import { loadBackend, withBuffers, type Backend } from '../src/wasm/backend.js';

function draw(b: Backend, secondLayer: 'rademacher' | 'gaussian' | 'random-signs', p: number, seed: number, secondLayerSeed?: number): number[] {
  return withBuffers(b, (s) => {
    const out = s.buffer(p * 8);
    drawSecondLayer(b, { secondLayer, p, seed, secondLayerSeed }, out, (bytes) => s.buffer(bytes));
    return Array.from(b.readF64(out, p));
  });
}

describe('gaussian second layer: a_j ~ N(0, 1/p)', () => {
  // Pre-registered. S = 1000 second-layer seeds 0…999 (run seed 0) of p = 256 units give
  // N = 256 000 values g = √p·a_j, i.i.d. N(0, 1) if the law is right (f32 Box–Muller,
  // assembly/rng.ts). Two statistics, family-wise false-alarm rate 10⁻⁶ (Bonferroni: 5·10⁻⁷
  // each, two-sided z = 5.0):
  //   mean  ḡ = Σg/N,        sd 1/√N       = 0.001976 → |ḡ| < 5·0.001976 = 0.0099;
  //   var   v = Σg²/N,        sd √(2/N)     = 0.002795 → |v − 1| < 5·0.002795 = 0.0140.
  // Power: a variance off by 5 % (e.g. a 1/√(p−1) or a 1/p scale) is a shift of 18 sd, so it
  // fails with probability ≈ 1; a mean of 0.02 (a sign bias of 1 %) is 10 sd.
  const S = 1000;
  const p = 256;
  const N = S * p;
  it('mean 0 and variance 1/p over 1000 seeds (bands derived above)', async () => {
    const b = await loadBackend();
    let sum = 0;
    let sumSq = 0;
    const firsts = new Set<number>();
    for (let s = 0; s < S; s++) {
      const a = draw(b, 'gaussian', p, 0, s);
      firsts.add(a[0]);
      for (const x of a) {
        const g = x * Math.sqrt(p);
        sum += g;
        sumSq += g * g;
      }
    }
    const mean = sum / N;
    const variance = sumSq / N;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(firsts.size).toBe(S); // every seed its own draw
  });

  it('is the WASM normals of its own stream scaled by 1/√p, and shares none with teacher, student or probes', async () => {
    const b = await loadBackend();
    const p = 8;
    const a = draw(b, 'gaussian', p, 3);
    const g = normalBlockArray(b, { seed: 3, stream: STREAM_SECOND_LAYER, index: 0, count: p });
    expect(a).toEqual(Array.from(g, (x) => x * (1 / Math.sqrt(p))));
    for (const stream of [STREAM_TEACHER, STREAM_STUDENT, STREAM_PROBE]) {
      const other = Array.from(normalBlockArray(b, { seed: 3, stream, index: 0, count: p }));
      expect(other).not.toEqual(Array.from(g));
    }
  });

  it('the default secondLayerSeed is the run seed', async () => {
    const b = await loadBackend();
    expect(draw(b, 'gaussian', 5, 7)).toEqual(draw(b, 'gaussian', 5, 0, 7));
    expect(draw(b, 'rademacher', 5, 7)).toEqual(draw(b, 'rademacher', 5, 0, 7));
  });
});

describe('rademacher second layer', () => {
  it("equals 'random-signs' bit for bit, and the config calls it rademacher", async () => {
    const base = { d: 200, p: 6, steps: 3, seed: 3 } as const;
    const r = await simulate({ ...base, secondLayer: 'rademacher' });
    const s = await simulate({ ...base, secondLayer: 'random-signs' });
    expect(r.M).toEqual(s.M);
    expect(r.Q).toEqual(s.Q);
    expect(r.testError).toEqual(s.testError);
    expect(r.config.secondLayer).toBe('rademacher');
    expect(s.config.secondLayer).toBe('rademacher');
    const b = await loadBackend();
    const a = draw(b, 'rademacher', 64, 11);
    expect(a.every((x) => Math.abs(x) === 1 / Math.sqrt(64))).toBe(true);
    expect(new Set(a).size).toBe(2);
  });
});

describe('every entry point takes the random second layers', () => {
  const base = { d: 150, p: 3, steps: 2, secondLayer: 'gaussian', schedule: 'single-pass' } as const;

  it('simulate: secondLayerSeed changes only a; the reduced engine draws the same a as the explicit one', async () => {
    const a = await simulate({ ...base, seed: 4 });
    const same = await simulate({ ...base, seed: 4, secondLayerSeed: 4 });
    const other = await simulate({ ...base, seed: 4, secondLayerSeed: 5 });
    expect(same.M).toEqual(a.M);
    expect(other.M[0]).toEqual(a.M[0]); // same teacher and student: M⁰ does not involve a
    expect(other.M[1]).not.toEqual(a.M[1]);
    expect(a.config).not.toHaveProperty('secondLayerSeed');
    expect(other.config.secondLayerSeed).toBe(5);
    // One drawSecondLayer for both engines: the same seed gives the same a in each.
    const reduced = await simulate({ ...base, seed: 4, engine: 'reduced' });
    const explicit = await simulate({ ...base, seed: 4, engine: 'explicit' });
    expect(reduced.config.engine).toBe('reduced');
    expect(explicit.config.engine).toBe('explicit');
    expect(reduced.config.a).toEqual(explicit.config.a);
  });

  it('simulateSeeds and its threads: seed i draws a from seed i unless secondLayerSeed is given', async () => {
    const many = await simulateSeeds({ ...base, seed: 10, seeds: 2, keepTrajectories: true });
    const threads = await simulateSeedsThreads({ ...base, seed: 10, seeds: 2, keepTrajectories: true, threads: 2 });
    const one = await simulate({ ...base, seed: 11 });
    expect(many.trajectories?.[1].M).toEqual(one.M);
    expect(threads.trajectories?.[1].M).toEqual(one.M);
    const fixed = await simulateSeeds({ ...base, seed: 10, seeds: 2, keepTrajectories: true, secondLayerSeed: 3, secondLayer: 'rademacher' });
    const fixedOne = await simulate({ ...base, seed: 11, secondLayerSeed: 3, secondLayer: 'rademacher' });
    expect(fixed.trajectories?.[1].M).toEqual(fixedOne.M);
  });

  it('theory (state evolution and DMFT) uses the drawn a', async () => {
    const b = await loadBackend();
    const a = draw(b, 'gaussian', 3, 0, 6);
    const se = await theory({ method: 'single-pass', p: 3, steps: 1, secondLayer: 'gaussian', secondLayerSeed: 6 });
    expect(se.config.a).toEqual(a);
    const dm = await theory({ method: 'dmft', p: 3, steps: 1, samples: 1000, secondLayer: 'gaussian', secondLayerSeed: 6 });
    expect(dm.config.a).toEqual(a);
    const rad = await theory({ method: 'single-pass', p: 3, steps: 1, secondLayer: 'rademacher', seed: 2 });
    expect(rad.config.a).toEqual(draw(b, 'rademacher', 3, 2));
  });
});
