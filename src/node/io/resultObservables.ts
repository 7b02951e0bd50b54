// The per-step observables that the CSV and NPZ writers export, in file order, with the
// name of each trailing index (after t). One table, so both formats agree on names.
import type { MeanSe } from '../../results/SeedsResult.js';

export type NestedNumbers = number | NestedNumbers[];

export interface ObservableSpec {
  /** Field of the result (SeedsResult naming). */
  name: 'M' | 'Q' | 'testError' | 'trainError' | 'cosine' | 'overlap' | 'orthogonalOverlap' | 'a';
  /** Names of the indices after t: neuron j, then r (target direction), l (neuron) or c (complement). */
  indices: string[];
}

export const RESULT_OBSERVABLES: readonly ObservableSpec[] = [
  { name: 'M', indices: ['j', 'r'] },
  { name: 'Q', indices: ['j', 'l'] },
  { name: 'testError', indices: [] },
  { name: 'trainError', indices: [] },
  { name: 'cosine', indices: ['j'] },
  { name: 'overlap', indices: ['j'] },
  { name: 'orthogonalOverlap', indices: ['j', 'c'] },
  // Only in results that train the second layer (docs/model.md §4); absent otherwise.
  { name: 'a', indices: ['j'] },
];

/**
 * What a writer needs: `config` and `steps`, and any of the observables as mean (and, for
 * simulations or Monte Carlo theory, se). A SeedsResult qualifies; so does a theory result
 * that has only some observables or no `se`.
 */
export interface WritableResult {
  config: Record<string, unknown>;
  steps: number[];
  seeds?: number[];
  backend?: string;
  diverged?: { seed: number; step: number }[];
  M?: Partial<MeanSe<NestedNumbers>>;
  Q?: Partial<MeanSe<NestedNumbers>>;
  testError?: Partial<MeanSe<NestedNumbers>>;
  trainError?: Partial<MeanSe<NestedNumbers>>;
  cosine?: Partial<MeanSe<NestedNumbers>>;
  overlap?: Partial<MeanSe<NestedNumbers>>;
  orthogonalOverlap?: Partial<MeanSe<NestedNumbers>>;
  a?: Partial<MeanSe<NestedNumbers>>;
}
