import { OptionRangeError } from '../errors.js';
import type { Schedule } from './Schedule.js';

/**
 * Mini-batch epochs (docs/model.md §4): a fixed set of N samples (N = n, the run's batch size,
 * i.e. round(αd)) cut into shuffled mini-batches of `batchSize`, epoch after epoch; one GD
 * step per mini-batch. A last partial mini-batch of an epoch is dropped (drop_last), so
 * every step uses exactly batchSize samples.
 */
export function epochs(batchSize: number): Schedule {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1e9) {
    throw new OptionRangeError('schedule', "'epochs:B' with B an integer from 1 to 1000000000", batchSize);
  }
  return {
    name: `epochs:${batchSize}`,
    storedRows: (n) => n,
    stepRows: (n) => Math.min(batchSize, n),
    step: (t, n, shuffle) => {
      const b = Math.min(batchSize, n);
      const perEpoch = Math.floor(n / b);
      const epoch = Math.floor(t / perEpoch);
      const slot = t % perEpoch;
      const perm = shuffle(epoch, n);
      return { batch: 0, rows: perm.subarray(slot * b, slot * b + b) };
    },
  };
}
