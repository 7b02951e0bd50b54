// Options of simulate() / simulateSeeds(). Defaults are the conventions of docs/model.md §1–4,
// i.e. the paper's headline experiment (§5), so that numbers compare with published ones.
import type { Schedule } from '../schedules/Schedule.js';
import type { VariantRequest } from '../wasm/backend.js';
import type { TrainingOptions } from './trainingOptions.js';

export type InitOption =
  /** §2 default: rows uniform on the √d-sphere, target subspace projected out, orthonormalised: M⁰ = 0, Q⁰ = I. */
  | 'orthogonal'
  /** Plain Gaussian rows (overlaps O(1/√d)). */
  | 'random'
  /** §2 prescribed overlap: row j = m0_j W* + √(1 − ‖m0_j‖²)·(orthogonal part); each row of norm < 1. */
  | { m0: number[][] };

export type SecondLayerOption =
  /** a_j = +1/√p for even j (0-based), −1/√p for odd j (§1 default). */
  | 'alternating'
  /** a_j = +1/√p. */
  | 'ones'
  /** a_j = 1/p (mean-field scaling). */
  | 'mean'
  /** a_j = ±1/√p, i.i.d. signs drawn from `secondLayerSeed`. */
  | 'rademacher'
  /** a_j ~ N(0, 1/p) i.i.d., drawn from `secondLayerSeed`. */
  | 'gaussian'
  /** Alias of 'rademacher' (resolved to it; the same signs bit for bit). */
  | 'random-signs';

/** Ranges: src/options/optionRanges.ts, shared by every entry point. */
export interface SimulateOptions extends TrainingOptions {
  /** Target f*(z) as an expression in z1…zk, an alias ('paper-1', 'paper-2', 'paper-3') or 'committee(σ, k)' = (σ(z1) + … + σ(zk))/k. Default 'paper-2' = tanh(z1 + He3(z2)). */
  target?: string;
  /** Number of target directions k (1…64). Default: the largest index used in `target`. */
  k?: number;
  /** Student activation σ(u), an expression in u. Default 'relu'. */
  activation?: string;
  /** Input dimension d (integer 2…10⁷). Default 5000. */
  d?: number;
  /** Samples per batch n = round(alpha·d) (0 < alpha ≤ 10⁶). Default 3. Ignored when `n` is given. */
  alpha?: number;
  /** Samples per batch (integer 1…10⁸). Default round(alpha·d). */
  n?: number;
  /** Hidden units p (integer 1…256). Default 2. */
  p?: number;
  /** Learning rate η (0 ≤ η ≤ 10⁶; 0 freezes the weights). Default 0.2. */
  lr?: number;
  /** Number of GD steps T (integer 0…100000; up to 10⁹ with the reduced engine); observables at the recorded steps of 0…T. Default 6. */
  steps?: number;
  /** 'multi-pass' (default), 'single-pass', 'resample:R', 'epochs:B', or a Schedule value. */
  schedule?: Schedule | string;
  /** Weight decay λ (0 ≤ λ ≤ 10⁶, ηλ < 1). Default 0. */
  weightDecay?: number;
  /** Label noise variance Δ (0 ≤ Δ ≤ 10¹²). Default 0. */
  labelNoise?: number;
  /** Initialisation (§2). Default 'orthogonal'. */
  init?: InitOption;
  /** Fixed second layer (§1). Default 'alternating'. */
  secondLayer?: SecondLayerOption;
  /** Seed (integer 0…2³²−1). Default 0. Every random number derives from it (counter-based). */
  seed?: number;
  /** Seed of a random second layer ('rademacher', 'gaussian'; integer 0…2³²−1). Default: the run's `seed` (a stream of its own, so it shares no random number with teacher, student or data). */
  secondLayerSeed?: number;
  /** Storage precision of the data and the arithmetic of the fused step: 'f32' (default) or 'f64'. Explicit engine only: the reduced engine stores no data and keeps its state in float64. */
  storage?: 'f32' | 'f64';
  /** WASM build: 'auto' (SIMD when the engine has it, default), 'simd' or 'scalar'. */
  backend?: VariantRequest;
  /** Compute the population test error at every step (default true). */
  testError?: boolean;
  /**
   * Threads splitting each step of the explicit engine over the rows of the batch (integer
   * 1…64; default every core, for batches of at least 2²⁴ stored numbers). The result has the
   * same bits for any value. Browsers need cross-origin isolation and a Web Worker, else one
   * thread runs (backendInfo() says why). Not part of `config`.
   */
  threads?: number;
  /**
   * 'explicit' (d-dimensional data; every schedule), 'reduced' (the exact low-dimensional
   * process of docs/model.md §8: single-pass and resample:R only, p, k ≤ 16, steps up to 10⁹)
   * or 'auto' (default): reduced for single-pass, and for resample:R when n ≤ min(d, 4096).
   * 'reduced' without a schedule runs single-pass.
   */
  engine?: 'explicit' | 'reduced' | 'auto';
  /**
   * Which steps the result keeps: 'all', 'every:K', 'log:K' (K log-spaced steps, with 0 and T)
   * or an array of steps. Default 'all' up to 10000 steps, 'log:200' beyond.
   */
  record?: 'all' | number[] | string;
}
