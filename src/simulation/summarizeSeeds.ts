// Mean ± standard error over seeds of every observable, per step, over the
// steps that every seed reached (a diverged seed cuts the summary at its divergence).
import { meanSe } from '../kernels/meanSe.js';
import type { MeanSe, SeedsResult } from '../results/SeedsResult.js';
import type { Trajectory } from '../results/Trajectory.js';
import type { Backend } from '../wasm/backend.js';

type Nested = number | Nested[];

export function summarizeSeeds(
  b: Backend, runs: Trajectory[], seeds: number[], diverged: { seed: number; step: number }[], config: Record<string, unknown>,
): SeedsResult {
  const steps = Math.min(...runs.map((r) => r.steps.length));
  const summary = <T extends Nested>(pick: (r: Trajectory) => T[]): MeanSe<T[]> => {
    const shaped = runs.map((r) => pick(r).slice(0, steps));
    const flat = shaped.map((s) => flatten(s as Nested[]));
    const len = flat[0].length;
    const data = new Float64Array(runs.length * len);
    flat.forEach((f, i) => data.set(f, i * len));
    const { mean, se } = meanSe(b, data, runs.length, len);
    return { mean: reshape(mean, shaped[0]) as T[], se: reshape(se, shaped[0]) as T[] };
  };
  return {
    config,
    backend: b.variant,
    steps: runs[0].steps.slice(0, steps),
    seeds,
    M: summary((r) => r.M),
    Q: summary((r) => r.Q),
    testError: summary((r) => r.testError),
    trainError: summary((r) => r.trainError),
    cosine: summary((r) => r.cosine),
    overlap: summary((r) => r.overlap),
    orthogonalOverlap: summary((r) => r.orthogonalOverlap),
    diverged,
  };
}

function flatten(x: Nested[]): number[] {
  const out: number[] = [];
  const walk = (v: Nested): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(v);
  };
  x.forEach(walk);
  return out;
}

/** Pours flat values back into the nested shape of `like`. */
function reshape(flat: Float64Array, like: Nested[]): Nested[] {
  let i = 0;
  const fill = (x: Nested): Nested => (Array.isArray(x) ? x.map(fill) : flat[i++]);
  return like.map(fill);
}
