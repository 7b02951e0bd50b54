// One spare instance per variant for runs that want a whole instance of their own (dmft(),
// dmftThreads' main thread): the next such run reuses it, which saves instantiating and
// first-touching fresh linear memory (≈ 50 ms of ≈ 0.4 s for the DMFT at S = 10⁶, bench/dmft.ts).
// Only a small instance is kept, because linear memory never shrinks and a large run's
// histories take gigabytes (docs/model.md §6).
import { createBackend, resolveVariant, type Backend, type Variant, type VariantRequest } from './backend.js';

/** Largest linear memory kept for reuse (the DMFT at S = 10⁶ takes ≈ 125 MiB). */
export const SPARE_BACKEND_BYTES = 256 * 2 ** 20;

const spare = new Map<Variant, Backend>();

/** The spare instance of the variant if there is one (it is then no longer spare), else a fresh one. */
export async function takeSpareBackend(request: VariantRequest = 'auto'): Promise<Backend> {
  const variant = resolveVariant(request);
  const b = spare.get(variant);
  if (b) {
    spare.delete(variant);
    return b;
  }
  return createBackend(variant);
}

/** Hands an instance back after a run: all its buffers are freed; kept if small and none is spare. */
export function returnSpareBackend(b: Backend): void {
  b.freeAll();
  if (b.memoryBytes <= SPARE_BACKEND_BYTES && !spare.has(b.variant)) spare.set(b.variant, b);
}

/** Runs `body` on `given`, or else on the spare instance (handed back afterwards, even on error). */
export async function withSpareBackend<T>(request: VariantRequest, given: Backend | undefined, body: (b: Backend) => Promise<T>): Promise<T> {
  const b = given ?? (await takeSpareBackend(request));
  try {
    return await body(b);
  } finally {
    if (!given) returnSpareBackend(b);
  }
}
