// Mean ± standard error over seeds of every observable, per step, over the
// steps that every seed reached (a diverged seed cuts the summary at its divergence).
import { meanSe } from '../kernels/meanSe.js';
import type { MeanSe, SeedsResult } from '../results/SeedsResult.js';
import { nonFiniteReasons, type Observable } from '../results/nonFiniteReasons.js';
import type { Trajectory } from '../results/Trajectory.js';
import type { Backend } from '../wasm/backend.js';

type Nested = number | Nested[];

export function summarizeSeeds(
  b: Backend, runs: Trajectory[], seeds: number[], diverged: { seed: number; step: number }[], config: Record<string, unknown>,
): SeedsResult {
  const steps = Math.min(...runs.map((r) => r.steps.length));
  const summary = <T extends Nested>(key: Observable | 'a', pick: (r: Trajectory) => T[]): MeanSe<T[]> => {
    const shaped = runs.map((r) => pick(r).slice(0, steps));
    const flat = shaped.map((s) => flatten(s as Nested[]));
    const len = flat[0].length;
    const data = new Float64Array(runs.length * len);
    flat.forEach((f, i) => data.set(f, i * len));
    const { mean, se } = meanSe(b, data, runs.length, len);
    const out: MeanSe<T[]> = { mean: reshape(mean, shaped[0]) as T[], se: reshape(se, shaped[0]) as T[] };
    // A trained second layer is recorded only after finite updates: finite, no reason to give.
    if (key === 'a') return out;
    // A seed's own reason (an infinite moment, non-finite labels) explains the summary too.
    const known = runs.map((r) => r.reasons?.[key]).find((x) => x !== undefined);
    const reason = nonFiniteReasons({ [key]: [out.mean, out.se] as Nested[] }, known === undefined ? {} : { [key]: known })[key];
    return reason === undefined ? out : { ...out, reason };
  };
  return {
    config,
    backend: b.variant,
    steps: runs[0].steps.slice(0, steps),
    seeds,
    M: summary('M', (r) => r.M),
    Q: summary('Q', (r) => r.Q),
    testError: summary('testError', (r) => r.testError),
    trainError: summary('trainError', (r) => r.trainError),
    cosine: summary('cosine', (r) => r.cosine),
    overlap: summary('overlap', (r) => r.overlap),
    orthogonalOverlap: summary('orthogonalOverlap', (r) => r.orthogonalOverlap),
    ...(runs[0].a ? { a: summary('a', (r) => r.a ?? []) } : {}),
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
