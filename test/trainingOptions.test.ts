// The training-variant options (docs/model.md §4): one validator each, shared by every entry
// point; a variant an engine or theory does not cover is refused by name, never ignored.
import { describe, expect, it } from 'vitest';
import { OptionRangeError, OptionTypeError } from '../src/errors.js';
import { resolveSimulateOptions } from '../src/options/resolveSimulateOptions.js';
import { parseLrSchedule } from '../src/schedules/parseLrSchedule.js';

describe('training options', () => {
  it('defaults to plain GD and leaves the config unchanged', () => {
    const r = resolveSimulateOptions({ d: 100 });
    expect(r.training).toMatchObject({ algorithm: 'gd', displacement: null, loss: 'square', secondLayerLr: 0 });
    expect(r.training.lrSchedule.name).toBe('constant');
  });

  it.each([
    [{ algorithm: 'adam' }, 'algorithm'],
    [{ loss: 'hinge' }, 'loss'],
    [{ sam: Number.NaN }, 'sam'],
    [{ extragradient: Infinity }, 'extragradient'],
    [{ sam: -1 }, 'sam'],
    [{ secondLayerLr: Number.NaN }, 'secondLayerLr'],
    [{ secondLayerEvery: 0 }, 'secondLayerEvery'],
    [{ displacement: 'sample' }, 'displacement'],
    [{ sam: 0.1, extragradient: 0.1 }, 'extragradient'],
    [{ lrSchedule: 'step:2@10' }, 'lrSchedule'],
    [{ lrSchedule: 'linear' }, 'lrSchedule'],
    [{ secondLayerUpdate: 'sometimes' }, 'secondLayerUpdate'],
  ])('%j is refused naming %s', (options, option) => {
    let err: unknown;
    try {
      resolveSimulateOptions({ d: 100, ...options } as never);
    } catch (e) {
      err = e;
    }
    expect(err instanceof OptionRangeError || err instanceof OptionTypeError).toBe(true);
    expect((err as { option: string }).option).toBe(option);
  });

  it('rho = 0 resolves to the plain gradient', () => {
    expect(resolveSimulateOptions({ d: 100, sam: 0 }).training.displacement).toBeNull();
    expect(resolveSimulateOptions({ d: 100, extragradient: 0, displacement: 'sample' }).training.displacement).toBeNull();
  });

  it('parses learning-rate schedules to plain values', () => {
    expect(parseLrSchedule('warmup:50+cosine').factors).toEqual([{ kind: 'warmup', steps: 50 }, { kind: 'cosine' }]);
    expect(parseLrSchedule('step:0.5@100')).toEqual({ name: 'step:0.5@100', factors: [{ kind: 'step', gamma: 0.5, every: 100 }] });
    expect(parseLrSchedule('inverse:1000').name).toBe('inverse:1000');
    expect(parseLrSchedule(parseLrSchedule('cosine')).name).toBe('cosine');
  });
});

describe('learning-rate factors (WASM)', () => {
  it('match the formulas of docs/model.md §4 to rounding, in both builds', async () => {
    const { loadBackend } = await import('../src/wasm/backend.js');
    const { lrFactorValues } = await import('../src/kernels/lrFactors.js');
    const T = 200;
    // Exact in IEEE arithmetic except cos and pow: a relative band of 1e-15 on those (a few ulps).
    const want = (t: number) => Math.min(1, (t + 1) / 50) * 0.5 ** Math.floor(t / 30) * (1 / (1 + t / 1000)) * 0.5 * (1 + Math.cos((Math.PI * t) / T));
    const s = parseLrSchedule('warmup:50+step:0.5@30+inverse:1000+cosine');
    for (const v of ['simd', 'scalar'] as const) {
      const got = lrFactorValues(await loadBackend(v), s, 0, T, T);
      for (let t = 0; t < T; t++) expect(Math.abs(got[t] - want(t))).toBeLessThanOrEqual(1e-15 * Math.max(1e-300, Math.abs(want(t))) + 1e-300);
    }
    expect(Array.from(lrFactorValues(await loadBackend('simd'), parseLrSchedule('constant'), 5, 3, T))).toEqual([1, 1, 1]);
  });
});
