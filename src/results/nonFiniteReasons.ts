// A number field holding NaN or ±Infinity (written as null in JSON) never goes out without a
// reason beside it: which observables of a result are not finite, and why.

type Nested = number | Nested[];

/** The observables that can hold non-finite values, with the reason when nothing more is known. */
export const GENERIC_REASONS = {
  M: 'not finite: the weights overflowed float64',
  Q: 'not finite: the weights overflowed float64',
  testError: 'not finite: the population error overflowed float64 at these overlaps',
  trainError: 'not finite: the network output or the loss overflowed float64 at these weights (the trajectory is diverging)',
  cosine: 'undefined where a neuron has Q_jj = 0, or not finite after an overflow',
  overlap: 'undefined without the step-1 direction u₁ (no step 1, or M¹ = 0; docs/model.md §3)',
  orthogonalOverlap: 'undefined without the step-1 direction u₁ (no step 1, or M¹ = 0; docs/model.md §3)',
} as const;

export type Observable = keyof typeof GENERIC_REASONS;
export type Reasons = Partial<Record<Observable, string>>;

/**
 * For each observable of `fields` that holds a non-finite value: the reason given in `known`,
 * else the generic one. Observables whose values are all finite get no entry.
 */
export function nonFiniteReasons(fields: Partial<Record<Observable, Nested>>, known: Reasons = {}): Reasons {
  const out: Reasons = {};
  for (const key of Object.keys(fields) as Observable[]) {
    if (hasNonFinite(fields[key]!)) out[key] = known[key] ?? GENERIC_REASONS[key];
  }
  return out;
}

/** Whether any number in `x` is NaN or ±Infinity (a test on values WASM computed). */
export function hasNonFinite(x: Nested): boolean {
  return Array.isArray(x) ? x.some(hasNonFinite) : !Number.isFinite(x);
}
