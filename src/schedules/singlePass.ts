import type { Schedule } from './Schedule.js';

/** A fresh batch of n samples at every step (docs/model.md §4): batch t at step t. */
export const singlePass: Schedule = {
  name: 'single-pass',
  storedRows: (n) => n,
  stepRows: (n) => n,
  step: (t) => ({ batch: t, rows: null }),
};
