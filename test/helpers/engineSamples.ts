// Seed samples of one engine's observables, for the two-sample comparisons of the reduced
// engine (test/reduced.*.test.ts).
import { resolveSimulateOptions } from '../../src/options/resolveSimulateOptions.js';
import type { SimulateOptions } from '../../src/options/SimulateOptions.js';
import { runEngine } from '../../src/simulation/runEngine.js';
import type { Backend } from '../../src/wasm/backend.js';
import { observableEntries, pushSamples } from './twoSample.js';

/**
 * Every observable of `engine` on seeds 1 … seeds, one list per entry name. Storage f64 so that
 * the comparison is of the processes, not of f32 roundings; no test error, as it is not compared.
 * a enters only where the second layer is trained (the trajectory has it only then).
 */
export function engineSamples(b: Backend, options: SimulateOptions, engine: 'explicit' | 'reduced', seeds: number): Map<string, number[]> {
  const r = resolveSimulateOptions({ ...options, engine, storage: 'f64', testError: false });
  const acc = new Map<string, number[]>();
  for (let seed = 1; seed <= seeds; seed++) {
    const t = runEngine(b, { ...r, seed });
    pushSamples(acc, observableEntries(t.steps, t.M, t.Q, t.trainError, t.a));
  }
  return acc;
}
