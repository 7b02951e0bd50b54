// A learning-rate schedule η_t = η · Π factors(t) (docs/model.md §4) is a plain value: a list
// of factors, each a tagged record. The factors themselves are evaluated in WASM
// (src/kernels/lrFactors.ts), since every float of a trajectory is.

/** One factor of η_t, for the update t → t+1 (t = 0 … T−1) of a run of T steps. */
export type LrFactor =
  /** γ^⌊t/every⌋: step decay. */
  | { readonly kind: 'step'; readonly gamma: number; readonly every: number }
  /** 1/(1 + t/t0): the 1/t decay with time scale t0. */
  | { readonly kind: 'inverse'; readonly t0: number }
  /** ½(1 + cos(π t/T)): cosine decay from η to 0 over the run. */
  | { readonly kind: 'cosine' }
  /** min(1, (t + 1)/w): linear warm-up over the first w steps. */
  | { readonly kind: 'warmup'; readonly steps: number };

export interface LrSchedule {
  /** Canonical text, e.g. 'constant', 'warmup:50+cosine', 'step:0.5@100'. */
  readonly name: string;
  /** Factors multiplied together; empty for the constant schedule. */
  readonly factors: readonly LrFactor[];
}

export const CONSTANT_LR: LrSchedule = { name: 'constant', factors: [] };
