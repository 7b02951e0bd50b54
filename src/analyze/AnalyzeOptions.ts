// Options of analyze() (docs/model.md §7). All optional; validated by
// resolveAnalyzeOptions with typed errors naming the option.
import type { VariantRequest } from '../wasm/backend.js';

export interface AnalyzeOptions {
  /** Number of target directions (default: the largest index used); at most 6. */
  k?: number;
  /** Largest Hermite degree of the single-pass expansion (default 6; up to 10 while k^degree ≤ 2^21). */
  degree?: number;
  /** J: the largest conditional-moment order tried for symmetric directions (default 6, 2…8). */
  maxOrder?: number;
  /** Smallest value that counts as non-zero (default 1e-6); the threshold of each decision is max(tolerance, factor · its error estimate). */
  tolerance?: number;
  /** Seed of the Monte-Carlo sample (default 1). */
  seed?: number;
  /**
   * Points for the conditional moments of the multi-pass levels: 'quadrature' (product
   * half-range Gauss rule, default for k ≤ 3), 'monte-carlo' (seeded normals, default for k ≥ 4).
   */
  method?: 'auto' | 'quadrature' | 'monte-carlo';
  /** Monte-Carlo points (default 2^20). */
  points?: number;
  /** Quadrature nodes per axis of the multi-pass rule (even; default 400, 400, 100 for k = 1, 2, 3). */
  nodes?: number;
  /** Quantile bins of y (default 64). */
  bins?: number;
  /** Student activation of the single-pass prediction `singlePass.student` (default 'relu'; any σ(u) that simulate() accepts). */
  activation?: string;
  /** Sample ratio α = n/d of that prediction (default 3, as simulate()). */
  alpha?: number;
  /** Learning rate η of that prediction (default 0.2). */
  lr?: number;
  /** Steps of the single-pass recursion it iterates (default 6). */
  steps?: number;
  /** WASM build (default 'auto'). */
  backend?: VariantRequest;
}
