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
