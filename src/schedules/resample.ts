import { OptionRangeError } from '../errors.js';
import type { Schedule } from './Schedule.js';

/**
 * A fresh batch every `every` steps (docs/model.md §4): r = 1 is single-pass, r = 2 the
 * data-repetition SGD of "Repetita iuvant" (each batch used twice), r ≥ T multi-pass.
 */
export function resample(every: number): Schedule {
  if (!Number.isInteger(every) || every < 1 || every > 1e9) {
    throw new OptionRangeError('schedule', "'resample:R' with R an integer from 1 to 1000000000", every);
  }
  return {
    name: `resample:${every}`,
    storedRows: (n) => n,
    stepRows: (n) => n,
    step: (t) => ({ batch: Math.floor(t / every), rows: null }),
  };
}
