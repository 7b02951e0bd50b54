import type { SimulateOptions } from '../options/SimulateOptions.js';

export interface TheoryOptions extends SimulateOptions {
  /** 'dmft' (multi-pass, docs/model.md §6; default) or 'single-pass' (the deterministic recursion on (M, Q)). */
  method?: 'dmft' | 'single-pass';
  /** DMFT Monte-Carlo samples S (integer 1000…100000000). Default 10⁶. */
  samples?: number;
  /** DMFT worker threads (Node entry only; the browser entry runs one). Default 1. */
  threads?: number;
}
