import type { SimulateOptions } from '../options/SimulateOptions.js';

/**
 * The simulate options the theory uses plus its own. d, n, schedule, storage and testError
 * describe a finite simulation and are refused (UnusedOptionError), as are samples and threads
 * with method 'single-pass'.
 */
export interface TheoryOptions extends SimulateOptions {
  /** 'dmft' (multi-pass, docs/model.md §6; default) or 'single-pass' (the deterministic recursion on (M, Q)). */
  method?: 'dmft' | 'single-pass';
  /** DMFT Monte-Carlo samples S (integer 1000…10⁸, src/options/optionRanges.ts). Default 10⁶. */
  samples?: number;
  /** DMFT worker threads (integer 1…64; Node entry only, the browser entry runs one). Default 1. */
  threads?: number;
  /** Called after each step t = 0…steps with (t + 1, steps + 1). */
  onProgress?: (done: number, total: number) => void;
}
