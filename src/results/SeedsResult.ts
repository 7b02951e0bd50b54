// Mean and standard error over seeds of every observable of a Trajectory, per step.
import type { Trajectory } from './Trajectory.js';

export interface MeanSe<T> {
  mean: T;
  /** Standard error of the mean over seeds (sample standard deviation / √seeds); 0 for one seed. */
  se: T;
  /** Present when some entry of mean or se is NaN or ±Infinity (null in JSON): why. */
  reason?: string;
}

export interface SeedsResult {
  config: Record<string, unknown>;
  backend: 'simd' | 'scalar';
  steps: number[];
  /** The seeds that ran, in order (seed, seed+1, …). */
  seeds: number[];
  M: MeanSe<number[][][]>;
  Q: MeanSe<number[][][]>;
  testError: MeanSe<number[]>;
  trainError: MeanSe<number[]>;
  cosine: MeanSe<number[][]>;
  overlap: MeanSe<number[][]>;
  orthogonalOverlap: MeanSe<number[][][]>;
  /** Second layer a_j, [t][j]: present only when it is trained (secondLayerLr > 0, docs/model.md §4). */
  a?: MeanSe<number[][]>;
  /** Seeds whose run diverged, with the step: their trajectories are cut there and the summary uses the steps all seeds reached. */
  diverged: { seed: number; step: number; cause?: string }[];
  /** Per-seed trajectories, when asked for (keepTrajectories). */
  trajectories?: Trajectory[];
}
