// A schedule says which samples each GD step uses (docs/model.md §4). Schedules are plain
// values: a user may pass one of the built-ins or write their own.

/** The data of one step: batch key of the stored set and which of its rows to use. */
export interface StepData {
  /**
   * Generator key of the stored set of samples. The stored set is (re)generated whenever
   * it changes; sample μ of set b is drawn from the counter-based generator keyed (seed, b, μ).
   */
  batch: number;
  /** Rows of the stored set used by this step, or null for all of them in order. */
  rows: Int32Array | null;
}

export interface Schedule {
  /** Canonical name, e.g. 'multi-pass', 'single-pass', 'resample:2', 'epochs:500'. */
  readonly name: string;
  /** How many samples are stored at once for batch size n (and checked against memory). */
  storedRows(n: number): number;
  /** The batch size actually used by one step for batch size n. */
  stepRows(n: number): number;
  /**
   * Data used by the update t → t+1 (t = 0 … T−1). `shuffle(epoch, size)` returns a seeded
   * permutation of 0…size−1 (integer arithmetic only), for schedules that shuffle.
   */
  step(t: number, n: number, shuffle: (epoch: number, size: number) => Int32Array): StepData;
}
