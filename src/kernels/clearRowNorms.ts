import type { Backend, BufferId } from '../wasm/backend.js';

/**
 * Marks the n entries of a norms buffer of the step (StepConfig.norms) as not yet computed
 * (NaN), after the rows were drawn: a marker written, not a value of the trajectory.
 */
export function clearRowNorms(b: Backend, norms: BufferId, n: number): void {
  b.f64(norms, n).fill(NaN);
}
