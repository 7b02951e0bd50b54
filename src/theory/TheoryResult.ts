import type { MeanSe } from '../results/SeedsResult.js';

/**
 * A theory curve in the fields of a simulation result: `mean` is the theory's
 * value; `se` its Monte-Carlo error where it has one (DMFT), absent for quadrature.
 */
export interface TheoryResult {
  method: 'dmft' | 'single-pass';
  config: Record<string, unknown>;
  backend: 'simd' | 'scalar';
  steps: number[];
  M: Partial<MeanSe<number[][][]>> & { mean: number[][][] };
  Q: Partial<MeanSe<number[][][]>> & { mean: number[][][] };
  testError: Partial<MeanSe<number[]>> & { mean: number[] };
  /** The second layer a[t][j] (as a simulation's Trajectory field `a`), when secondLayerLr > 0; DMFT: with its Monte-Carlo SE. */
  a?: Partial<MeanSe<number[][]>> & { mean: number[][] };
  /** DMFT only: training error of the effective sample. */
  trainError?: Partial<MeanSe<number[]>> & { mean: number[] };
  cosine: { mean: number[][] };
  overlap: Partial<MeanSe<number[][]>> & { mean: number[][] };
  orthogonalOverlap: Partial<MeanSe<number[][][]>> & { mean: number[][][] };
  /** The theory's own step-1 direction u₁ and complement basis. */
  direction: number[] | null;
  orthogonalBasis: number[][] | null;
  /** DMFT: noise covariance C(t,s), memory kernel Γ(t,s), Λ^t = Γ(t,t) (docs/dmft.md), and their SEs. */
  dmft?: { C: number[][][][]; Gamma: number[][][][]; Lambda: number[][][]; se: unknown; samples: number; groups: number };
  /** Single-pass: quadrature method and per-step error estimates (max over entries). */
  quadrature?: { method: string; points: number; error: { M: number[]; Q: number[]; testError: number[]; a?: number[] }; reason?: string };
}
