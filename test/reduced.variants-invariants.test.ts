// Exact invariants of the training variants in the reduced engine (docs/model.md §4, §8): no
// statistics, every check is an identity of the arithmetic (bits, or rounding of a product).
import { describe, expect, it } from 'vitest';
import { OptionRangeError } from '../src/errors.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import type { SimulateOptions } from '../src/options/SimulateOptions.js';
import { simulate } from '../src/simulate.js';
import { simdSupported } from '../src/wasm/simdSupported.js';

const BASE: SimulateOptions = { engine: 'reduced', target: 'z1 + z1*z2', d: 300, p: 2, lr: 0.5, testError: false, init: { m0: [[0.3, 0], [0, 0.2]] } };

// Online n = 1 and resample:2 (the Gram kept), a small-n block (n = 10) and a streamed batch (n = 60).
const SHAPES: SimulateOptions[] = [
  { n: 1, steps: 200, schedule: 'single-pass' },
  { n: 1, steps: 200, schedule: 'resample:2' },
  { n: 10, steps: 20, schedule: 'single-pass' },
  { n: 60, steps: 10, schedule: 'single-pass' },
  { n: 10, steps: 20, schedule: 'resample:3' },
];

describe('reduced engine: variant invariants', () => {
  it('ρ = 0 (sam or extragradient, batch or sample) and a constant schedule are plain GD bit for bit', async () => {
    for (const shape of SHAPES) {
      const plain = await simulate({ ...BASE, ...shape });
      for (const v of [{ sam: 0 }, { extragradient: 0, displacement: 'sample' as const }, { lrSchedule: 'constant' }]) {
        const t = await simulate({ ...BASE, ...shape, ...v });
        expect(t.M).toEqual(plain.M);
        expect(t.Q).toEqual(plain.Q);
        expect(t.trainError).toEqual(plain.trainError);
      }
    }
  });

  it('η_a = 0 is the frozen second layer bit for bit (alternating, every 3, too), and no `a` is reported', async () => {
    for (const shape of SHAPES) {
      const plain = await simulate({ ...BASE, ...shape });
      const t = await simulate({ ...BASE, ...shape, secondLayerLr: 0, secondLayerUpdate: 'alternating', secondLayerEvery: 3 });
      expect(t.M).toEqual(plain.M);
      expect(t.Q).toEqual(plain.Q);
      expect(t.trainError).toEqual(plain.trainError);
      expect(t.a).toBeUndefined();
    }
  });

  it('projected and spherical GD keep every Q_jj = 1 (p = 3, weight decay, with a displacement and a trained second layer)', async () => {
    for (const shape of SHAPES) {
      for (const algorithm of ['projected', 'spherical'] as const) {
        for (const extra of [{}, { extragradient: 0.5, displacement: 'sample' as const, secondLayerLr: 0.3 }, { sam: 0.2, secondLayerLr: 0.3, secondLayerUpdate: 'alternating' as const }]) {
          const t = await simulate({ ...BASE, ...shape, p: 3, init: 'orthogonal', algorithm, weightDecay: 0.1, ...extra });
          for (const Q of t.Q) for (let j = 0; j < 3; j++) expect(Math.abs(Q[j][j] - 1)).toBeLessThanOrEqual(2 ** -52);
          for (const x of t.Q.flat(2)) expect(Math.abs(x)).toBeLessThanOrEqual(1 + 2 ** -52);
        }
      }
    }
  });

  it('a trained second layer is reported per recorded step; step 0 is the initial a', async () => {
    const t = await simulate({ ...BASE, n: 10, steps: 6, schedule: 'single-pass', secondLayerLr: 0.5, secondLayerEvery: 2, record: [0, 1, 2, 3, 6] });
    expect(t.a).toHaveLength(5);
    expect(t.a![0]).toEqual(t.config.a);
    expect(t.a![1]).toEqual(t.a![0]); // update t = 0 skips the second layer ((t + 1) % 2 ≠ 0)
    expect(t.a![2]).not.toEqual(t.a![1]);
    expect(t.a![3]).toEqual(t.a![2]);
  });

  it('learning-rate factors across windows: with σ′ ≡ 0 only the weight decay acts, M^T = Π_t (1 − η f(t) λ) M⁰', async () => {
    // T = 5000 crosses the 1024-step windows of factors; f(t) = 1/(1 + t/100) (inverse:100).
    const lr = 0.5, decay = 0.2, T = 5000;
    const t = await simulate({ ...BASE, activation: 'sign(u)', n: 1, steps: T, record: [0, 1023, 1024, 2500, T], schedule: 'single-pass', lrSchedule: 'inverse:100', weightDecay: decay });
    let prod = 1;
    const expected = new Map<number, number>([[0, 1]]);
    for (let s = 0; s < T; s++) {
      prod *= 1 - lr * (1 / (1 + s / 100)) * decay;
      expected.set(s + 1, prod);
    }
    t.steps.forEach((s, i) => {
      const f = expected.get(s)!;
      // T products of factors each within 1 ulp: relative error ≤ 2T·2⁻⁵³ ≈ 1.1e-12.
      expect(Math.abs(t.M[i][0][0] - f * 0.3)).toBeLessThanOrEqual(2e-12 * f * 0.3);
      expect(Math.abs(t.Q[i][1][1] - f * f)).toBeLessThanOrEqual(4e-12 * f * f);
    });
  });

  it('the SIMD and scalar builds give the same bits for the variants', async () => {
    if (!simdSupported()) return;
    const runs: SimulateOptions[] = [
      { n: 8, steps: 6, schedule: 'resample:2', sam: 0.3, algorithm: 'spherical', loss: 'exponential', lrSchedule: 'warmup:2+cosine', secondLayerLr: 0.4, secondLayerUpdate: 'alternating' },
      { n: 1, steps: 300, schedule: 'resample:2', extragradient: 0.7, displacement: 'sample', loss: 'correlation', secondLayerLr: 0.1 },
      { n: 60, steps: 4, schedule: 'single-pass', algorithm: 'projected', lrSchedule: 'step:0.5@2', secondLayerLr: 0.4, secondLayerUpdate: 'alternating' },
    ];
    for (const o of runs) {
      const simd = await simulate({ ...BASE, ...o, backend: 'simd' });
      const scalar = await simulate({ ...BASE, ...o, backend: 'scalar' });
      expect(scalar.M).toEqual(simd.M);
      expect(scalar.Q).toEqual(simd.Q);
      expect(scalar.a).toEqual(simd.a);
      expect(scalar.trainError).toEqual(simd.trainError);
    }
  });

  it('a displacement keeps the n×n batch Gram: refused beyond its size with the reason, and auto takes the reduced engine below it', () => {
    const big = { ...BASE, d: 20_000, n: 9000, steps: 1, schedule: 'single-pass', sam: 0.1 } as const;
    expect(() => resolveSimulateOptions(big)).toThrow(OptionRangeError);
    expect(() => resolveSimulateOptions(big)).toThrow(/n×n batch Gram/);
    const small = resolveSimulateOptions({ ...BASE, engine: 'auto', n: 1, steps: 10, schedule: 'resample:2', extragradient: 0.5, displacement: 'sample', algorithm: 'spherical', secondLayerLr: 0.1 });
    expect(small.engine).toBe('reduced');
  });
});
