import type { Schedule } from './Schedule.js';

/** Full-batch GD on one batch of n samples reused at every step (docs/model.md §4). */
export const multiPass: Schedule = {
  name: 'multi-pass',
  storedRows: (n) => n,
  stepRows: (n) => n,
  step: () => ({ batch: 0, rows: null }),
};
