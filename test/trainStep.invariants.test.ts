// Invariants of the training variants on the explicit engine (docs/model.md §4): ρ = 0 and
// η_a = 0 are plain GD bit for bit, projected and spherical GD keep Q_jj = 1 to rounding,
// SIMD and scalar builds agree bit for bit on every variant, storage and schedule, and a
// trained second layer reaches the aggregated and written results (absent otherwise).
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../src/node/io/formatCsv.js';
import { resultArrays } from '../src/node/io/formatNpz.js';
import type { TrainingOptions } from '../src/options/trainingOptions.js';
import { simulate } from '../src/simulate.js';
import { simulateSeeds } from '../src/simulateSeeds.js';

const small = { d: 101, alpha: 2, p: 3, steps: 3, target: 'tanh(z1 + He3(z2))', activation: 'tanh', testError: false } as const;
const observables = (t: { M: unknown; Q: unknown; trainError: unknown; testError: unknown }) => [t.M, t.Q, t.trainError, t.testError];

describe('training variants: invariants', () => {
  it('sam: 0 and extragradient: 0 (batch or sample) are plain GD bit for bit', async () => {
    for (const storage of ['f32', 'f64'] as const) {
      const plain = await simulate({ ...small, storage });
      for (const v of [{ sam: 0 }, { extragradient: 0 }, { sam: 0, displacement: 'sample' }, { extragradient: 0, displacement: 'sample' }] as TrainingOptions[]) {
        expect(JSON.stringify(await simulate({ ...small, storage, ...v }))).toBe(JSON.stringify(plain));
      }
    }
  });

  it('secondLayerLr: 0 is the frozen second layer bit for bit; a second layer never due (every > steps) moves nothing', async () => {
    for (const storage of ['f32', 'f64'] as const) {
      const plain = await simulate({ ...small, storage });
      expect(JSON.stringify(await simulate({ ...small, storage, secondLayerLr: 0 }))).toBe(JSON.stringify(plain));
      expect(plain.a).toBeUndefined();
      const idle = await simulate({ ...small, storage, secondLayerLr: 0.5, secondLayerEvery: 10 });
      expect(observables(idle)).toEqual(observables(plain));
      for (const a of idle.a!) expect(a).toEqual(plain.config.a);
    }
  });

  it('projected and spherical GD keep every Q_jj = 1 within (2·ld + 16)·2⁻⁵³', async () => {
    // Band: normalizeRows sums ld squares (error ≤ ld·u·‖w‖²), takes √d/√ss (3 roundings) and
    // scales each weight (1 rounding each): ‖w‖²/d = 1 + δ, |δ| ≤ (ld + 8)·u; the overlaps
    // kernel sums the d ≤ ld squares again (≤ ld·u) and divides (1 u): |Q_jj − 1| ≤ (2·ld + 16)·u,
    // u = 2⁻⁵³, at every step whatever the step before it did. A missing or wrong
    // renormalisation moves Q_jj by O(η) = 10⁻¹ here.
    const d = 150;
    const ld = Math.ceil(d / 4) * 4;
    const band = (2 * ld + 16) * 2 ** -53;
    for (const algorithm of ['projected', 'spherical'] as const) {
      for (const storage of ['f32', 'f64'] as const) {
        const t = await simulate({ ...small, d, steps: 20, lr: 1, weightDecay: 0.1, algorithm, storage, sam: 0.3 });
        for (const Q of t.Q) Q.forEach((row, j) => expect(Math.abs(row[j] - 1)).toBeLessThan(band));
      }
    }
  });

  it('the SIMD and scalar builds give identical bits for every variant, storage and schedule', async () => {
    const variants: TrainingOptions[] = [
      { loss: 'correlation' }, { loss: 'exponential' }, { algorithm: 'projected' }, { algorithm: 'spherical' },
      { sam: 1 }, { extragradient: 0.3 }, { sam: 0.5, displacement: 'sample' }, { extragradient: 0.5, displacement: 'sample' },
      { lrSchedule: 'warmup:2+cosine' }, { secondLayerLr: 0.5 }, { secondLayerLr: 0.5, secondLayerUpdate: 'alternating', secondLayerEvery: 2 },
    ];
    const schedules = ['multi-pass', 'single-pass', 'resample:2', 'epochs:64'];
    let i = 0;
    for (const v of variants) {
      for (const storage of ['f32', 'f64'] as const) {
        const schedule = schedules[i++ % schedules.length];
        const s = await simulate({ ...small, ...v, storage, schedule, engine: 'explicit', backend: 'simd' });
        const c = await simulate({ ...small, ...v, storage, schedule, engine: 'explicit', backend: 'scalar' });
        expect(c.backend).toBe('scalar');
        expect([...observables(c), c.a]).toEqual([...observables(s), s.a]);
      }
    }
  });

  it('a trained second layer is recorded, aggregated over seeds and written (CSV, npz); absent when frozen', async () => {
    const trained = await simulateSeeds({ ...small, steps: 4, seeds: 2, secondLayerLr: 0.5, record: [0, 2, 4] });
    expect(trained.steps).toEqual([0, 2, 4]);
    expect(trained.a!.mean.length).toBe(3);
    expect(trained.a!.mean[0].length).toBe(3);
    expect(trained.a!.mean[2]).not.toEqual(trained.a!.mean[0]);
    expect(formatCsv(trained)).toMatch(/^a,4,2,,/m);
    expect(resultArrays(trained).a_mean.shape).toEqual([3, 3]);
    const frozen = await simulateSeeds({ ...small, steps: 4, seeds: 2, record: [0, 2, 4] });
    expect(frozen.a).toBeUndefined();
    expect(formatCsv(frozen)).not.toMatch(/^a,/m);
    expect(resultArrays(frozen).a_mean).toBeUndefined();
  });
});
